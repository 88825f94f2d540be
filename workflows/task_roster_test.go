package workflows

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

const marketingRoster = "roster-marketing-ops"

// staffedEnv is a task whose team has a roster; it records what the task tells the roster.
type staffedEnv struct {
	*taskEnv
	asks     []roster.Request
	releases []ReleasePersonSignal
	serial   int // the roster's notice serial
}

func newStaffedEnv(t *testing.T, rosterDown bool) *staffedEnv {
	t.Helper()
	return newStaffedEnvWith(t, defaultRosterFile(t), rosterDown)
}

// defaultRosterFile is the roster file Lanes ships with, checked against the default catalog.
func defaultRosterFile(t *testing.T) *roster.File {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	file, err := roster.Default(cat)
	require.NoError(t, err)
	return file
}

// newStaffedEnvWith is newStaffedEnv for a worker with the given roster file.
func newStaffedEnvWith(t *testing.T, file *roster.File, rosterDown bool) *staffedEnv {
	t.Helper()
	se := &staffedEnv{taskEnv: newTaskEnvWith(t, tuesday10NY, file)}
	se.env.OnSignalExternalWorkflow(mock.Anything, marketingRoster, "", mock.Anything, mock.Anything).Return(
		func(_, _, _, name string, arg any) error {
			if rosterDown {
				return errors.New("unknown external workflow execution")
			}
			se.mu.Lock()
			defer se.mu.Unlock()
			switch s := arg.(type) {
			case RequestPersonSignal:
				se.asks = append(se.asks, s.Request)
			case ReleasePersonSignal:
				se.releases = append(se.releases, s)
			default:
				return fmt.Errorf("unexpected signal %s %T", name, arg)
			}
			return nil
		})
	return se
}

// answer has the roster send n at d, as its answer to the latest ask and numbered after its earlier notices.
func (se *staffedEnv) answer(d time.Duration, n roster.Notice) {
	se.env.RegisterDelayedCallback(func() {
		se.mu.Lock()
		se.serial++
		n.TaskID, n.Seq, n.Serial = testWorkflowID, len(se.asks), se.serial
		se.mu.Unlock()
		se.env.SignalWorkflow(SignalRosterNotice, RosterNoticeSignal{Notice: n})
	}, d)
}

// book has the roster answer with a person at d.
func (se *staffedEnv) book(d time.Duration, person, reason string) {
	se.answer(d, roster.Notice{Person: person, Allocation: catalog.AllocationReactiveSupport, Hours: 1, Reason: reason})
}

// A creative review on a rostered team: the roster is asked for a senior's reactive
// hours (no senior has design, so the rule falls back), books lena, and on
// completion gets the hours back once, with the time the work took.
func TestStaffedTaskCompletesAndReleasesOnce(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Hour, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved, Hours: 1.5})
	st := se.run(reviewRequest)

	require.Len(t, se.asks, 1)
	ask := se.asks[0]
	assert.Equal(t, roster.Request{
		TaskID: testWorkflowID, TaskType: reviewRequest.TaskType, Title: reviewRequest.Title, Skill: "design", Senior: true,
		Allocation: catalog.AllocationReactiveSupport, Hours: 1, Priority: QueuePriority(catalog.BucketExceptionOnly, st.Scores),
		Reason: "new task", At: tuesday10NY, Seq: 1,
	}, ask)
	assert.Equal(t, []ReleasePersonSignal{{TaskID: testWorkflowID, Completed: true, ActualHours: 1.5, Reason: "completed", Seq: 1}}, se.releases)
	assert.Equal(t, summary{Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman, Stage: StageCompleted, HumanStep: StepWork,
		Assignee: "lena", Outcome: OutcomeResolved, CompletedBy: "lena", SLAState: SLAMet}, summarize(st))
	require.NotNil(t, st.Staffing)
	assert.True(t, st.Staffing.Released)
	assert.Equal(t, 1.5, st.Staffing.ActualHours)
	assert.Equal(t, "lena", st.Staffing.Person)
	se.requireAttrs(st)
}

