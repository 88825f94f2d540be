package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// A request intake sent to self-service closes at once: no clocks, no queue, no one told but the requester.
func TestSelfServiceStartsNoHumanWork(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
	req := reviewRequest
	req.Triage = &catalog.Triage{Method: "rice", Score: 1.25, Tier: catalog.TierSelfService,
		Reason: "RICE 1.25; use the template library", SelfService: "the template library"}

	st := te.run(req)

	assert.Equal(t, StageCompleted, st.Stage)
	assert.Equal(t, OutcomeSelfService, st.Outcome)
	assert.Equal(t, "intake", st.CompletedBy)
	assert.Equal(t, "RICE 1.25; use the template library", st.Note)
	assert.Empty(t, st.Assignee, "no one was asked")
	assert.Empty(t, st.HumanStep)
	assert.Equal(t, time.Duration(0), te.since(st.CompletedAt))
	assert.Equal(t, SLAMet, st.SLAState)
	assert.Equal(t, []string{"completed→pat"}, te.sent())
	assert.Empty(t, st.Escalations)
}

// Full and standard tiers are worked as before; the tier is recorded on the request.
func TestStandardTierIsWorked(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.finishBy("alice", time.Minute, "template sent")
	req := reviewRequest
	req.Triage = &catalog.Triage{Method: "criticality", Tier: catalog.TierStandard, Reason: "unscored"}
	st := te.run(req)
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, catalog.TierStandard, st.Request.Triage.Tier)
	assert.False(t, st.NeedsApproval, "criticality 3 needs no approval")
}

// Criticality 4 or more holds completion for the DACI approver, and only for them:
// the assignee's completion waits, and the approver's sign-off closes the task with it.
func TestCriticalWorkNeedsTheNamedApprover(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved, Note: "traffic restored"})
	te.signalAt(3*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.signalAt(4*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "dana"}})
	te.signalAt(5*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "vic"}, Note: "restore confirmed"})
	waiting := te.statusAt(90 * time.Second)
	held := te.statusAt(150 * time.Second)
	req := outageRequest
	req.DACI = &Governance{Driver: "pat", Approver: "vic", Consultants: []string{"legal-1"}, Informed: []string{"cmo", "pat", "sales-lead"}}

	st := te.run(req)

	assert.True(t, waiting.NeedsApproval)
	assert.Equal(t, "criticality 5 needs approval (from 4)", waiting.ApprovalReason)
	assert.Equal(t, StageAcknowledged, held.Stage, "done, but open until approved")
	assert.Equal(t, &HeldCompletion{By: "oncall-1", Outcome: OutcomeResolved, Note: "traffic restored", At: tuesday10NY.Add(2 * time.Minute)}, held.HeldCompletion)
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "oncall-1", accepted: true},
		{name: SignalComplete, actor: "oncall-1", accepted: true},
		{name: SignalApprove, actor: "oncall-1", reason: "holds the task and cannot approve it"},
		{name: SignalApprove, actor: "dana", reason: "actor: vic is the task's approver (daci.approver); only they may approve"},
		{name: SignalApprove, actor: "vic", accepted: true},
	}, st.Signals)
	assert.Equal(t, "resolved: traffic restored (held for approval: criticality 5 needs approval (from 4))", st.Signals[1].Detail)
	assert.Equal(t, "vic", st.ApprovedBy)
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, "oncall-1", st.CompletedBy)
	assert.Equal(t, "traffic restored", st.Note)
	assert.Equal(t, 5*time.Minute, te.since(st.CompletedAt), "closed by the approval")
	assert.Nil(t, st.HeldCompletion)
	assert.Equal(t, 1, te.countSent("approval-needed"), "vic was asked")
	// The requester (also the driver and informed) hears once; the other informed hear too.
	completed := []string{}
	for _, s := range te.sent() {
		if strings.HasPrefix(s, "completed→") {
			completed = append(completed, s)
		}
	}
	assert.Equal(t, []string{"completed→pat", "completed→cmo", "completed→sales-lead"}, completed)
}

