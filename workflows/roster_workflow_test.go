package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// rosterEnv runs the marketing-ops roster of the default roster file, recording
// the notices it signals to tasks.
type rosterEnv struct {
	t   *testing.T
	env *testsuite.TestWorkflowEnvironment
	in  RosterInput

	mu      sync.Mutex
	notices []roster.Notice
	gone    map[string]bool          // tasks whose notices fail, as for a closed workflow
	held    map[string]chan struct{} // tasks whose notices stay on their way until the channel closes
	sent    map[string]func()        // run when a task's notice has landed
	open    []string                 // the team's open tasks that visibility lists
}

func newRosterEnv(t *testing.T) *rosterEnv {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	file, err := roster.Default(cat)
	require.NoError(t, err)
	var suite testsuite.WorkflowTestSuite
	re := &rosterEnv{t: t, env: suite.NewTestWorkflowEnvironment(), gone: map[string]bool{}, held: map[string]chan struct{}{}, sent: map[string]func(){}}
	re.in = RosterInput{Team: "marketing-ops", TimeZone: cat.Teams["marketing-ops"].TimeZone, Roster: file.Teams["marketing-ops"], Needs: roster.SkillsNeeded(cat, "marketing-ops")}
	re.env.SetStartTime(tuesday10NY)
	re.env.RegisterWorkflow(TeamRosterWorkflow)
	re.env.RegisterActivity(&activities.Rosters{})
	re.env.OnActivity("ListOpenTasks", mock.Anything, mock.Anything).Return(func(context.Context, activities.TaskQuery) (activities.OpenTasks, error) {
		return activities.OpenTasks{TaskIDs: re.open}, nil
	}).Maybe()
	re.env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", SignalRosterNotice, mock.Anything).Return(
		func(_, taskID, _, _ string, arg any) error {
			re.mu.Lock()
			held := re.held[taskID]
			re.mu.Unlock()
			if held != nil {
				<-held // in real time: the test environment skips no time while a notice is on its way
			}
			re.mu.Lock()
			defer re.mu.Unlock()
			if re.gone[taskID] {
				return errors.New("unknown external workflow execution")
			}
			re.notices = append(re.notices, arg.(RosterNoticeSignal).Notice)
			if f := re.sent[taskID]; f != nil {
				f()
			}
			return nil
		})
	return re
}

// at runs fn d after the start.
func (re *rosterEnv) at(d time.Duration, fn func()) {
	re.env.RegisterDelayedCallback(fn, d)
}

func (re *rosterEnv) ask(req roster.Request) {
	re.env.SignalWorkflow(SignalRequestPerson, RequestPersonSignal{Request: req})
}

func (re *rosterEnv) status() RosterStatus {
	re.t.Helper()
	v, err := re.env.QueryWorkflow(QueryRoster)
	require.NoError(re.t, err)
	var st RosterStatus
	require.NoError(re.t, v.Get(&st))
	return st
}

func (re *rosterEnv) told() []roster.Notice {
	re.mu.Lock()
	defer re.mu.Unlock()
	return append([]roster.Notice(nil), re.notices...)
}

// updateResult is filled in when an update the test sent completes or is refused.
type updateResult struct {
	done   bool
	change RosterChange
	err    error
}

// updateAt sends a roster update d after the start; the result is filled in when it ends.
func (re *rosterEnv) updateAt(d time.Duration, name string, arg any) *updateResult {
	res := &updateResult{}
	re.at(d, func() {
		re.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnReject: func(e error) { res.done, res.err = true, e },
			OnAccept: func() {},
			OnComplete: func(v any, e error) {
				res.done, res.err = true, e
				if e == nil {
					res.change = v.(RosterChange)
				}
			},
		}, arg)
	})
	return res
}

// run executes the roster for a while: a roster never ends by itself (it ignores
// cancellation), so its run times out once the test's callbacks have run.
func (re *rosterEnv) run(last time.Duration) {
	re.t.Helper()
	re.env.SetWorkflowRunTimeout(last)
	re.env.ExecuteWorkflow(TeamRosterWorkflow, re.in)
	require.True(re.t, re.env.IsWorkflowCompleted())
	var timeout *temporal.TimeoutError
	require.ErrorAs(re.t, re.env.GetWorkflowError(), &timeout)
}

