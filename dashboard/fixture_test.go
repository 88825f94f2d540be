package dashboard_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// newYork is marketing-ops' zone in the default catalog. Summer time starts on
// Sunday 8 March 2026, inside the fixture's weeks, so a week cut at 24 hours
// rather than by the calendar would show.
var newYork = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	zone, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return zone
}

// march is a time on a day of March 2026 in New York.
func march(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, newYork)
}

// now is the dashboard's clock in the tests: Friday 20 March 2026, noon in New York.
var now = march(20, 12, 0)

// taskFacts writes one task's facts as its workflow would, each under its own key.
type taskFacts struct {
	id    string
	facts []ledger.Fact
}

func newTask(id, taskType, team string, lane catalog.Lane, manualMinutes int, received time.Time) *taskFacts {
	t := &taskFacts{id: id}
	t.add(ledger.Fact{Kind: ledger.KindClassified, Milestone: "classified", At: received, Task: &ledger.TaskDetails{
		TaskType: taskType, Team: team, Bucket: catalog.BucketRepeatableNoncritical, Lane: lane, Received: received,
		ManualMinutes: manualMinutes, HoursEstimated: float64(manualMinutes) / 60,
	}})
	return t
}

func (t *taskFacts) add(f ledger.Fact) {
	f.TaskID = t.id
	if f.Milestone == "" {
		f.Milestone = fmt.Sprintf("%s-%d", f.Kind, len(t.facts))
	}
	t.facts = append(t.facts, f)
}

// brief sets intake's business unit, rush flag and priority score.
func (t *taskFacts) brief(unit string, rush bool, score float64) *taskFacts {
	d := t.facts[0].Task
	d.BusinessUnit, d.Rush, d.Score = unit, rush, score
	return t
}

func (t *taskFacts) booked(person string, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindBooked, At: at, Person: person})
}

func (t *taskFacts) acknowledged(person string, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindAcknowledged, At: at, Person: person})
}

func (t *taskFacts) clock(name, outcome string, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindSLAClock, Milestone: "clock-" + name, At: at, Clock: &ledger.SLAClock{
		Name: name, Target: "1h", Budget: time.Hour, Used: time.Hour, Deadline: at, Outcome: outcome,
	}})
}

func (t *taskFacts) escalated(cycle, level int, trigger string, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindEscalated, Milestone: fmt.Sprintf("escalation-%d-%d", cycle, level), At: at,
		Escalation: &ledger.Escalation{Trigger: trigger, Level: level}})
}

func (t *taskFacts) automation(failed bool, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindAutomation, At: at, Automation: &ledger.AutomationAttempt{Executor: "rpa", Action: "run", Failed: failed}})
}

func (t *taskFacts) rerouted(lane catalog.Lane, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindHandoff, At: at, Handoff: &ledger.Handoff{Kind: ledger.HandoffReroute, ToLane: lane}})
}

func (t *taskFacts) closed(byAutomation bool, hours float64, at time.Time) {
	t.add(ledger.Fact{Kind: ledger.KindClosed, Milestone: "closed", At: at, Closure: &ledger.Closure{
		Outcome: ledger.OutcomeCompleted, ByAutomation: byAutomation, HoursActual: hours,
	}})
}

// automated is a task an automation did at once: both clocks met, closed by it.
func automated(id, taskType, team string, manualMinutes int, received time.Time, took time.Duration) *taskFacts {
	t := newTask(id, taskType, team, catalog.LaneAutomated, manualMinutes, received)
	t.automation(false, received.Add(took))
	t.acknowledged("", received.Add(time.Minute))
	t.clock(ledger.ClockResponse, ledger.ClockMet, received.Add(time.Minute))
	t.clock(ledger.ClockResolution, ledger.ClockMet, received.Add(took))
	t.closed(true, 0, received.Add(took))
	return t
}

