package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A person's action counts at its stamp, within what the task can vouch for: not
// before the task started or its previous action, not after the task reads it.
func TestStampedActionsCountWithinTheirBounds(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	at := func(d time.Duration) *time.Time { s := tuesday10NY.Add(d); return &s }
	te.signalAt(2*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice", SentAt: at(-time.Hour)}})
	te.signalAt(3*time.Minute, SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: "alice", SentAt: at(150 * time.Second)}})
	te.signalAt(4*time.Minute, SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "pat", SentAt: at(time.Minute)}})
	te.signalAt(5*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice", SentAt: at(time.Hour)}, Outcome: OutcomeResolved})

	st := te.run(reviewRequest)

	assert.Equal(t, time.Duration(0), te.since(st.Response.MetAt), "stamped before the task: counted at its start")
	assert.Equal(t, 150*time.Second, te.since(&st.Signals[1].At), "counted at its stamp")
	assert.Equal(t, 150*time.Second, te.since(&st.Signals[2].At), "stamped before the previous action: counted at its time")
	assert.Equal(t, time.Duration(0), st.Resolution.PausedFor, "paused and resumed at once")
	assert.Equal(t, 5*time.Minute, te.since(st.CompletedAt), "stamped after the task read it: counted when read")
}

// Actions that wait together are applied in the order they happened, whatever order
// they reached the task in.
func TestActionsWaitingTogetherApplyInTheOrderTheyHappened(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	at := func(d time.Duration) *time.Time { s := tuesday10NY.Add(d); return &s }
	te.env.RegisterDelayedCallback(func() {
		te.env.SignalWorkflowSkippingWorkflowTask(SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice", SentAt: at(2 * time.Minute)}, Outcome: OutcomeResolved})
		te.env.SignalWorkflow(SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice", SentAt: at(time.Minute)}})
	}, 3*time.Minute)

	st := te.run(reviewRequest)

	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "alice", accepted: true},
		{name: SignalComplete, actor: "alice", accepted: true},
	}, st.Signals)
	assert.Equal(t, time.Minute, te.since(st.Response.MetAt))
	assert.Equal(t, 2*time.Minute, te.since(st.CompletedAt))
	assert.Equal(t, SLAMet, st.SLAState)
}