// designAsk is one creative review asking for a designer's campaign-execution hours.
func designAsk(i int, hours float64) roster.Request {
	return roster.Request{
		TaskID: fmt.Sprintf("task-r%02d", i), TaskType: "creative-stakeholder-review", Title: "review",
		Skill: "design", Allocation: catalog.AllocationCampaignExecution, Hours: hours, Priority: 100 + i%3, At: tuesday10NY,
	}
}

// placed checks the roster's books: every task booked or waiting exactly once, nobody past the cap.
func placed(t *testing.T, st RosterStatus) (booked, waiting map[string]bool) {
	t.Helper()
	booked, waiting = map[string]bool{}, map[string]bool{}
	for _, p := range st.People {
		for _, a := range p.Allocations {
			assert.LessOrEqual(t, a.Utilization, roster.UtilizationCap+1e-9, "%s %s", p.ID, a.Allocation)
		}
		for _, b := range p.OpenTasks {
			assert.False(t, booked[b.TaskID], "%s booked twice", b.TaskID)
			booked[b.TaskID] = true
		}
	}
	for _, w := range st.Queue {
		assert.False(t, booked[w.TaskID] || waiting[w.TaskID], "%s both booked and waiting", w.TaskID)
		waiting[w.TaskID] = true
	}
	return booked, waiting
}

// Fifty tasks asking in the same instant are applied one after another: each is
// booked or waits, exactly once, and nobody passes 95% of an allocation.
func TestRosterFiftyAtOnceNeverOverAllocate(t *testing.T) {
	re := newRosterEnv(t)
	re.at(time.Second, func() {
		for i := 0; i < 50; i++ {
			re.ask(designAsk(i, 1.5))
		}
	})
	re.at(2*time.Second, func() {
		st := re.status()
		booked, waiting := placed(t, st)
		// lena and rosa hold design: 0.95×15.2h and 0.95×16h of campaign execution fit 9 and 10 tasks of 1.5h.
		assert.Len(t, booked, 19)
		assert.Len(t, waiting, 31)
		assert.Equal(t, roster.Counts{Assigned: 19, Queued: 31}, st.Counts)
		assert.Len(t, re.told(), 50, "one notice per task")
		for i := 1; i < len(st.Queue); i++ {
			assert.LessOrEqual(t, st.Queue[i-1].Priority, st.Queue[i].Priority, "queue in priority order")
		}
	})
	re.run(3 * time.Second)
}

// A release returns capacity once: the second release of the same task changes
// nothing, and the first lets the next waiting task in.
func TestRosterReleaseIsExactlyOnce(t *testing.T) {
	re := newRosterEnv(t)
	re.at(time.Second, func() {
		for i := 0; i < 20; i++ {
			re.ask(designAsk(i, 1.5))
		}
	})
	var first RosterStatus
	re.at(2*time.Second, func() {
		first = re.status()
		re.env.SignalWorkflow(SignalReleasePerson, ReleasePersonSignal{TaskID: "task-r00", Completed: true, ActualHours: 2, Reason: "completed"})
		re.env.SignalWorkflow(SignalReleasePerson, ReleasePersonSignal{TaskID: "task-r00", Completed: true, ActualHours: 2, Reason: "completed"})
	})
	re.at(3*time.Second, func() {
		st := re.status()
		require.Len(t, first.Queue, 1)
		waited := first.Queue[0].TaskID
		booked, waiting := placed(t, st)
		assert.Empty(t, waiting, "the waiting task took the freed hours")
		assert.True(t, booked[waited])
		assert.False(t, booked["task-r00"])
		assert.Equal(t, 1, st.Counts.Released, "released once")
		assert.InDelta(t, 1.5, st.EstimatedDone, 1e-9)
		assert.InDelta(t, 2, st.ActualDone, 1e-9)
	})
	re.run(4 * time.Second)
}

// A task that closed without releasing (timed out, terminated) is found by the
// roster's check, and its hours come back; so do those of a task whose notice fails.
func TestRosterReleasesTasksThatClosed(t *testing.T) {
	re := newRosterEnv(t)
	re.in.ReconcileEvery = time.Minute
	re.gone["task-r01"] = true
	re.env.OnActivity("FindClosedTasks", mock.Anything, activities.OpenTasks{TaskIDs: []string{"task-r00"}}).
		Return(activities.ClosedTasks{Tasks: []activities.ClosedTask{{TaskID: "task-r00", Status: "TimedOut"}}}, nil).Once()
	re.env.OnActivity("FindClosedTasks", mock.Anything, mock.Anything).Return(activities.ClosedTasks{}, nil).Maybe()
	re.at(time.Second, func() {
		re.ask(designAsk(0, 1))
		re.ask(designAsk(1, 1))
	})
	re.at(2*time.Minute, func() {
		st := re.status()
		booked, waiting := placed(t, st)
		assert.Empty(t, booked, "both bookings released")
		assert.Empty(t, waiting)
		assert.Equal(t, 2, st.Counts.Released)
	})
	re.run(3 * time.Minute)
}

