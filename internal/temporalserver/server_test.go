package temporalserver_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/internal/temporalserver"
)

// A server in memory serves its namespace.
func TestStartServesTheNamespace(t *testing.T) {
	srv := temporalserver.Start(t)
	ns, err := srv.Client().WorkflowService().DescribeNamespace(context.Background(),
		&workflowservice.DescribeNamespaceRequest{Namespace: srv.Namespace()})
	require.NoError(t, err)
	require.Equal(t, srv.Namespace(), ns.GetNamespaceInfo().GetName())
}

// A server on a file keeps its workflows across a stop and a start, on the same
// address, and a client dialled before the stop works after the start.
func TestStartOnFileKeepsWorkflowsAcrossRestart(t *testing.T) {
	srv := temporalserver.StartOnFile(t, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := srv.Client()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "kept", TaskQueue: "nobody-polls"}, "NoSuchWorkflow")
	require.NoError(t, err)

	srv.Stop()
	srv.Start()
	desc, err := c.DescribeWorkflowExecution(ctx, "kept", run.GetRunID())
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.GetWorkflowExecutionInfo().GetStatus())
}