// Handing back asks the roster again without the holder; the roster's second booking
// replaces the first, so only the final completion releases, and the work's time
// defaults to the working time since the booking.
func TestStaffedHandBackAsksAgainWithoutTheHolder(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(10*time.Minute, SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "lena"}, Reason: "out sick"})
	se.book(11*time.Minute, "rosa", "least utilized")
	se.finishBy("rosa", 20*time.Minute, "done")
	st := se.run(reviewRequest)

	require.Len(t, se.asks, 2)
	assert.Equal(t, []string{"lena"}, se.asks[1].Avoid)
	assert.Equal(t, "handed back by lena", se.asks[1].Reason)
	assert.Empty(t, se.asks[1].Prefer)
	require.Len(t, se.releases, 1, "one release, at the end")
	assert.True(t, se.releases[0].Completed)
	assert.InDelta(t, (10 * time.Minute).Hours(), se.releases[0].ActualHours, 1e-9, "rosa booked at 11m, done at 21m")
	assert.Equal(t, "rosa", st.CompletedBy)
	assert.Equal(t, 1, st.Handoffs)
}

// A manager's move arrives as a notice naming someone else: the task follows it and
// counts the handoff; the old holder can no longer act, and the task's own reassign
// signal points to the roster.
func TestStaffedMoveByManager(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalReassign, ReassignSignal{ActionHeader: ActionHeader{Actor: "lena"}, To: "rosa"})
	se.book(5*time.Minute, "rosa", "moved by maya")
	se.signalAt(6*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.finishBy("rosa", 7*time.Minute, "done")
	st := se.run(reviewRequest)

	requireSignals(t, []record{
		{SignalReassign, "lena", false, "update reassign-task on roster-marketing-ops"},
		{SignalAcknowledge, "lena", false, "assigned to rosa"},
		{SignalAcknowledge, "rosa", true, ""},
		{SignalComplete, "rosa", true, ""},
	}, st.Signals)
	assert.Equal(t, 1, st.Handoffs)
	assert.Equal(t, "moved by maya", st.Staffing.Reason)
	require.Len(t, se.releases, 1)
}

// Cancelling the task in Temporal gives its hours back once.
func TestStaffedCancelReleases(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.env.RegisterDelayedCallback(se.env.CancelWorkflow, 5*time.Minute)
	se.env.ExecuteWorkflow(CampaignTaskWorkflow, reviewRequest)
	require.True(t, se.env.IsWorkflowCompleted())
	require.Error(t, se.env.GetWorkflowError())
	assert.Equal(t, []ReleasePersonSignal{{TaskID: testWorkflowID, Reason: "cancelled", Seq: 1}}, se.releases)
}

// A task nobody can take waits in line; nobody may grab it meanwhile, and once it
// has waited the team's queue wait its escalation starts at the manager. The
// booking that follows stops that climb.
func TestStaffedWaitEscalatesAsCapacityBreach(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{
		Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 3,
		Reason: "every available senior with skill \"design\" would pass 95%", QueueWait: 30 * time.Minute,
	})
	se.signalAt(2*time.Second, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	waiting := se.statusAt(29 * time.Minute)
	climbing := se.statusAt(31 * time.Minute)
	se.book(40*time.Minute, "lena", "least utilized")
	se.finishBy("lena", 41*time.Minute, "done")
	st := se.run(reviewRequest)

	assert.Equal(t, 3, waiting.Staffing.Position)
	assert.Equal(t, "role:reviewer", waiting.Assignee)
	assert.Empty(t, waiting.Escalating)
	assert.Equal(t, 2, climbing.EscalationLevel, "a capacity breach starts at the manager")
	assert.NotEmpty(t, climbing.Escalating)
	require.Len(t, st.Escalations, 1)
	assert.Contains(t, st.Escalations[0].Reason, "capacity breach: waited 30m0s")
	assert.Equal(t, EndBooked, st.Escalations[0].Ended, "the booking stopped the climb")
	requireSignals(t, []record{
		{SignalAcknowledge, "lena", false, "waits for capacity at place 3"},
		{SignalAcknowledge, "lena", true, ""},
		{SignalComplete, "lena", true, ""},
	}, st.Signals)
}