// Updates change people at runtime; a bad one names the field and leaves the roster as it was.
func TestRosterUpdates(t *testing.T) {
	re := newRosterEnv(t)
	re.in.Roster.Managers = []string{"maya"} // the team's only manager may not leave
	re.at(time.Second, func() {
		for i := 0; i < 3; i++ {
			re.ask(designAsk(i, 2))
		}
	})
	var before RosterStatus
	re.at(2*time.Second, func() { before = re.status() })
	refused := []struct {
		name string
		arg  any
		want string
	}{
		{UpdateChangeHours, ChangeHoursUpdate{Actor: "maya", Person: "lena", WeeklyHours: -4}, "weeklyHours: -4 is not positive"},
		{UpdateChangeHours, ChangeHoursUpdate{Actor: "maya", Person: "lena", WeeklyHours: 30,
			Allocations: roster.Shares{catalog.AllocationCampaignExecution: 50, catalog.AllocationReactiveSupport: 40}}, "sum to 90%"},
		{UpdateLeave, LeaveUpdate{Actor: "maya", Person: "zed"}, `person: "zed" is not on marketing-ops`},
		{UpdateJoin, JoinUpdate{Actor: "maya", Person: roster.Person{ID: "kim", Seniority: "intern", Skills: []string{"design"}, WeeklyHours: 20}}, "person.seniority"},
		{UpdateJoin, JoinUpdate{Actor: "maya", Person: roster.Person{ID: "lena", Seniority: roster.Specialist, Skills: []string{"design"}, WeeklyHours: 20}}, "already on marketing-ops"},
		{UpdateOutOfOffice, OutOfOfficeUpdate{Person: "lena"}, "actor: required"},
		{UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "lena", From: "next week"}, "from:"},
		{UpdateBackInOffice, BackInOfficeUpdate{Actor: "maya", Person: "lena"}, `"lena" is not away`},
		{UpdateLeave, LeaveUpdate{Actor: "maya", Person: "maya"}, "only manager"},
		{UpdateReassignTask, ReassignTaskUpdate{Actor: "lena", TaskID: "task-r00", To: "rosa"}, `actor: "lena" is not a manager`},
		{UpdateReassignTask, ReassignTaskUpdate{Actor: "maya", TaskID: "task-r00", To: "omar"}, "lacks skill"},
		{UpdateReassignTask, ReassignTaskUpdate{Actor: "maya", TaskID: "task-zz", To: "rosa"}, "holds no place"},
		{UpdateOutOfOffice, map[string]any{"actor": "maya", "person": "lena", "bak": "2026-11-30"}, `unknown field "bak"; the fields are actor, person, from, back`},
		{UpdateOutOfOffice, json.RawMessage(`{"actor": "rosa", "actor": "maya", "person": "lena"}`), "actor: appears twice in its object"},
		{UpdateOutOfOffice, json.RawMessage(`{"Actor": "maya", "person": "lena"}`), "Actor: unknown field"},
		{UpdateLeave, json.RawMessage(`{"actor": "maya", "person": "le\u0000na"}`), "person: holds the control character U+0000"},
		{UpdateChangeHours, ChangeHoursUpdate{Actor: "mallory", Person: "omar", WeeklyHours: 10}, `actor: "mallory" is not a manager of marketing-ops (maya)`},
		{UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "mallory", Person: "omar"}, `actor: "mallory" is not a manager`},
		{UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "rosa", Person: "omar"}, `actor: "rosa" is not a manager`},
		{UpdateJoin, JoinUpdate{Actor: "omar", Person: roster.Person{ID: "kim", Seniority: roster.Specialist, Skills: []string{"design"}, WeeklyHours: 20}}, `actor: "omar" is not a manager`},
		{UpdateLeave, LeaveUpdate{Actor: "omar", Person: "omar"}, `actor: "omar" is not a manager`},
		{UpdateJoin, JoinUpdate{Actor: "maya", Person: roster.Person{ID: "kim", Seniority: roster.Specialist, Skills: []string{"desing"}, WeeklyHours: 20}}, `person.skills[0]: "desing" is not a skill of this team's work`},
	}
	var results []*updateResult
	for i, r := range refused {
		results = append(results, re.updateAt(3*time.Second+time.Duration(i)*time.Millisecond, r.name, r.arg))
	}
	re.at(4*time.Second, func() {
		for i, r := range refused {
			require.True(t, results[i].done, r.want)
			assert.ErrorContains(t, results[i].err, r.want)
		}
		assert.Equal(t, before, re.status(), "refused updates change nothing")
	})
	// lena goes out of office: her tasks move to rosa, who has room.
	away := re.updateAt(5*time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "lena", Back: "2026-11-30"})
	kim := re.updateAt(6*time.Second, UpdateJoin, JoinUpdate{Actor: "maya", Person: roster.Person{ID: "kim", Seniority: roster.Specialist, Skills: []string{"design"}, WeeklyHours: 20}})
	moved := re.updateAt(7*time.Second, UpdateReassignTask, ReassignTaskUpdate{Actor: "maya", TaskID: "task-r00", To: "kim"})
	re.at(8*time.Second, func() {
		require.NoError(t, away.err)
		require.NotEmpty(t, away.change.Notices)
		for _, n := range away.change.Notices {
			assert.Equal(t, "rosa", n.Person, n.TaskID)
		}
		require.NoError(t, kim.err)
		require.NoError(t, moved.err)
		require.Len(t, moved.change.Notices, 1)
		assert.Equal(t, "kim", moved.change.Notices[0].Person)
		assert.Equal(t, "moved by maya", moved.change.Notices[0].Reason)
		st := re.status()
		assert.Equal(t, 1, st.Counts.Moved)
		for _, p := range st.People {
			if p.ID == "lena" {
				assert.True(t, p.Away)
				assert.Empty(t, p.OpenTasks)
			}
		}
		placed(t, st)
	})
	re.run(9 * time.Second)
}