// marchTasks is three weeks of marketing-ops work and one analytics task; every
// number the tests read from the pages is worked out from these in their comments.
func marchTasks() []*taskFacts {
	// Week of Monday 2 March: two UTM checks the bot did (5m, 20m), and an email
	// QA that lena answered late, escalated on the breach, and did in 26 hours.
	u1 := automated("task-u1", "utm-naming-validation", "marketing-ops", 15, march(2, 9, 0), 5*time.Minute).brief("consumer", false, 40)
	u2 := automated("task-u2", "utm-naming-validation", "marketing-ops", 15, march(3, 10, 0), 20*time.Minute).brief("consumer", false, 40)
	q1 := newTask("task-q1", "weekly-lifecycle-email-qa", "marketing-ops", catalog.LaneHuman, 90, march(3, 9, 0)).brief("growth", true, 80)
	q1.booked("lena", march(3, 9, 10))
	q1.clock(ledger.ClockResponse, ledger.ClockBreached, march(3, 10, 0))
	q1.escalated(1, 1, ledger.TriggerBreach, march(3, 10, 0))
	q1.acknowledged("lena", march(3, 11, 0))
	q1.clock(ledger.ClockResolution, ledger.ClockMet, march(4, 11, 0))
	q1.closed(false, 3, march(4, 11, 0))

	// Week of Monday 9 March: an outage omar fixed in 2 hours after it climbed
	// to level 2 on severity; a data sync whose bot failed, rerouted to devon, who
	// lost its resolution clock and finished it in 50 hours; a UTM check (3m).
	o1 := newTask("task-o1", "live-campaign-outage", "marketing-ops", catalog.LaneHuman, 45, march(9, 14, 0)).brief("consumer", true, 90)
	o1.booked("omar", march(9, 14, 5))
	o1.acknowledged("omar", march(9, 14, 10))
	o1.clock(ledger.ClockResponse, ledger.ClockMet, march(9, 14, 10))
	o1.escalated(1, 1, ledger.TriggerSeverity, march(9, 14, 30))
	o1.escalated(1, 2, ledger.TriggerSeverity, march(9, 15, 0))
	o1.clock(ledger.ClockResolution, ledger.ClockMet, march(9, 16, 0))
	o1.closed(false, 1, march(9, 16, 0))
	r1 := newTask("task-r1", "routine-data-sync", "marketing-ops", catalog.LaneAutomated, 30, march(10, 8, 0))
	r1.automation(true, march(10, 8, 5))
	r1.escalated(1, 1, ledger.TriggerRepeatedFailure, march(10, 8, 5))
	r1.rerouted(catalog.LaneHuman, march(10, 8, 5))
	r1.booked("devon", march(10, 8, 10))
	r1.acknowledged("devon", march(10, 8, 30))
	r1.clock(ledger.ClockResponse, ledger.ClockMet, march(10, 8, 30))
	r1.clock(ledger.ClockResolution, ledger.ClockBreached, march(11, 8, 0))
	r1.closed(false, 0.5, march(12, 10, 0))
	u3 := automated("task-u3", "utm-naming-validation", "marketing-ops", 15, march(11, 9, 0), 3*time.Minute)

	// Week of Monday 16 March: a creative review rosa finished late in 3 days 9
	// hours, and one lena still holds.
	c1 := newTask("task-c1", "creative-stakeholder-review", "marketing-ops", catalog.LaneHuman, 60, march(16, 9, 0))
	c1.booked("rosa", march(16, 9, 5))
	c1.acknowledged("rosa", march(16, 9, 30))
	c1.clock(ledger.ClockResponse, ledger.ClockMet, march(16, 9, 30))
	c1.clock(ledger.ClockResolution, ledger.ClockBreached, march(19, 17, 0))
	c1.closed(false, 2, march(19, 18, 0))
	open1 := newTask("task-open1", "creative-stakeholder-review", "marketing-ops", catalog.LaneHuman, 60, march(18, 9, 0))
	open1.booked("lena", march(18, 9, 5))
	open1.acknowledged("lena", march(18, 9, 20))
	open1.clock(ledger.ClockResponse, ledger.ClockMet, march(18, 9, 20))

	// Analytics' dashboard refresh, done by its job in 10 minutes, saving 120.
	m1 := automated("task-m1", "monthly-dashboard-refresh", "analytics", 120, march(4, 10, 0), 10*time.Minute)
	return []*taskFacts{u1, u2, q1, o1, r1, u3, c1, open1, m1}
}

// fillLedger opens a ledger in a temp directory and records the tasks twice, as
// retried activities would: each fact must count once.
func fillLedger(tb testing.TB, tasks []*taskFacts) *ledger.Store {
	tb.Helper()
	store, err := ledger.Open(context.Background(), ledger.Config{Path: filepath.Join(tb.TempDir(), "ledger.db")})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = store.Close() })
	var facts []ledger.Fact
	for _, t := range tasks {
		facts = append(facts, t.facts...)
	}
	for range 2 {
		for batch := range slices.Chunk(facts, 500) {
			refused, err := store.RecordAll(context.Background(), batch)
			if err != nil || len(refused) > 0 {
				tb.Fatalf("record: %v %v", err, refused)
			}
		}
	}
	return store
}
