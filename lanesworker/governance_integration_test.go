package lanesworker_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// A low-scored request is recorded and closed as self-service on a real server,
// and ops find it by its tier; nobody is booked for it.
func TestIntegrationSelfServiceClosesAtOnce(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sub, err := ls.intake.Submit(ctx, workflows.TaskRequest{
		RequestID: "it-self-service", TaskType: "creative-stakeholder-review", Title: "Resize one banner", Requester: "pat",
		BusinessUnit: "consumer", RICE: &catalog.RICE{Reach: 20, Impact: 0.5, Confidence: 50, Effort: 1},
	})
	require.NoError(t, err)
	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	st := res.Status
	require.Equal(t, workflows.OutcomeSelfService, st.Outcome)
	require.Equal(t, catalog.TierSelfService, st.Request.Triage.Tier)
	require.Nil(t, st.Staffing, "no one booked")
	require.Empty(t, st.Assignee)

	require.Eventually(t, func() bool {
		resp, err := ls.client.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{
			Namespace: ls.ns, Query: "LanesServiceTier = 'self-service' AND LanesBusinessUnit = 'consumer'",
		})
		return err == nil && resp.GetCount() == 1
	}, 30*time.Second, 200*time.Millisecond, "visible by tier and business unit")
	attrs := searchAttributes(ctx, t, ls.client, sub.TaskID)
	require.Equal(t, 5.0, attrs["LanesScore"]) // 20 × 0.5 × 50% ÷ 1
	recordHistory(ctx, t, ls.client, sub.TaskID, "self-service")
}

// A critical task names its approver: the assignee's completion waits, a manager
// who is not the approver is refused, the approver's sign-off lets it complete.
func TestIntegrationCriticalTaskWaitsForItsApprover(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sub, err := ls.intake.Submit(ctx, workflows.TaskRequest{
		RequestID: "it-approval", TaskType: "live-campaign-outage", Title: "Checkout page down", Requester: "pat", CampaignID: "cmp-7",
		DACI: &workflows.Governance{Approver: "vic", Informed: []string{"cmo"}},
	})
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(stageIs(workflows.StageAssigned)))
	require.NoError(t, err)
	person := st.Staffing.Person
	send := func(name string, signal any) workflows.SignalRecord {
		t.Helper()
		var rec workflows.SignalRecord
		var err error
		switch s := signal.(type) {
		case workflows.AcknowledgeSignal:
			rec, err = intake.Send(ctx, ls.intake, sub.TaskID, name, s)
		case workflows.CompleteSignal:
			rec, err = intake.Send(ctx, ls.intake, sub.TaskID, name, s)
		case workflows.ApproveSignal:
			rec, err = intake.Send(ctx, ls.intake, sub.TaskID, name, s)
		}
		require.NoError(t, err)
		return rec
	}
	require.True(t, send(workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}}).Accepted)
	rec := send(workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}, Outcome: workflows.OutcomeResolved, Note: "checkout back"})
	require.True(t, rec.Accepted, rec.Reason)
	require.Equal(t, "resolved: checkout back (held for approval: criticality 5 needs approval (from 4))", rec.Detail)
	st, err = ls.intake.Status(ctx, sub.TaskID)
	require.NoError(t, err)
	require.Equal(t, workflows.StageAcknowledged, st.Stage, "open until approved")
	require.Equal(t, person, st.HeldCompletion.By)
	rec = send(workflows.SignalApprove, workflows.ApproveSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "maya"}})
	require.False(t, rec.Accepted)
	require.Contains(t, rec.Reason, "vic is the task's approver")
	require.True(t, send(workflows.SignalApprove, workflows.ApproveSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "vic"}}).Accepted)

	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	require.Equal(t, "vic", res.Status.ApprovedBy)
	require.Equal(t, workflows.OutcomeResolved, res.Status.Outcome)
	require.Equal(t, person, res.Status.CompletedBy)
	require.Equal(t, "checkout back", res.Status.Note)
	require.True(t, res.Status.Staffing.Released, "the approval gave the person's hours back")
}