// A person marks themselves out of office and back; only a manager does it for someone else.
func TestRosterPeopleMarkThemselvesAway(t *testing.T) {
	re := newRosterEnv(t)
	re.in.Roster.Managers = []string{"maya"}
	away := re.updateAt(time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "omar", Person: "omar"})
	back := re.updateAt(2*time.Second, UpdateBackInOffice, BackInOfficeUpdate{Actor: "omar", Person: "omar"})
	other := re.updateAt(3*time.Second, UpdateBackInOffice, BackInOfficeUpdate{Actor: "omar", Person: "lena"})
	re.at(4*time.Second, func() {
		require.NoError(t, away.err)
		require.NoError(t, back.err)
		require.ErrorContains(t, other.err, `actor: "omar" is not a manager of marketing-ops`)
	})
	re.run(5 * time.Second)
}

// Continue-as-new carries the whole roster: people, bookings, the queue, completions
// and counts; asks that arrive as it continues are applied first, not lost.
func TestRosterContinueAsNewKeepsAllState(t *testing.T) {
	re := newRosterEnv(t)
	var before RosterStatus
	re.at(time.Second, func() {
		for i := 0; i < 30; i++ {
			re.ask(designAsk(i, 1.5))
		}
	})
	re.at(2*time.Second, func() {
		re.env.SignalWorkflow(SignalReleasePerson, ReleasePersonSignal{TaskID: "task-r00", Completed: true, ActualHours: 1, Reason: "completed"})
	})
	away := re.updateAt(2500*time.Millisecond, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "omar", From: "2026-12-21", Back: "2027-01-04"})
	re.at(3*time.Second, func() {
		require.NoError(t, away.err)
		before = re.status()
		re.env.SetContinueAsNewSuggested(true)
		// Both asks arrive in the workflow task that continues as new.
		re.env.SignalWorkflowSkippingWorkflowTask(SignalRequestPerson, RequestPersonSignal{Request: designAsk(40, 1)})
		re.ask(designAsk(41, 1))
	})
	re.env.ExecuteWorkflow(TeamRosterWorkflow, re.in)
	require.True(t, re.env.IsWorkflowCompleted())
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(re.env.GetWorkflowError(), &can), "continued as new: %v", re.env.GetWorkflowError())
	var next RosterInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.State)
	assert.Equal(t, 1, next.Runs)
	assert.False(t, next.Resync, "the first run asked the open tasks already")

	after := next.State.View(tuesday10NY.Add(3 * time.Second))
	booked, waiting := placed(t, RosterStatus{View: after})
	assert.True(t, waiting["task-r40"] && waiting["task-r41"], "asks sent as it continued are in the next run")
	untold := next.State.Untold()
	require.NotEmpty(t, untold, "the ask applied while closing is carried, its place not yet told")
	// Each of them is told: by this run, or by the next from the state it carries.
	told := map[string]bool{}
	for _, n := range re.told() {
		told[n.TaskID] = true
	}
	for _, id := range untold {
		told[id] = true
	}
	assert.True(t, told["task-r40"] && told["task-r41"], "told %v, carried %v", re.told(), untold)
	bookedBefore, _ := placed(t, before)
	assert.Equal(t, bookedBefore, booked)
	assert.Equal(t, before.Counts.Assigned, after.Counts.Assigned)
	assert.Equal(t, before.Counts.Queued+2, after.Counts.Queued)
	assert.Equal(t, before.People, after.People, "people, hours, away, bookings and actuals carried over")
	var carried []roster.Waiting
	for _, w := range after.Queue {
		if w.TaskID != "task-r40" && w.TaskID != "task-r41" {
			carried = append(carried, w)
		}
	}
	assert.Equal(t, before.Queue, carried, "the queue in its order")
	assert.Equal(t, before.ActualDone, after.ActualDone)

	// The next run starts from that state and answers the same.
	var suite testsuite.WorkflowTestSuite
	env2 := suite.NewTestWorkflowEnvironment()
	env2.SetStartTime(tuesday10NY.Add(3 * time.Second))
	env2.RegisterWorkflow(TeamRosterWorkflow)
	env2.RegisterActivity(&activities.Rosters{})
	env2.OnActivity("ListOpenTasks", mock.Anything, mock.Anything).Return(activities.OpenTasks{}, nil).Maybe()
	var delivered []string
	var mu sync.Mutex
	env2.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", SignalRosterNotice, mock.Anything).Return(
		func(_, taskID, _, _ string, _ any) error {
			mu.Lock()
			defer mu.Unlock()
			delivered = append(delivered, taskID)
			return nil
		})
	env2.RegisterDelayedCallback(func() {
		v, err := env2.QueryWorkflow(QueryRoster)
		require.NoError(t, err)
		var st RosterStatus
		require.NoError(t, v.Get(&st))
		assert.Equal(t, 2, st.Runs)
		assert.Equal(t, after.People, st.People)
		var allTold []roster.Waiting
		for _, w := range after.Queue {
			w.Told = true
			allTold = append(allTold, w)
		}
		assert.Equal(t, allTold, st.Queue, "the same queue, each task now told its place")
		mu.Lock()
		defer mu.Unlock()
		for _, id := range untold {
			assert.Contains(t, delivered, id, "the next run tells what the last one left untold first")
		}
	}, time.Second)
	env2.SetWorkflowRunTimeout(2 * time.Second)
	env2.ExecuteWorkflow(TeamRosterWorkflow, next)
	require.True(t, env2.IsWorkflowCompleted())
}

