package lanesworker_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/workflows"
)

// A door's action reaches the task as a Workflow Update: accepted, it is answered
// with its record, and the task's history shows the update accepted and completed;
// sent again with the same signal ID, it is answered with the first one's record
// without a trace in the history or the status. No action shows as a signal.
func TestIntegrationDoorActionsAreUpdates(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sub, err := ls.intake.Submit(ctx, workflows.TaskRequest{RequestID: "it-updates", TaskType: "creative-stakeholder-review", Title: "Review the hero"})
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(func(workflows.TaskStatus) bool { return true }))
	require.NoError(t, err)
	holder := st.Assignee

	ack := workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}}
	rec, err := intake.Send(ctx, ls.intake, sub.TaskID, workflows.SignalAcknowledge, ack)
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	require.Equal(t, ack.SignalID, rec.SignalID)

	before := settledHistory(ctx, t, ls.client, sub.TaskID)
	again, err := intake.Send(ctx, ls.intake, sub.TaskID, workflows.SignalAcknowledge, ack)
	require.NoError(t, err)
	require.Equal(t, rec, again, "a resend is answered with the first one's record")
	after := history(ctx, t, ls.client, sub.TaskID)
	require.Len(t, after, len(before), "the resend added no event")

	counts := map[enumspb.EventType]int{}
	for _, e := range after {
		counts[e.GetEventType()]++
		if name := e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName(); name != "" {
			require.Equal(t, workflows.SignalRosterNotice, name, "only the roster signals the task")
		}
	}
	require.Equal(t, 1, counts[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED])
	require.Equal(t, 1, counts[enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED])
	st, err = ls.intake.Status(ctx, sub.TaskID)
	require.NoError(t, err)
	require.Equal(t, holder, st.AcknowledgedBy)
	require.Zero(t, st.RejectedSignals, "the validator's refusal is answered, not logged")
}

// A task on a worker from before the updates registers no update handler: its worker
// rejects the door's update as unknown, which writes nothing, and the door sends the
// signal, whose answer it reads from the task's status.
func TestIntegrationDoorSignalsATaskWithoutUpdates(t *testing.T) {
	ts := temporalserver.Start(t)
	c := ts.Client()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const queue = "it-before-updates"
	w := ts.NewWorker(queue, func(r worker.Registry) {
		r.RegisterWorkflowWithOptions(signalOnlyTask, workflow.RegisterOptions{Name: "CampaignTaskWorkflow"})
	})
	t.Cleanup(w.Stop)
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.TaskWorkflowID("it-old"), TaskQueue: queue}, "CampaignTaskWorkflow")
	require.NoError(t, err)

	ack := workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "alice"}}
	rec, err := intake.Send(ctx, &intake.Client{Temporal: c}, run.GetID(), workflows.SignalAcknowledge, ack)
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	require.Equal(t, ack.SignalID, rec.SignalID)

	var signaled, updates int
	for _, e := range history(ctx, t, c, run.GetID()) {
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			signaled++
			require.Equal(t, workflows.SignalAcknowledge, e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName())
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED:
			updates++
		}
	}
	require.Equal(t, 1, signaled)
	require.Zero(t, updates, "the rejected update left no event")
}

// signalOnlyTask takes acknowledge as the task did before the updates: as a signal
// only, answered in its status's signal log.
func signalOnlyTask(ctx workflow.Context) error {
	var st workflows.TaskStatus
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.TaskStatus, error) { return st, nil }); err != nil {
		return err
	}
	ch := workflow.GetSignalChannel(ctx, workflows.SignalAcknowledge)
	for {
		var ack workflows.AcknowledgeSignal
		ch.Receive(ctx, &ack)
		st.Signals = append(st.Signals, workflows.SignalRecord{
			Name: workflows.SignalAcknowledge, SignalID: ack.SignalID, Actor: ack.Actor, At: workflow.Now(ctx), Accepted: true,
		})
	}
}

// history reads a workflow's events.
func history(ctx context.Context, t *testing.T, c client.Client, id string) []*historypb.HistoryEvent {
	t.Helper()
	var events []*historypb.HistoryEvent
	for it := c.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT); it.HasNext(); {
		e, err := it.Next()
		require.NoError(t, err)
		events = append(events, e)
	}
	return events
}

// settledHistory reads a workflow's events once the work an action started (notices,
// search attributes) has stopped adding to them.
func settledHistory(ctx context.Context, t *testing.T, c client.Client, id string) []*historypb.HistoryEvent {
	t.Helper()
	events := history(ctx, t, c, id)
	for {
		select {
		case <-ctx.Done():
			t.Fatalf("the history of %s kept growing: %v", id, ctx.Err())
		case <-time.After(500 * time.Millisecond):
		}
		again := history(ctx, t, c, id)
		if len(again) == len(events) {
			return again
		}
		events = again
	}
}
