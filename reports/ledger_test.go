package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// zone is a fixed zone away from UTC, so the tests pass wherever they run and a
// day cut in the wrong zone would show.
var zone = time.FixedZone("UTC-5", -5*60*60)

// march is a time on a day of March 2026 in the test zone.
func march(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, zone)
}

// march2026 is the reports' period.
var march2026 = ledger.Period{From: march(1, 0, 0), To: time.Date(2026, time.April, 1, 0, 0, 0, 0, zone)}

// task writes one task's facts in the order a workflow would, each under its own key.
type task struct {
	id    string
	facts []ledger.Fact
}

func newTask(id, taskType, team string, bucket catalog.Bucket, lane catalog.Lane, manualMinutes int, received time.Time) *task {
	t := &task{id: id}
	t.add(ledger.Fact{Kind: ledger.KindClassified, At: received, Task: &ledger.TaskDetails{
		TaskType: taskType, Team: team, Bucket: bucket, Lane: lane, Received: received,
		ManualMinutes: manualMinutes, HoursEstimated: float64(manualMinutes) / 60, BusinessUnit: "growth",
	}})
	return t
}

func (t *task) add(f ledger.Fact) *task {
	f.TaskID = t.id
	f.Milestone = fmt.Sprintf("%s-%d", f.Kind, len(t.facts)+1)
	t.facts = append(t.facts, f)
	return t
}

func (t *task) booked(person string, at time.Time) *task {
	return t.add(ledger.Fact{Kind: ledger.KindBooked, At: at, Person: person})
}

func (t *task) acknowledged(person string, at time.Time) *task {
	return t.add(ledger.Fact{Kind: ledger.KindAcknowledged, At: at, Person: person})
}

func (t *task) automation(failed bool, at time.Time) *task {
	return t.add(ledger.Fact{Kind: ledger.KindAutomation, At: at, Automation: &ledger.AutomationAttempt{Executor: "rpa", Action: "utm-validate", Failed: failed}})
}

func (t *task) rerouted(at time.Time) *task {
	return t.add(ledger.Fact{Kind: ledger.KindHandoff, At: at, Handoff: &ledger.Handoff{Kind: ledger.HandoffReroute, ToLane: catalog.LaneHuman}})
}

// clock ends an SLA clock at the given time, met with an hour to spare or breached on its deadline.
func (t *task) clock(name, outcome string, at time.Time) *task {
	deadline := at
	if outcome == ledger.ClockMet {
		deadline = at.Add(time.Hour)
	}
	return t.add(ledger.Fact{Kind: ledger.KindSLAClock, At: at, Clock: &ledger.SLAClock{
		Name: name, Target: "1h", Budget: time.Hour, Used: time.Hour - deadline.Sub(at), Deadline: deadline, Outcome: outcome,
	}})
}

func (t *task) closed(byAutomation bool, hours float64, at time.Time) *task {
	return t.add(ledger.Fact{Kind: ledger.KindClosed, At: at, Closure: &ledger.Closure{Outcome: ledger.OutcomeCompleted, ByAutomation: byAutomation, HoursActual: hours}})
}

// threeTasks are a creative review lena did, a UTM check the bot did, and one
// whose bot failed, rerouted to omar, who lost its resolution SLA.
func threeTasks() []*task {
	review := newTask("task-review", "creative-stakeholder-review", "marketing-ops", catalog.BucketExceptionOnly, catalog.LaneHuman, 60, march(2, 9, 0)).
		booked("lena", march(2, 9, 30)).acknowledged("lena", march(2, 10, 0)).
		clock(ledger.ClockResponse, ledger.ClockMet, march(2, 10, 0)).clock(ledger.ClockResolution, ledger.ClockMet, march(2, 13, 0)).
		closed(false, 1.5, march(2, 13, 0))
	check := newTask("task-check", "utm-naming-validation", "marketing-ops", catalog.BucketRepeatableNoncritical, catalog.LaneAutomated, 15, march(3, 9, 0)).
		automation(false, march(3, 9, 1)).acknowledged("", march(3, 9, 1)).
		clock(ledger.ClockResponse, ledger.ClockMet, march(3, 9, 1)).clock(ledger.ClockResolution, ledger.ClockMet, march(3, 9, 2)).
		closed(true, 0, march(3, 9, 2))
	failed := newTask("task-failed", "utm-naming-validation", "marketing-ops", catalog.BucketRepeatableNoncritical, catalog.LaneAutomated, 15, march(3, 10, 0)).
		automation(true, march(3, 10, 1)).rerouted(march(3, 10, 1)).booked("omar", march(3, 10, 5)).acknowledged("omar", march(3, 10, 10)).
		clock(ledger.ClockResponse, ledger.ClockMet, march(3, 10, 10)).clock(ledger.ClockResolution, ledger.ClockBreached, march(3, 14, 0)).
		closed(false, 0.5, march(3, 15, 0))
	return []*task{review, check, failed}
}

// ledgerOf records the tasks in a new SQLite ledger.
func ledgerOf(t *testing.T, tasks []*task) *ledger.Store {
	t.Helper()
	store, err := ledger.Open(context.Background(), ledger.Config{Path: filepath.Join(t.TempDir(), "ledger.db")})
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	for _, task := range tasks {
		refused, err := store.RecordAll(context.Background(), task.facts)
		require.NoError(t, err)
		require.Empty(t, refused)
	}
	return store
}