// An ask the roster cannot take is neither booked nor queued: the task hears why.
func TestRosterRefusesABadAskAndSaysSo(t *testing.T) {
	re := newRosterEnv(t)
	bad := designAsk(0, -1)
	re.at(time.Second, func() { re.ask(bad) })
	re.at(2*time.Second, func() {
		require.Len(t, re.told(), 1)
		n := re.told()[0]
		assert.Equal(t, bad.TaskID, n.TaskID)
		assert.Empty(t, n.Person)
		assert.Zero(t, n.Position)
		assert.Contains(t, n.Reason, "hours: -1 is negative")
		booked, waiting := placed(t, re.status())
		assert.Empty(t, booked)
		assert.Empty(t, waiting)
	})
	re.run(3 * time.Second)
}

// A task asking again (handed back) frees its hours at once, for the task waiting behind it.
func TestRosterReAskLetsTheQueueIn(t *testing.T) {
	re := newRosterEnv(t)
	big, next := designAsk(0, 14), designAsk(1, 14)
	re.at(time.Second, func() {
		re.ask(big)  // lena: 14h of her 14.44h
		re.ask(next) // rosa: 14h of her 15.2h
		re.ask(designAsk(2, 10))
	})
	again := big
	again.Seq, again.Exclude = 2, []string{"lena"}
	re.at(2*time.Second, func() { re.ask(again) })
	re.at(3*time.Second, func() {
		st := re.status()
		booked, waiting := placed(t, st)
		assert.True(t, booked["task-r02"], "the waiting task took lena's freed hours")
		assert.True(t, waiting["task-r00"], "nobody but lena had room for the handed-back task")
		assert.Equal(t, 1, st.Counts.Released)
	})
	re.run(4 * time.Second)
}