// A severity raise to criticality 4 brings the approval requirement with it.
func TestRaiseToCriticalNeedsApproval(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
	te.signalAt(2*time.Minute, SignalRaiseSeverity, RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: "pat"}, Scores: catalog.Scores{Latency: 3, Criticality: 4, Automation: 1}, Reason: "CEO keynote"})
	te.env.RegisterDelayedCallback(func() {
		require.NoError(t, te.env.SignalWorkflowByID(EscalationWorkflowID(testWorkflowID, 1), SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "alice"}}))
	}, 3*time.Minute)
	te.signalAt(4*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: OutcomeResolved})
	te.signalAt(5*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "brand-director-1"}})

	st := te.run(reviewRequest)

	assert.Equal(t, "criticality 4 needs approval (from 4)", st.ApprovalReason)
	assert.Equal(t, "brand-director-1", st.ApprovedBy)
	assert.Contains(t, st.Signals[2].Detail, "held for approval")
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, 5*time.Minute, te.since(st.CompletedAt))
}

// On a rostered team with no approver named, the team's managers approve, and a
// manager may act for the assignee.
func TestManagersApproveAndActForTheAssignee(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Minute, SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: "omar"}, Reason: "which banner?"})
	se.signalAt(3*time.Minute, SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: "maya"}, Reason: "which banner?"})
	se.signalAt(4*time.Minute, SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "pat"}})
	se.signalAt(5*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "omar"}})
	se.signalAt(6*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	se.signalAt(7*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved, Hours: 1})
	req := reviewRequest
	req.Scores = &catalog.Scores{Latency: 3, Criticality: 4, Automation: 1}

	st := se.run(req)

	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "lena", accepted: true},
		{name: SignalWaitOnRequester, actor: "omar", reason: "actor: only the assignee, lena, or their manager may wait on the requester"},
		{name: SignalWaitOnRequester, actor: "maya", accepted: true},
		{name: SignalResume, actor: "pat", accepted: true},
		{name: SignalApprove, actor: "omar", reason: "the request names no approver, so a marketing-ops manager (maya, devon) approves"},
		{name: SignalApprove, actor: "maya", accepted: true},
		{name: SignalComplete, actor: "lena", accepted: true},
	}, st.Signals)
	assert.Equal(t, "maya", st.ApprovedBy)
}

// The named approver checks the work and never does it: they may not take the task,
// nor be given it.
func TestTheApproverNeverDoesTheWork(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "vic"}})
	te.signalAt(2*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.signalAt(3*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "vic"}})
	te.signalAt(4*time.Minute, SignalReassign, ReassignSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, To: "vic"})
	te.signalAt(5*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved})
	req := outageRequest
	req.CampaignID = "cmp-9"
	req.DACI = &Governance{Approver: "vic"}

	st := te.run(req)

	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "vic", reason: "actor: vic is the task's approver (daci.approver), who checks the work and so cannot do it"},
		{name: SignalAcknowledge, actor: "oncall-1", accepted: true},
		{name: SignalApprove, actor: "vic", accepted: true},
		{name: SignalReassign, actor: "oncall-1", reason: "to: vic is the task's approver (daci.approver)"},
		{name: SignalComplete, actor: "oncall-1", accepted: true},
	}, st.Signals)
	assert.Equal(t, "vic", st.ApprovedBy)
	assert.Equal(t, "oncall-1", st.CompletedBy)
}

// The roster never books the named approver for the work they are to check.
func TestTheRosterDoesNotBookTheApprover(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved, Hours: 1})
	se.signalAt(3*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "omar"}})
	req := reviewRequest
	req.Scores = &catalog.Scores{Latency: 3, Criticality: 4, Automation: 1}
	req.DACI = &Governance{Approver: "omar"}

	st := se.run(req)

	require.NotEmpty(t, se.asks)
	assert.Equal(t, []string{"omar"}, se.asks[0].Exclude)
	assert.Equal(t, "lena", st.CompletedBy)
}

