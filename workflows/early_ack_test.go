package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// Under a burst the roster's notice can land seconds after the roster shows the
// booking. An acknowledge that arrives first is held, not refused: when the notice
// books its sender, they take the task; anyone else is refused with the reason.
func TestStaffedAcknowledgeBeforeTheRostersNotice(t *testing.T) {
	se := newStaffedEnv(t, false)
	lenaSignedIn := PersonIdentity("00u-lena", "https://login.example.com")
	se.signalAt(time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-lena", Actor: "lena", Identity: lenaSignedIn}, Note: "mine"})
	se.signalAt(2*time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "rosa"}})
	before := se.statusAt(3 * time.Second)
	se.book(5*time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved, Hours: 1})

	st := se.run(reviewRequest)

	assert.Equal(t, "role:reviewer", before.Assignee, "the task has not heard from the roster yet")
	assert.Empty(t, before.Staffing.Person)
	assert.Empty(t, before.Signals, "the acknowledges wait for the roster's answer")
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "lena", accepted: true},
		{name: SignalAcknowledge, actor: "rosa", reason: "actor: the task is assigned to lena"},
		{name: SignalComplete, actor: "lena", accepted: true},
	}, st.Signals)
	assert.Equal(t, SignalRecord{SignalID: "ack-lena", Name: SignalAcknowledge, Actor: "lena", Identity: lenaSignedIn, At: tuesday10NY.Add(time.Second), Detail: "mine", Accepted: true}, st.Signals[0],
		"recorded as sent, decided when the notice landed")
	assert.Equal(t, "lena", st.AcknowledgedBy)
	assert.Equal(t, time.Second, se.since(st.Response.MetAt), "counted when lena sent it, though decided when the booking reached the task")
	assert.Equal(t, "lena", st.CompletedBy)
}

// An acknowledge held for the roster's answer is refused when the answer is a place in
// the queue, and taken when the roster cannot staff the task and a role queue holds it.
func TestStaffedHeldAcknowledgeFollowsTheAnswer(t *testing.T) {
	t.Run("queued", func(t *testing.T) {
		se := newStaffedEnv(t, false)
		se.signalAt(time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
		se.answer(5*time.Second, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 2, Reason: "full", QueueWait: time.Hour})
		se.book(time.Minute, "lena", "least utilized")
		se.finishBy("lena", 2*time.Minute, "done")
		st := se.run(reviewRequest)
		requireSignals(t, []record{
			{name: SignalAcknowledge, actor: "lena", reason: "the task waits for capacity at place 2"},
			{name: SignalAcknowledge, actor: "lena", accepted: true},
			{name: SignalComplete, actor: "lena", accepted: true},
		}, st.Signals)
	})
	t.Run("refused by the roster", func(t *testing.T) {
		se := newStaffedEnv(t, false)
		se.signalAt(time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
		se.answer(5*time.Second, roster.Notice{Reason: "the roster refused the ask: skill: required"})
		se.signalAt(time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved})
		st := se.run(reviewRequest)
		requireSignals(t, []record{
			{name: SignalAcknowledge, actor: "lena", accepted: true},
			{name: SignalComplete, actor: "lena", accepted: true},
		}, st.Signals)
	})
	t.Run("cancelled first", func(t *testing.T) {
		se := newStaffedEnv(t, false)
		se.signalAt(time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
		se.env.RegisterDelayedCallback(se.env.CancelWorkflow, 2*time.Second)
		se.env.ExecuteWorkflow(CampaignTaskWorkflow, reviewRequest)
		require.True(t, se.env.IsWorkflowCompleted())
		var res TaskResult
		_ = se.env.GetWorkflowResult(&res)
		v, err := se.env.QueryWorkflow(QueryStatus)
		require.NoError(t, err)
		var st TaskStatus
		require.NoError(t, v.Get(&st))
		requireSignals(t, []record{{name: SignalAcknowledge, actor: "lena", reason: "the task is already completed (cancelled"}}, st.Signals)
	})
}

// A person's action is decided after the roster's notices that reached the task
// before it, even when both land in one workflow task: the person a manager's move
// books may act as soon as the move has reached the task.
func TestStaffedActionFollowsANoticeThatLandedFirst(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.env.RegisterDelayedCallback(func() {
		// Three signals in one workflow task, in this order: an unrelated action, the
		// roster's move to rosa, and rosa taking the task.
		se.env.SignalWorkflowSkippingWorkflowTask(SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "pat"}})
		se.mu.Lock()
		se.serial++
		move := roster.Notice{TaskID: testWorkflowID, Seq: 1, Serial: se.serial, Person: "rosa", Allocation: catalog.AllocationReactiveSupport, Hours: 1, Reason: "moved by maya"}
		se.mu.Unlock()
		se.env.SignalWorkflowSkippingWorkflowTask(SignalRosterNotice, RosterNoticeSignal{Notice: move})
		se.env.SignalWorkflow(SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "rosa"}})
	}, time.Minute)
	se.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "rosa"}, Outcome: OutcomeResolved, Hours: 1})

	st := se.run(reviewRequest)

	requireSignals(t, []record{
		{name: SignalResume, actor: "pat", reason: "not paused"},
		{name: SignalAcknowledge, actor: "rosa", accepted: true},
		{name: SignalComplete, actor: "rosa", accepted: true},
	}, st.Signals)
	assert.Equal(t, 1, st.Handoffs)
}