// Asks that arrive late are ignored: one sent before the task released, and one older than the ask it holds.
func TestRosterIgnoresStaleAsks(t *testing.T) {
	re := newRosterEnv(t)
	first := designAsk(0, 1)
	first.Seq = 1
	second := first
	second.Seq = 2
	re.at(time.Second, func() {
		re.env.SignalWorkflow(SignalReleasePerson, ReleasePersonSignal{TaskID: "task-r00", Reason: "cancelled", Seq: 1})
		re.ask(first)
	})
	re.at(2*time.Second, func() {
		booked, waiting := placed(t, re.status())
		assert.Empty(t, booked, "released before its ask arrived: nothing booked")
		assert.Empty(t, waiting)
		other := designAsk(1, 1)
		other.Seq = 2
		re.ask(other)
		older := other
		older.Seq, older.Prefer = 1, "rosa"
		re.ask(older)
	})
	re.at(3*time.Second, func() {
		st := re.status()
		booked, _ := placed(t, st)
		assert.True(t, booked["task-r01"])
		assert.Equal(t, 1, st.Counts.Assigned, "the older ask did not re-place it")
	})
	re.run(4 * time.Second)
}

// Cancelling a roster does not stop it: it keeps the team's bookings and answers asks.
func TestRosterIgnoresCancel(t *testing.T) {
	re := newRosterEnv(t)
	re.at(time.Second, re.env.CancelWorkflow)
	re.at(2*time.Second, func() { re.ask(designAsk(0, 1)) })
	re.at(3*time.Second, func() {
		booked, _ := placed(t, re.status())
		assert.True(t, booked["task-r00"])
	})
	re.run(4 * time.Second)
}

// Time off set by an update for later takes effect at its start, not at the next check.
func TestRosterFutureTimeOffTakesEffectOnTime(t *testing.T) {
	re := newRosterEnv(t)
	re.at(time.Second, func() { re.ask(designAsk(0, 1)) })
	away := re.updateAt(2*time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "lena", From: tuesday10NY.Add(2 * time.Minute).Format(time.RFC3339)})
	re.at(2*time.Minute+time.Second, func() {
		require.NoError(t, away.err)
		st := re.status()
		for _, p := range st.People {
			if p.ID == "rosa" {
				require.Len(t, p.OpenTasks, 1, "lena's task moved to rosa when her time off began")
			}
		}
	})
	re.run(3 * time.Minute)
}

// A roster started again asks the team's open tasks for their places; a task that
// answers with the person who holds it keeps them and is not told anything new.
func TestRosterResyncTakesOverHeldPlaces(t *testing.T) {
	re := newRosterEnv(t)
	re.in.Resync = true // the team had a roster before
	re.open = []string{"task-held", "task-waiting"}
	held := designAsk(0, 13)
	held.TaskID, held.Seq, held.Holds, held.Resync = "task-held", 3, "lena", true
	waiting := designAsk(1, 1)
	waiting.TaskID, waiting.Seq, waiting.Resync = "task-waiting", 2, true
	re.at(time.Second, func() {
		var resync []string
		for _, n := range re.told() {
			if n.Resync {
				resync = append(resync, n.TaskID)
			}
		}
		assert.ElementsMatch(t, re.open, resync, "each open task asked for its place (the notices go out at once, so in any order)")
		re.ask(held)
		re.ask(waiting)
	})
	re.at(2*time.Second, func() {
		st := re.status()
		booked, _ := placed(t, st)
		assert.True(t, booked["task-held"])
		assert.True(t, booked["task-waiting"])
		for _, p := range st.People {
			if p.ID == "lena" {
				require.Len(t, p.OpenTasks, 1)
				assert.Equal(t, "task-held", p.OpenTasks[0].TaskID, "lena keeps the task she holds")
			}
		}
		var toldHeld bool
		for _, n := range re.told() {
			toldHeld = toldHeld || (n.TaskID == "task-held" && !n.Resync)
		}
		assert.False(t, toldHeld, "a kept booking needs no notice")
	})
	re.run(3 * time.Second)
}

