package workflows

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
)

// A task cancelled in Temporal ends as cancelled, publishes that, and breaches nothing afterwards.
func TestCancelledTaskEndsCancelled(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Hour, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}})
	te.env.RegisterDelayedCallback(te.env.CancelWorkflow, 2*time.Hour)
	te.env.ExecuteWorkflow(CampaignTaskWorkflow, reviewRequest)
	require.True(t, te.env.IsWorkflowCompleted())
	var canceled *temporal.CanceledError
	require.True(t, errors.As(te.env.GetWorkflowError(), &canceled), "want a cancelled workflow, got %v", te.env.GetWorkflowError())
	require.Equal(t, "completed", te.keyword(AttrStage))
	require.Equal(t, []string{"assigned→role:reviewer"}, te.sent(), "no breach notice after the cancel")
}