// When the roster cannot be reached the task stays in the owner role's queue, as on
// a team without a roster, and says so.
func TestStaffedRosterDownFallsBackToRoleQueue(t *testing.T) {
	se := newStaffedEnv(t, true)
	se.finishBy("lena", time.Minute, "done")
	st := se.run(reviewRequest)
	assert.Nil(t, st.Staffing)
	assert.Equal(t, "lena", st.CompletedBy)
	require.NotEmpty(t, st.Notices)
	assert.Contains(t, st.Notices[0], "roster roster-marketing-ops did not answer")
	assert.Contains(t, st.Notices[0], "the role:reviewer queue holds the task")
}

// A roster that refuses the ask leaves the task in the role's queue, where a person takes it.
func TestStaffedRefusalKeepsTheRoleQueue(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{Reason: "the roster refused the ask: skill: required"})
	se.finishBy("lena", time.Minute, "done")
	st := se.run(reviewRequest)
	assert.Nil(t, st.Staffing)
	assert.Equal(t, "lena", st.CompletedBy)
	require.NotEmpty(t, st.Notices)
	assert.Contains(t, st.Notices[0], "the roster refused the ask: skill: required; the role:reviewer queue holds the task")
	assert.Empty(t, se.releases, "nothing was booked")
}

// The roster takes the task off a person who went out of office and nobody else fits:
// the task goes back to the role's queue, the absent person can no longer act on it,
// and the next booking takes it.
func TestStaffedBookedThenQueuedGoesBackToTheQueue(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.answer(2*time.Minute, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 1, Reason: "lena out of office", QueueWait: time.Hour})
	se.signalAt(3*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved})
	waiting := se.statusAt(4 * time.Minute)
	se.book(5*time.Minute, "rosa", "least utilized")
	se.finishBy("rosa", 6*time.Minute, "done")
	st := se.run(reviewRequest)

	assert.Equal(t, "role:reviewer", waiting.Assignee)
	assert.Empty(t, waiting.AcknowledgedBy)
	assert.Equal(t, StageAssigned, waiting.Stage)
	assert.Equal(t, 1, waiting.Staffing.Position)
	assert.Contains(t, se.sent(), "unassigned→lena")
	requireSignals(t, []record{
		{SignalAcknowledge, "lena", true, ""},
		{SignalComplete, "lena", false, "nobody has taken the task"},
		{SignalAcknowledge, "rosa", true, ""},
		{SignalComplete, "rosa", true, ""},
	}, st.Signals)
	assert.Equal(t, 1, st.Handoffs)
	assert.Len(t, se.releases, 1)
}

// A booking ends only a capacity climb: a compliance climb running when the
// capacity wait runs out goes on after the roster books someone.
func TestStaffedBookingLeavesOtherClimbs(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 1, Reason: "full", QueueWait: 30 * time.Minute})
	se.signalAt(5*time.Minute, SignalFlagCompliance, FlagComplianceSignal{ActionHeader: ActionHeader{Actor: "pat"}, Reason: "unlicensed image"})
	// The compliance climb runs 5m–35m (levels 2 and 3, 15m each); the capacity wait ends at 30m.
	se.book(31*time.Minute, "lena", "least utilized")
	after := se.statusAt(32 * time.Minute)
	se.signalAt(50*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	se.finishBy("lena", 51*time.Minute, "done")
	st := se.run(reviewRequest)

	assert.NotEmpty(t, after.Escalating, "the compliance climb still runs")
	require.Len(t, st.Escalations, 1)
	assert.Contains(t, st.Escalations[0].Reason, "compliance")
	assert.Contains(t, strings.Join(st.Notices, "\n"), "capacity breach: waited 30m0s", "the capacity breach is noted while the compliance climb runs")
}

