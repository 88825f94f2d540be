package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
)

// updateAnswer is what a test saw of one update: its record, or the validator's refusal.
type updateAnswer struct {
	accepted bool // the validator let it through
	rec      SignalRecord
	refusal  *temporal.ApplicationError
	err      error     // the handler's failure
	at       time.Time // when the answer came
}

// updateAt sends an action as an update d after the start; the answer is filled in when it comes.
func (te *taskEnv) updateAt(d time.Duration, name string, arg any) *updateAnswer {
	var a updateAnswer
	te.env.RegisterDelayedCallback(func() { te.update(&a, name, arg) }, d)
	return &a
}

// update sends an action as an update now, from a delayed callback, and fills in a with its answer.
func (te *taskEnv) update(a *updateAnswer, name string, arg any) {
	te.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
		OnAccept: func() { a.accepted = true },
		OnReject: func(err error) {
			if assert.ErrorAs(te.t, err, &a.refusal) {
				assert.NoError(te.t, a.refusal.Details(&a.rec))
			}
		},
		OnComplete: func(v any, err error) {
			a.err, a.at = err, te.env.Now()
			if rec, ok := v.(SignalRecord); ok {
				a.rec = rec
			}
		},
	}, arg)
}

func TestDoorActionsAsUpdatesAreAnsweredWithTheirRecord(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	ack := te.updateAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-1", Actor: "alice", Identity: SystemIdentity("jira")}})
	resend := te.updateAt(2*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-1", Actor: "alice"}})
	badForm := te.updateAt(3*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "c-1", Actor: "alice"}, Outcome: "done"})
	noID := te.updateAt(4*time.Minute, SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
	notHolder := te.updateAt(5*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "c-2", Actor: "mallory"}, Outcome: OutcomeResolved})
	done := te.updateAt(6*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "c-3", Actor: "alice"}, Outcome: OutcomeResolved, Note: "approved"})

	st := te.run(reviewRequest)

	// Accepted and applied: the answer is the record the status keeps.
	require.True(t, ack.accepted)
	require.NoError(t, ack.err)
	assert.Equal(t, SignalRecord{Name: SignalAcknowledge, SignalID: "ack-1", Actor: "alice", Identity: SystemIdentity("jira"), At: tuesday10NY.Add(time.Minute), Accepted: true}, ack.rec)
	assert.Equal(t, "alice", st.AcknowledgedBy)
	assert.Equal(t, time.Minute, te.since(st.Response.MetAt))

	// The validator refuses the form, a resend and an update it could not answer
	// before anything is written, with the record a signal would have had.
	for _, r := range []struct {
		name   string
		got    *updateAnswer
		reason string
	}{
		{"resend", resend, "signalId: ack-1 was already received; the first one counts"},
		{"form", badForm, `outcome: "done" is not an outcome`},
		{"no signalId", noID, errUpdateWithoutID.Error()},
	} {
		assert.False(t, r.got.accepted, r.name)
		if assert.NotNil(t, r.got.refusal, r.name) {
			assert.Equal(t, ErrActionRefused, r.got.refusal.Type(), r.name)
		}
		assert.False(t, r.got.rec.Accepted, r.name)
		assert.Equal(t, "alice", r.got.rec.Actor, r.name)
		assert.Contains(t, r.got.rec.Reason, r.reason, r.name)
	}

	// Who may act is the task's step's rule: accepted as an update, answered and recorded as refused.
	require.True(t, notHolder.accepted)
	require.NoError(t, notHolder.err)
	assert.False(t, notHolder.rec.Accepted)
	assert.Equal(t, "c-2", notHolder.rec.SignalID)
	assert.Contains(t, notHolder.rec.Reason, "actor: only the assignee, alice")

	require.True(t, done.accepted)
	assert.True(t, done.rec.Accepted, done.rec.Reason)
	assert.Equal(t, OutcomeResolved, st.Outcome)
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "alice", accepted: true},
		{name: SignalComplete, actor: "mallory", reason: "actor: only the assignee, alice"},
		{name: SignalComplete, actor: "alice", accepted: true},
	}, st.Signals)
	assert.Equal(t, 1, st.RejectedSignals, "the validator's refusals are not in the task's log")
}