// A task this run already placed answers the resync with nothing new: no second booking, no count.
func TestRosterResyncIgnoresKnownTasks(t *testing.T) {
	re := newRosterEnv(t)
	ask := designAsk(0, 1)
	ask.Seq = 1
	re.at(time.Second, func() { re.ask(ask) })
	answer := ask
	answer.Resync = true // asking still: it holds nobody yet in its own eyes
	re.at(2*time.Second, func() { re.ask(answer) })
	re.at(3*time.Second, func() {
		st := re.status()
		assert.Equal(t, roster.Counts{Assigned: 1}, st.Counts)
		assert.Len(t, re.told(), 1, "only the first ask's notice")
	})
	re.run(4 * time.Second)
}

// A run that continues as new before the team's open tasks were asked for their places
// hands the job to the next run.
func TestRosterResyncSurvivesContinueAsNew(t *testing.T) {
	var suite testsuite.WorkflowTestSuite
	re := newRosterEnv(t)
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(tuesday10NY)
	env.RegisterWorkflow(TeamRosterWorkflow)
	env.RegisterActivity(&activities.Rosters{})
	env.OnActivity("ListOpenTasks", mock.Anything, mock.Anything).After(time.Hour).Return(activities.OpenTasks{TaskIDs: []string{"task-a"}}, nil)
	env.OnActivity("ReadCompletions", mock.Anything, mock.Anything).After(time.Hour).Return(activities.Completions{}, nil)
	env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", SignalRosterNotice, mock.Anything).Return(nil)
	env.RegisterDelayedCallback(func() {
		env.SetContinueAsNewSuggested(true)
		env.SignalWorkflow(SignalRequestPerson, RequestPersonSignal{Request: designAsk(0, 1)})
	}, time.Second)
	re.in.Resync, re.in.Restore = true, true
	env.ExecuteWorkflow(TeamRosterWorkflow, re.in)
	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, env.GetWorkflowError(), &can)
	var next RosterInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	assert.True(t, next.Resync, "the next run asks the open tasks")
	assert.True(t, next.Restore, "the next run reads the completions")
	assert.NotNil(t, next.State)
}

// A roster started again reads the last week's completions back from the team's closed
// tasks: estimates against actuals, each person's actual hours, and the counts they
// make, alongside the bookings its open tasks tell it.
func TestRosterRebuildReadsCompletionsBack(t *testing.T) {
	re := newRosterEnv(t)
	re.in.Resync, re.in.Restore = true, true
	var query string
	re.env.OnActivity("ReadCompletions", mock.Anything, mock.Anything).Return(func(_ context.Context, q activities.TaskQuery) (activities.Completions, error) {
		query = q.Query
		return activities.Completions{Done: []roster.Completion{
			{TaskID: "task-done", Person: "lena", Allocation: catalog.AllocationReactiveSupport, Estimated: 1, Actual: 1.5, At: tuesday10NY.Add(-24 * time.Hour)},
		}}, nil
	})
	re.at(time.Second, func() {
		st := re.status()
		assert.Equal(t, roster.Counts{Assigned: 1, Released: 1}, st.Counts)
		assert.InDelta(t, 1.5, st.ActualDone, 1e-9)
		assert.InDelta(t, 1.0, st.EstimatedDone, 1e-9)
		for _, p := range st.People {
			if p.ID == "lena" {
				assert.InDelta(t, 1.5, p.ActualHours, 1e-9)
			}
		}
	})
	re.run(2 * time.Second)
	assert.Equal(t, "WorkflowType = 'CampaignTaskWorkflow' AND ExecutionStatus = 'Completed' AND LanesTeam = 'marketing-ops' AND CloseTime >= '2026-11-17T15:00:00Z'", query)
}

// openBooking finds a task among the open tasks the roster lists.
func openBooking(t *testing.T, st RosterStatus, taskID string) roster.Booking {
	t.Helper()
	for _, p := range st.People {
		for _, b := range p.OpenTasks {
			if b.TaskID == taskID {
				return b
			}
		}
	}
	require.Failf(t, "not booked", "%s is not among the open tasks", taskID)
	return roster.Booking{}
}