// A task that waited for capacity closes when it completes, not when its capacity wait would have run out.
func TestStaffedWaitDoesNotHoldTheTaskOpen(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 1, Reason: "full", QueueWait: time.Hour})
	se.book(2*time.Minute, "lena", "least utilized")
	se.finishBy("lena", 3*time.Minute, "done")
	st := se.run(reviewRequest)
	assert.Empty(t, st.Escalations)
	assert.Less(t, se.env.Now().Sub(tuesday10NY), 10*time.Minute, "closed at completion")
}

// Notices are taken in the roster's order and only for the latest ask: an answer to a
// replaced ask, or one older than a notice already taken, changes nothing.
func TestStaffedIgnoresOldNotices(t *testing.T) {
	se := newStaffedEnv(t, false)
	// Serial 2 (lena) is taken first; serial 1 (a queue place) arrives late.
	se.signalAt(time.Second, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Seq: 1, Serial: 2, Person: "lena", Hours: 1, Reason: "least utilized"}})
	se.signalAt(2*time.Second, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Seq: 1, Serial: 1, Position: 4, Hours: 1, Reason: "full", QueueWait: time.Minute}})
	se.signalAt(time.Minute, SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	// An answer to the first ask arriving after the hand-back's second ask is ignored.
	se.signalAt(2*time.Minute, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Seq: 1, Serial: 5, Person: "omar", Hours: 1}})
	se.signalAt(3*time.Minute, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Seq: 2, Serial: 6, Person: "rosa", Hours: 1}})
	booked := se.statusAt(30 * time.Second)
	se.finishBy("rosa", 4*time.Minute, "done")
	st := se.run(reviewRequest)

	assert.Equal(t, "lena", booked.Assignee)
	assert.Zero(t, booked.Staffing.Position)
	assert.Equal(t, "rosa", st.CompletedBy)
	assert.Empty(t, st.Escalations, "no capacity wait was started by the late queue notice")
}

// A new roster of the team asks for the task's place: the task tells it who holds the
// task, and does not move.
func TestStaffedTellsANewRosterItsPlace(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Minute, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Resync: true, Serial: 1000}})
	se.signalAt(3*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved})
	st := se.run(reviewRequest)

	require.Len(t, se.asks, 2)
	tell := se.asks[1]
	assert.Equal(t, "lena", tell.Holds)
	assert.True(t, tell.Resync)
	assert.Equal(t, 1, tell.Seq, "the same ask, not a new one")
	assert.Equal(t, "lena", st.CompletedBy)
	assert.Zero(t, st.Handoffs)
}

// A resync question numbered after a booking that is still on its way does not hide it.
func TestStaffedResyncDoesNotHideAnEarlierBooking(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.signalAt(time.Second, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Resync: true, Serial: 9}})
	se.signalAt(2*time.Second, SignalRosterNotice, RosterNoticeSignal{Notice: roster.Notice{TaskID: testWorkflowID, Seq: 1, Serial: 8, Person: "lena", Hours: 1}})
	se.finishBy("lena", time.Minute, "done")
	st := se.run(reviewRequest)
	assert.Equal(t, "lena", st.CompletedBy)
	require.Len(t, se.asks, 2)
	assert.True(t, se.asks[1].Resync)
	assert.Empty(t, se.asks[1].Holds, "still asking when the question came")
}