// A compliance flag raised after the sign-off needs a fresh one: the approver had not seen it.
func TestComplianceAfterApprovalNeedsAFreshSignOff(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.signalAt(2*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "vic"}})
	te.signalAt(3*time.Minute, SignalFlagCompliance, FlagComplianceSignal{ActionHeader: ActionHeader{Actor: "legal-1"}, Reason: "unlicensed image"})
	te.signalAt(4*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved})
	te.env.RegisterDelayedCallback(func() {
		require.NoError(t, te.env.SignalWorkflowByID(EscalationWorkflowID(testWorkflowID, 1), SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "ops-manager-1"}}))
	}, 5*time.Minute)
	te.signalAt(6*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "vic"}, Note: "image licensed"})
	req := outageRequest
	req.CampaignID = "cmp-9"
	req.DACI = &Governance{Approver: "vic"}

	st := te.run(req)

	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "oncall-1", accepted: true},
		{name: SignalApprove, actor: "vic", accepted: true},
		{name: SignalFlagCompliance, actor: "legal-1", accepted: true},
		{name: SignalComplete, actor: "oncall-1", accepted: true},
		{name: SignalApprove, actor: "vic", accepted: true},
	}, st.Signals)
	assert.Equal(t, "resolved (held for approval: compliance exposure: unlicensed image)", st.Signals[3].Detail)
	assert.Equal(t, 6*time.Minute, te.since(st.CompletedAt), "the fresh sign-off closed it")
}

// Compliance exposure holds automated work for an approver too.
func TestComplianceHoldsAutomatedWork(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.automation("validate-utm-naming", mock.Anything, activities.AutomationResult{Summary: "ok"}, nil).After(time.Minute)
	te.signalAt(30*time.Second, SignalFlagCompliance, FlagComplianceSignal{ActionHeader: ActionHeader{Actor: "pat"}, Reason: "tracking consent"})
	te.signalAt(2*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "privacy-lead"}})
	te.signalAt(3*time.Minute+15*time.Second, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "privacy-lead"}})
	te.finishBy("owner-1", 3*time.Minute, "checked")

	st := te.run(TaskRequest{RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check links", Payload: []byte(`{"urls":[]}`)})

	// An approval while the review waits in a queue signs off nothing: it is refused.
	assert.Equal(t, SignalApprove, st.Signals[1].Name)
	assert.Contains(t, st.Signals[1].Reason, "approval: nobody holds the task yet")
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, "owner-1", st.CompletedBy)
	assert.Equal(t, "privacy-lead", st.ApprovedBy)
	assert.Equal(t, StepReview, st.HumanStep)
}

// A manager handing a task back excludes the person who held it from the next booking, not the manager.
func TestManagerHandBackExcludesTheHolder(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "maya"}, Reason: "lena is needed on the launch"})
	se.book(2*time.Minute, "omar", "least utilized")
	se.finishBy("omar", 3*time.Minute, "done")

	st := se.run(reviewRequest)

	require.Len(t, se.asks, 2)
	assert.Equal(t, []string{"lena"}, se.asks[1].Avoid, "passed over while anyone else may take it")
	assert.Empty(t, se.asks[1].Exclude)
	assert.Equal(t, "handed back by maya", se.asks[1].Reason)
	assert.Equal(t, "omar", st.CompletedBy)
}

// A completion held for approval belongs to its sender: when the task moves, it is dropped,
// and the approval lets the new holder complete.
func TestHeldCompletionIsDroppedWhenTheTaskMoves(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved})
	held := se.statusAt(150 * time.Second)
	se.signalAt(3*time.Minute, SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "maya"}, Reason: "the copy is wrong"})
	se.book(4*time.Minute, "omar", "least utilized")
	se.signalAt(5*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "omar"}})
	se.signalAt(6*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	open := se.statusAt(390 * time.Second)
	se.signalAt(7*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "omar"}, Outcome: OutcomeResolved, Hours: 1})
	req := reviewRequest
	req.Scores = &catalog.Scores{Latency: 3, Criticality: 4, Automation: 1}

	st := se.run(req)

	require.NotNil(t, held.HeldCompletion)
	assert.Equal(t, "lena", held.HeldCompletion.By)
	assert.Nil(t, open.HeldCompletion, "dropped with the hand-back")
	assert.NotEqual(t, StageCompleted, open.Stage, "the approval alone closes nothing")
	assert.Equal(t, "omar", st.CompletedBy)
	assert.Equal(t, 7*time.Minute, se.since(st.CompletedAt))
}