// The roster lists a booking as notifying while its notice is on its way to the task,
// so its view never shows a task as someone's before the task can know it; once the
// notice has reached the task, the listing and the task's status agree.
func TestRosterListsABookingAsNotifyingUntilItLands(t *testing.T) {
	re := newRosterEnv(t)
	re.at(time.Second, func() { re.ask(designAsk(0, 2)) })
	var booked, moving, moved roster.Booking
	re.at(2*time.Second, func() {
		booked = openBooking(t, re.status(), "task-r00")
		re.env.UpdateWorkflow(UpdateReassignTask, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) { assert.NoError(t, err) },
			OnAccept: func() {},
			OnComplete: func(_ any, err error) {
				assert.NoError(t, err)
				moving = openBooking(t, re.status(), "task-r00") // the move's notice has just left
			},
		}, ReassignTaskUpdate{Actor: "maya", TaskID: "task-r00", To: "rosa"})
	})
	re.at(3*time.Second, func() { moved = openBooking(t, re.status(), "task-r00") })
	re.run(4 * time.Second)

	assert.Equal(t, "lena", booked.Person)
	assert.False(t, booked.Notifying, "the booking's notice reached the task")
	assert.Equal(t, "rosa", moving.Person)
	assert.True(t, moving.Notifying, "the roster shows the move before the task has it")
	assert.Equal(t, "rosa", moved.Person)
	assert.False(t, moved.Notifying)
	require.Len(t, re.told(), 2)
	assert.Equal(t, re.told()[1].Serial, moving.NoticeSerial)
}

// A booked task's refresh reaches the roster though it repeats the task's ask: when its
// holder goes out of office, it queues by the new priority, ahead of work that ranked
// above it when it first asked, and the queue shows when its wait began.
func TestRosterRefreshReordersAHandedBackTask(t *testing.T) {
	re := newRosterEnv(t)
	raised := designAsk(1, 1)
	raised.Priority, raised.Seq, raised.Prefer, raised.Exclude = 311, 1, "lena", []string{"rosa"}
	video := func(id string, priority int) roster.Request {
		return roster.Request{TaskID: id, TaskType: "video-cut", Skill: "video", Allocation: catalog.AllocationCampaignExecution, Hours: 1, Priority: priority, At: tuesday10NY, Seq: 1}
	}
	re.at(time.Second, func() {
		re.ask(raised)
		re.ask(video("task-planned", 111))
		re.ask(video("task-exception", 211))
	})
	re.at(2*time.Second, func() {
		refresh := raised
		refresh.Priority, refresh.Senior, refresh.Refresh = 0, true, true
		re.ask(refresh)
	})
	away := re.updateAt(3*time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "lena"})
	re.at(4*time.Second, func() {
		require.NoError(t, away.err)
		st := re.status()
		var order []string
		for _, w := range st.Queue {
			order = append(order, w.TaskID)
		}
		assert.Equal(t, []string{raised.TaskID, "task-planned", "task-exception"}, order)
		assert.Equal(t, tuesday10NY.Add(3*time.Second), st.Queue[0].Since, "waiting since the hand-back")
		assert.Equal(t, tuesday10NY.Add(time.Second), st.Queue[1].Since, "waiting since its ask")
	})
	re.run(5 * time.Second)
}

// A closing run lets the notices on their way land before it continues as new (each
// landing is an event, and one arriving as the continue-as-new is recorded makes
// Temporal reject it): the booking is carried as delivered, not sent again.
func TestRosterLetsNoticesLandBeforeContinuingAsNew(t *testing.T) {
	re := newRosterEnv(t)
	slow := make(chan struct{})
	re.held["task-slow"] = slow
	slowAsk := designAsk(1, 1)
	slowAsk.TaskID = "task-slow"
	re.at(time.Second, func() { re.ask(slowAsk) })
	// The notice to task-r02 goes out in the workflow task that sees the suggestion and
	// closes the run; task-slow's notice lands only after that workflow task.
	re.sent["task-r02"] = func() { close(slow) }
	re.at(2*time.Second, func() {
		re.env.SetContinueAsNewSuggested(true)
		re.ask(designAsk(2, 1)) // wakes the loop, which sees the suggestion
	})
	re.env.ExecuteWorkflow(TeamRosterWorkflow, re.in)
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(re.env.GetWorkflowError(), &can), "continued as new: %v", re.env.GetWorkflowError())
	var next RosterInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	var told []string
	for _, n := range re.told() {
		told = append(told, n.TaskID)
	}
	assert.Contains(t, told, "task-slow")
	b, ok := next.State.Bookings["task-slow"]
	require.True(t, ok)
	assert.False(t, b.Notifying, "delivered before the run closed, so the next run does not tell it again")
}