// A wait breaches once: the roster repeating the task's place after the breach starts no second climb.
func TestStaffedWaitBreachesOnce(t *testing.T) {
	se := newStaffedEnv(t, false)
	queued := roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 2, Reason: "full", QueueWait: 30 * time.Minute}
	se.answer(time.Second, queued)
	queued.Position = 1
	se.answer(40*time.Minute, queued) // say, a new roster of the team placing it again
	later := se.statusAt(80 * time.Minute)
	se.book(90*time.Minute, "lena", "least utilized")
	se.finishBy("lena", 91*time.Minute, "done")
	st := se.run(reviewRequest)
	assert.Equal(t, 1, later.Staffing.Position)
	require.Len(t, st.Escalations, 1, "one capacity breach for the one wait")
	assert.False(t, st.NeedsReclassification)
}

// A booking that lands as the capacity wait runs out leaves no climb behind: either
// the breach never starts or the booking stops it.
func TestStaffedBookingAtTheBreachLeavesNoClimb(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 1, Reason: "full", QueueWait: 30 * time.Minute})
	se.book(30*time.Minute+time.Second, "lena", "least utilized")
	after := se.statusAt(31 * time.Minute)
	se.finishBy("lena", 40*time.Minute, "done")
	st := se.run(reviewRequest)
	assert.Empty(t, after.Escalating, "no climb running once lena is booked")
	for _, e := range st.Escalations {
		assert.Equal(t, EndBooked, e.Ended)
	}
}

// Raising the severity of a waiting task asks the roster again with the new bucket, so
// it moves up the queue (and to seniors), keeping its wait and its place among equals.
func TestStaffedRaiseMovesAWaitingTaskUp(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 9, Reason: "full", QueueWait: time.Hour})
	se.signalAt(time.Minute, SignalRaiseSeverity, RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: "pat"}, Scores: catalog.Scores{Latency: 5, Criticality: 5, Automation: 1}, Reason: "launch tomorrow"})
	se.book(2*time.Minute, "maya", "least utilized")
	se.finishBy("maya", 3*time.Minute, "done")
	req := reviewRequest
	req.DACI = &Governance{Approver: testApprover} // criticality 5 needs approval, and maya holds the task
	st := se.run(req)

	require.Len(t, se.asks, 2)
	again := se.asks[1]
	assert.Equal(t, 2, again.Seq)
	assert.Equal(t, QueuePriority(catalog.BucketInstantCritical, catalog.Scores{Latency: 5, Criticality: 5, Automation: 1}), again.Priority)
	assert.True(t, again.Senior)
	assert.Equal(t, tuesday10NY, again.At, "its place among equals is kept")
	assert.Equal(t, "severity raised by pat", again.Reason)
	assert.Equal(t, "maya", st.CompletedBy)
}

// A manager's move tells the person who lost the task.
func TestStaffedMoveTellsThePreviousHolder(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.book(time.Minute, "rosa", "moved by maya")
	se.finishBy("rosa", 2*time.Minute, "done")
	se.run(reviewRequest)
	assert.Contains(t, se.sent(), "unassigned→lena")
}

// Raising the severity of a booked task leaves it with its person and tells the roster
// its new priority for the same ask, so a hand-back queues it where it now belongs.
func TestStaffedRaiseRefreshesABookedTasksPlace(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	raised := catalog.Scores{Latency: 5, Criticality: 5, Automation: 1}
	se.signalAt(time.Minute, SignalRaiseSeverity, RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: "pat"}, Scores: raised, Reason: "launch tomorrow"})
	se.finishBy("lena", 3*time.Minute, "done")
	req := reviewRequest
	req.DACI = &Governance{Approver: testApprover}
	st := se.run(req)

	require.Len(t, se.asks, 2)
	refresh := se.asks[1]
	assert.True(t, refresh.Refresh)
	assert.Equal(t, 1, refresh.Seq, "the same ask, not a new one")
	assert.Equal(t, QueuePriority(catalog.BucketInstantCritical, raised), refresh.Priority)
	assert.True(t, refresh.Senior)
	assert.Equal(t, "severity raised by pat", refresh.Reason)
	assert.Equal(t, "lena", st.CompletedBy)
	assert.Zero(t, st.Handoffs)
}
