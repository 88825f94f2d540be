package lanesworker_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// sendAs sends a person's signal to a task and requires that it was accepted.
func sendAs[T workflows.HumanSignal](ctx context.Context, t *testing.T, in *intake.Client, taskID, name string, signal T) {
	t.Helper()
	rec, err := intake.Send(ctx, in, taskID, name, signal)
	require.NoError(t, err)
	require.True(t, rec.Accepted, "%s: %s", name, rec.Reason)
}

// received drains the notices a task got so far, as "kind→recipient".
func received(notices <-chan activities.Notification) []string {
	var out []string
	for {
		select {
		case n := <-notices:
			out = append(out, n.Kind+"→"+n.Recipient)
		default:
			return out
		}
	}
}

// A failed data sync on the default marketing-ops roster, with a 15s resolution SLA:
// the exception goes to devon, the only senior with development, who is asked at
// escalation level 1 once booked. He takes it but lets the SLA run out, so the reroute
// asks the roster for someone else with the skill, of any seniority: omar, a specialist,
// who closes it. The fallback's record and the task's state say the same.
func TestIntegrationRerouteOnARosteredTeam(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := bench.WithTimings(def, "routine-data-sync", "1m", "15s", time.Minute)
	require.NoError(t, err)
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "CRM refused the sync", http.StatusUnprocessableEntity)
	}))
	t.Cleanup(refusing.Close)
	ls := startLanesWith(t, cat, func(cfg *lanesworker.Config) { cfg.RPA.WebhookURL = refusing.URL })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	req := workflows.TaskRequest{RequestID: "it-reroute", TaskType: "routine-data-sync", Title: "Sync the CRM segments", Requester: "maya"}
	taskID := workflows.TaskWorkflowID(req.RequestID)
	notices := ls.board.Follow(taskID)
	sub, err := ls.intake.Submit(ctx, req)
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, taskID, booked(func(st workflows.TaskStatus) bool { return st.HumanStep == workflows.StepException }))
	require.NoError(t, err)
	require.Equal(t, "devon", st.Assignee, "the only senior with development takes the exception")
	// Level 1 asks devon once the escalation hears of the booking; an acknowledgement
	// landing in the same workflow task would end the climb before it asks him.
	_, err = ls.intake.WaitFor(ctx, taskID, func(st workflows.TaskStatus) bool { return slices.Contains(st.EscalatedTo, "devon") })
	require.NoError(t, err)
	sendAs(ctx, t, ls.intake, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "devon"}})

	st, err = ls.intake.WaitFor(ctx, taskID, func(st workflows.TaskStatus) bool {
		return st.Fallback != nil && st.Fallback.To != "" && st.Assignee == st.Fallback.To
	})
	require.NoError(t, err)
	require.Equal(t, catalog.FallbackReroute, st.Fallback.Action)
	require.Equal(t, "devon", st.Fallback.From)
	require.Equal(t, "omar", st.Fallback.To, "someone else with development, of any seniority")
	require.True(t, strings.HasPrefix(st.Fallback.Detail, "rerouted from devon to omar: "), st.Fallback.Detail)
	require.Equal(t, "omar", st.Staffing.Person)
	require.Equal(t, 1, st.Handoffs)
	require.Equal(t, workflows.SLABreached, st.SLAState)
	rs := mustQueryRoster(ctx, t, ls.client)
	for _, p := range rs.People {
		for _, b := range p.OpenTasks {
			require.False(t, b.TaskID == taskID && p.ID != "omar", "the roster books the task to omar only, not %s", p.ID)
		}
	}

	sendAs(ctx, t, ls.intake, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "omar"}})
	sendAs(ctx, t, ls.intake, taskID, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "omar"}, Outcome: workflows.OutcomeResolved, Note: "synced by hand"})
	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	final := res.Status
	require.Equal(t, "omar", final.CompletedBy)
	require.Equal(t, workflows.SLAMissed, final.SLAState)
	require.True(t, final.Staffing.Released)
	require.Len(t, final.Escalations, 1)
	require.Equal(t, workflows.EndTaken, final.Escalations[0].Ended)
	require.Equal(t, "devon", final.Escalations[0].EndedBy)
	require.Contains(t, final.Escalations[0].Asked, "devon", "level 1 asked devon once the roster booked him")
	got := received(notices)
	require.Contains(t, got, "escalation→devon")
	require.Contains(t, got, "unassigned→devon")
	require.Contains(t, got, "assigned→omar")
	recordHistory(ctx, t, ls.client, taskID, "reroute-roster")
}

// A creative review with a 4s resolution SLA on the default roster: lena takes it and
// lets it run out, so the defer fallback gives it a new resolution clock to a new due
// date, which LanesResolveBy follows. When that passes too, the task escalates; lena
// then closes it, and it counts as missed.
func TestIntegrationDeferMovesTheDeadline(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := bench.WithTimings(def, bench.ReviewType, "1m", "4s", time.Minute)
	require.NoError(t, err)
	ls := startLanesWith(t, cat, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	req := workflows.TaskRequest{RequestID: "it-defer", TaskType: bench.ReviewType, Title: "Approve the holiday banner", Requester: "maya"}
	taskID := workflows.TaskWorkflowID(req.RequestID)
	notices := ls.board.Follow(taskID)
	sub, err := ls.intake.Submit(ctx, req)
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, taskID, booked(stageIs(workflows.StageAssigned)))
	require.NoError(t, err)
	holder := st.Assignee
	sendAs(ctx, t, ls.intake, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}})

	st, err = ls.intake.WaitFor(ctx, taskID, func(st workflows.TaskStatus) bool { return st.Fallback != nil && st.Fallback.NewDueDate != nil })
	require.NoError(t, err)
	due := *st.Fallback.NewDueDate
	require.True(t, st.Resolution.Deadline.Equal(due), "the resolution clock runs to the new due date")
	require.Nil(t, st.Resolution.BreachedAt)
	require.True(t, st.Fallback.MissedDeadline.Before(due))
	require.Equal(t, workflows.SLABreached, st.SLAState)
	require.Eventually(t, func() bool {
		at, ok := searchAttributes(ctx, t, ls.client, taskID)["LanesResolveBy"].(string)
		resolveBy, err := time.Parse(time.RFC3339Nano, at)
		return ok && err == nil && resolveBy.Equal(due)
	}, 30*time.Second, 200*time.Millisecond, "LanesResolveBy follows the new due date")

	st, err = ls.intake.WaitFor(ctx, taskID, func(st workflows.TaskStatus) bool { return st.Escalating != "" && st.Resolution.BreachedAt != nil })
	require.NoError(t, err)
	require.Equal(t, "deferred due date missed", st.EscalationReason)
	require.False(t, st.Resolution.BreachedAt.Before(due), "breached at the new due date, not before")

	sendAs(ctx, t, ls.intake, taskID, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}, Outcome: workflows.OutcomeResolved, Hours: 0.5})
	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	require.Equal(t, workflows.SLAMissed, res.Status.SLAState)
	require.Len(t, res.Status.Escalations, 1)
	require.Equal(t, workflows.EndCompleted, res.Status.Escalations[0].Ended)
	got := received(notices)
	require.Contains(t, got, "deferred→maya")
	require.Contains(t, got, "sla-breach→"+holder)
	recordHistory(ctx, t, ls.client, taskID, "defer")
}
