package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

// Waiting on the requester stops the resolution clock; resuming gives back the time that was left.
func TestWaitOnRequesterPausesTheResolutionClock(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(5*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.signalAt(20*time.Minute, SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Reason: "which campaign?"})
	paused := te.statusAt(90 * time.Minute)
	te.signalAt(2*time.Hour, SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "pat"}, Note: "cmp-9"})
	resumed := te.statusAt(2*time.Hour + time.Minute)
	te.approveIfNeeded(2*time.Hour + 20*time.Minute)
	te.signalAt(2*time.Hour+30*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved})

	st := te.run(outageRequest)

	assert.Equal(t, SLAPaused, paused.SLAState)
	assert.Nil(t, paused.Resolution.BreachedAt, "no breach while paused, though 60m passed")
	assert.Equal(t, 20*time.Minute, te.since(paused.Resolution.PausedAt))
	assert.Equal(t, 60*time.Minute, paused.Resolution.Budget)
	assert.Equal(t, 20*time.Minute, paused.Resolution.Used, "the budget spent before the pause")
	assert.Nil(t, paused.Resolution.RunningSince)
	// 40 of the 60 minutes were left at the pause, counted again from the resume.
	assert.Equal(t, tuesday10NY.Add(2*time.Hour+40*time.Minute), resumed.Resolution.Deadline)
	assert.Equal(t, 100*time.Minute, resumed.Resolution.PausedFor)
	assert.Nil(t, resumed.Resolution.PausedAt)
	assert.Equal(t, SLAMet, st.SLAState)
	assert.Nil(t, st.Fallback)
	assert.Contains(t, te.sent(), "waiting-on-you→pat")
}

// Each condition escalates; compliance starts at level 2 and holds completion for an approver.
func TestConditionsEscalate(t *testing.T) {
	t.Run("dependency block", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		te.signalAt(time.Hour, SignalBlock, BlockSignal{ActionHeader: ActionHeader{Actor: "bob"}, Dependency: "legal copy sign-off"})
		te.finishBy("bob", 65*time.Minute, "unblocked")
		st := te.run(reviewRequest)
		assert.Equal(t, "legal copy sign-off", st.BlockedBy)
		require.Len(t, st.Escalations, 1)
		assert.Equal(t, "blocked by legal copy sign-off", st.Escalations[0].Reason)
		assert.Equal(t, 1, st.Escalations[0].LevelReached)
		assert.Equal(t, EndTaken, st.Escalations[0].Ended)
		assert.Equal(t, "bob", st.Escalations[0].EndedBy)
	})
	t.Run("compliance exposure", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}})
		te.signalAt(time.Hour, SignalFlagCompliance, FlagComplianceSignal{ActionHeader: ActionHeader{Actor: "bob"}, Reason: "unlicensed stock photo"})
		te.signalAt(61*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "bob"}, Outcome: OutcomeResolved})
		te.signalAt(62*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "bob"}})
		te.env.RegisterDelayedCallback(func() {
			require.NoError(t, te.env.SignalWorkflowByID(EscalationWorkflowID(testWorkflowID, 1), SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "creative-lead-1"}}))
		}, 62*time.Minute+30*time.Second)
		te.signalAt(63*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "brand-director-1"}, Note: "licence bought"})
		st := te.run(reviewRequest)
		requireSignals(t, []record{
			{name: SignalAcknowledge, actor: "bob", accepted: true},
			{name: SignalFlagCompliance, actor: "bob", accepted: true},
			{name: SignalComplete, actor: "bob", accepted: true},
			{name: SignalApprove, actor: "bob", reason: "cannot approve it"},
			{name: SignalApprove, actor: "brand-director-1", accepted: true},
		}, st.Signals)
		assert.Contains(t, st.Signals[2].Detail, "held for approval: compliance exposure: unlicensed stock photo")
		assert.Equal(t, "bob", st.CompletedBy, "the approval closed bob's completion")
		assert.Equal(t, 63*time.Minute, te.since(st.CompletedAt))
		assert.Equal(t, "brand-director-1", st.ApprovedBy)
		require.Len(t, st.Escalations, 1)
		assert.Equal(t, 2, st.Escalations[0].LevelReached, "compliance starts at level 2")
		assert.Equal(t, EndAcknowledged, st.Escalations[0].Ended)
		assert.Equal(t, "creative-lead-1", st.Escalations[0].EndedBy)
		assert.Equal(t, []string{"level-2→role:creative-lead"}, te.escalated())
	})
	t.Run("severity raised tightens the clocks", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		te.signalAt(time.Hour, SignalRaiseSeverity, RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: "pat"}, Scores: catalog.Scores{Latency: 5, Criticality: 5, Automation: 1}, Reason: "CEO launch"})
		raised := te.statusAt(61 * time.Minute)
		te.finishBy("bob", 2*time.Hour, "done")
		st := te.run(reviewRequest)
		assert.Equal(t, catalog.BucketInstantCritical, raised.Bucket)
		// 7 working hours were left of the response day at 11:00 (to Wed 10:00); half is 3h30.
		assert.Equal(t, tuesday10NY.Add(time.Hour+3*time.Hour+30*time.Minute), raised.Response.Deadline, "half the working time left")
		assert.Equal(t, time.Hour+3*time.Hour+30*time.Minute, raised.Response.Budget)
		require.Len(t, st.Escalations, 1)
		assert.Equal(t, "severity raised: CEO launch", st.Escalations[0].Reason)
	})
	t.Run("a lower score is not a raise", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		te.signalAt(time.Minute, SignalRaiseSeverity, RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: "pat"}, Scores: catalog.Scores{Latency: 1, Criticality: 5, Automation: 1}})
		te.finishBy("bob", time.Hour, "done")
		st := te.run(reviewRequest)
		assert.Contains(t, st.Signals[0].Reason, "scores: a raise must increase latency or criticality")
		assert.Empty(t, st.Escalations)
	})
}

// A task that needs a second escalation cycle is flagged for reclassification.
func TestSecondEscalationCycleFlagsReclassification(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Hour, SignalBlock, BlockSignal{ActionHeader: ActionHeader{Actor: "bob"}, Dependency: "asset library"})
	te.signalAt(time.Hour+time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}})
	first := te.statusAt(time.Hour + 2*time.Minute)
	te.signalAt(3*time.Hour, SignalBlock, BlockSignal{ActionHeader: ActionHeader{Actor: "bob"}, Dependency: "agency"})
	second := te.statusAt(3*time.Hour + time.Minute)
	te.signalAt(4*time.Hour, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "bob"}, Outcome: OutcomeResolved})

	st := te.run(reviewRequest)

	assert.False(t, first.NeedsReclassification)
	assert.True(t, second.NeedsReclassification)
	assert.Equal(t, EscalationWorkflowID(testWorkflowID, 2), second.Escalating)
	require.Len(t, st.Escalations, 2)
	assert.True(t, st.NeedsReclassification)
	te.mu.Lock()
	flag, _ := te.attrs.GetBool(AttrReclassify)
	te.mu.Unlock()
	assert.True(t, flag, "ops can list tasks to reclassify")
}
