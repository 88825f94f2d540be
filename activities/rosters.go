package activities

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

// Rosters answers a roster's questions about its tasks through the Temporal client.
type Rosters struct {
	// Temporal is the client the worker dialed.
	Temporal client.Client
}

// OpenTasks lists the tasks a roster holds capacity for.
type OpenTasks struct {
	TaskIDs []string `json:"taskIds"`
}

// ClosedTasks lists those of them whose workflows have closed.
type ClosedTasks struct {
	Tasks []ClosedTask `json:"tasks"`
}

// ClosedTask is one closed task and how it closed, such as "TimedOut" or "Terminated".
type ClosedTask struct {
	TaskID string `json:"taskId"`
	Status string `json:"status"`
}

// FindClosedTasks tells which tasks closed without giving back their capacity, such
// as a task that timed out or was terminated. It only reads, so retries are safe.
func (r *Rosters) FindClosedTasks(ctx context.Context, in OpenTasks) (ClosedTasks, error) {
	var out ClosedTasks
	for _, id := range in.TaskIDs {
		desc, err := r.Temporal.DescribeWorkflowExecution(ctx, id, "")
		var notFound *serviceerror.NotFound
		switch {
		case errors.As(err, &notFound):
			out.Tasks = append(out.Tasks, ClosedTask{TaskID: id, Status: "NotFound"})
			continue
		case err != nil:
			return out, fmt.Errorf("describe %s: %w", id, err)
		}
		if status := desc.GetWorkflowExecutionInfo().GetStatus(); status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			out.Tasks = append(out.Tasks, ClosedTask{TaskID: id, Status: status.String()})
		}
	}
	return out, nil
}

// TaskQuery is a visibility query for tasks, such as the open tasks of one team.
type TaskQuery struct {
	Query string `json:"query"`
}

// ListOpenTasks lists the IDs of the tasks a visibility query finds. A roster started
// again asks them for the places they hold; it only reads, so retries are safe.
func (r *Rosters) ListOpenTasks(ctx context.Context, in TaskQuery) (OpenTasks, error) {
	var out OpenTasks
	var token []byte
	for {
		resp, err := r.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: in.Query, NextPageToken: token})
		if err != nil {
			return out, fmt.Errorf("list tasks: %w", err)
		}
		for _, e := range resp.GetExecutions() {
			out.TaskIDs = append(out.TaskIDs, e.GetExecution().GetWorkflowId())
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return out, nil
		}
	}
}