// An update and a signal with the same signalId, as when a door's update is accepted
// after the door sent the signal instead, are one action: the first one counts and
// answers the update; the other is refused as a resend.
func TestAnUpdateAndItsSignalCountOnce(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	ack := AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-1", Actor: "alice"}}
	var got updateAnswer
	te.env.RegisterDelayedCallback(func() {
		te.update(&got, SignalAcknowledge, ack)
		te.env.SignalWorkflow(SignalAcknowledge, ack)
	}, time.Minute)
	te.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "c-1", Actor: "alice"}, Outcome: OutcomeResolved})

	st := te.run(reviewRequest)

	require.True(t, got.accepted)
	require.NoError(t, got.err)
	assert.True(t, got.rec.Accepted, "the first one counts")
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "alice", accepted: true},
		{name: SignalAcknowledge, actor: "alice", reason: "signalId: ack-1 was already received"},
		{name: SignalComplete, actor: "alice", accepted: true},
	}, st.Signals)
}

// An acknowledge sent as an update before the roster's answer is accepted and held,
// and answered with the record made when the notice lands; one still held when the
// task is cancelled is answered with the refusal.
func TestAnUpdateHeldForTheRostersAnswer(t *testing.T) {
	t.Run("booked", func(t *testing.T) {
		se := newStaffedEnv(t, false)
		got := se.updateAt(time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-lena", Actor: "lena"}, Note: "mine"})
		se.book(5*time.Second, "lena", "least utilized")
		se.signalAt(time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved, Hours: 1})

		st := se.run(reviewRequest)

		require.True(t, got.accepted)
		require.NoError(t, got.err)
		assert.Equal(t, SignalRecord{SignalID: "ack-lena", Name: SignalAcknowledge, Actor: "lena", Identity: OperatorIdentity(), At: tuesday10NY.Add(time.Second), Detail: "mine", Accepted: true}, got.rec)
		assert.Equal(t, 5*time.Second, se.since(&got.at), "answered when the notice landed")
		assert.Equal(t, time.Second, se.since(st.Response.MetAt))
	})
	t.Run("cancelled first", func(t *testing.T) {
		se := newStaffedEnv(t, false)
		got := se.updateAt(time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-lena", Actor: "lena"}})
		se.env.RegisterDelayedCallback(se.env.CancelWorkflow, 2*time.Second)
		se.env.ExecuteWorkflow(CampaignTaskWorkflow, reviewRequest)
		require.True(t, se.env.IsWorkflowCompleted())
		require.True(t, got.accepted)
		require.NoError(t, got.err)
		assert.False(t, got.rec.Accepted)
		assert.Contains(t, got.rec.Reason, "the task is already completed (cancelled")
	})
}

// A validator's refusal leaves no event in the task's history, so the worker logs it,
// at Info as every refused action: the log is where on-call finds it.
func TestAnUpdateRefusedBeforeTheTaskIsLogged(t *testing.T) {
	logger := &recordingLogger{}
	suite := &testsuite.WorkflowTestSuite{}
	suite.SetLogger(logger)
	te := newTaskEnvOn(t, suite, tuesday10NY, nil)
	badForm := te.updateAt(time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "c-1", Actor: "alice", Identity: SystemIdentity("jira")}, Outcome: "done"})
	te.finishBy("alice", 2*time.Minute, "done")
	te.run(reviewRequest)
	require.NotNil(t, badForm.refusal)
	logger.mu.Lock()
	defer logger.mu.Unlock()
	assert.Contains(t, logger.entries, "INFO Action refused before it reached the task")
	assert.Subset(t, logger.fields["Action refused before it reached the task"], []any{"actor", "alice", "identity", "intake system jira"},
		"who sent it and through what, as a refusal in the history keeps them")
}
