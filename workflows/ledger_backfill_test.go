package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// received is when the backfilled tasks came in: a fixed instant, so the test reads
// the same on any date and in any zone.
var received = time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)

// after is a moment d after received, as the pointer a status holds.
func after(d time.Duration) *time.Time {
	at := received.Add(d)
	return &at
}

// A review bob took from the queue and closed, both clocks met: the task, his booking
// and acknowledgement from his action, the clocks with the time they used, the close.
func TestBackfillOfAHumanTask(t *testing.T) {
	st := TaskStatus{
		TaskID:  "task-review",
		Request: TaskRequest{TaskType: "creative-stakeholder-review", Requester: "pat", BusinessUnit: "growth", Rush: true, CampaignID: "cmp-7"},
		Team:    "marketing-ops", Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman,
		Assignee: "bob", AcknowledgedBy: "bob", ReceivedAt: received,
		Response:   SLAClock{Target: "1 business day", Budget: 8 * time.Hour, Used: 2 * time.Hour, Deadline: received.Add(24 * time.Hour), MetAt: after(2 * time.Hour)},
		Resolution: SLAClock{Target: "3 business days", Budget: 24 * time.Hour, Used: 121 * time.Minute, Deadline: received.Add(72 * time.Hour), MetAt: after(121 * time.Minute), PausedFor: 5 * time.Minute},
		Outcome:    OutcomeResolved, CompletedBy: "bob", CompletedAt: after(121 * time.Minute),
		Signals: []SignalRecord{
			{Name: SignalAcknowledge, Actor: "alex", At: *after(time.Hour), Reason: "not on the team"},
			{Name: SignalAcknowledge, Actor: "bob", At: *after(2 * time.Hour), Accepted: true},
			{Name: SignalComplete, Actor: "bob", At: *after(121 * time.Minute), Accepted: true},
		},
	}

	assert.Equal(t, []ledger.Fact{
		{TaskID: "task-review", Milestone: "classified", Kind: ledger.KindClassified, At: received, Task: &ledger.TaskDetails{
			TaskType: "creative-stakeholder-review", Team: "marketing-ops", Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman,
			BusinessUnit: "growth", Rush: true, Requester: "pat", Campaign: "cmp-7", Received: received, HoursEstimated: 1, ManualMinutes: 60,
		}},
		{TaskID: "task-review", Milestone: "booked-1", Kind: ledger.KindBooked, At: *after(2 * time.Hour), Person: "bob"},
		{TaskID: "task-review", Milestone: "acknowledged-1", Kind: ledger.KindAcknowledged, At: *after(2 * time.Hour), Person: "bob"},
		{TaskID: "task-review", Milestone: "clock-response", Kind: ledger.KindSLAClock, At: *after(2 * time.Hour), Clock: &ledger.SLAClock{
			Name: ledger.ClockResponse, Target: "1 business day", Budget: 8 * time.Hour, Used: 2 * time.Hour, Deadline: received.Add(24 * time.Hour), Outcome: ledger.ClockMet,
		}},
		{TaskID: "task-review", Milestone: "clock-resolution", Kind: ledger.KindSLAClock, At: *after(121 * time.Minute), Clock: &ledger.SLAClock{
			Name: ledger.ClockResolution, Target: "3 business days", Budget: 24 * time.Hour, Used: 121 * time.Minute, Paused: 5 * time.Minute,
			Deadline: received.Add(72 * time.Hour), Outcome: ledger.ClockMet,
		}},
		{TaskID: "task-review", Milestone: "closed", Kind: ledger.KindClosed, At: *after(121 * time.Minute), Person: "bob", Note: OutcomeResolved,
			Closure: &ledger.Closure{Outcome: ledger.OutcomeCompleted, Paused: 5 * time.Minute}},
	}, LedgerFactsFromStatus(st, 60))
}

// An outage nobody took for an hour: both clocks breached (each used its whole budget),
// the breach's climb to level 3, the pause fallback; the on-call person the roster
// booked closes it, and the hours they reported come from the booking.
func TestBackfillOfAnEscalatedOutage(t *testing.T) {
	st := TaskStatus{
		TaskID: "task-outage", Request: TaskRequest{TaskType: "live-campaign-outage"},
		Team: "marketing-ops", Bucket: catalog.BucketInstantCritical, Lane: catalog.LaneHuman,
		Assignee: "oncall-1", ReceivedAt: received,
		Response:    SLAClock{Target: "15m", Budget: 15 * time.Minute, Used: 70 * time.Minute, Deadline: *after(15 * time.Minute), BreachedAt: after(15 * time.Minute), MetAt: after(70 * time.Minute)},
		Resolution:  SLAClock{Target: "1h", Budget: time.Hour, Used: 71 * time.Minute, Deadline: *after(time.Hour), BreachedAt: after(time.Hour), MetAt: after(71 * time.Minute)},
		Escalations: []EscalationResult{{Cycle: 1, Reason: "response SLA breached", LevelReached: 3, Ended: EndTaken, EndedAt: after(70 * time.Minute)}},
		Fallback:    &FallbackRecord{Action: catalog.FallbackPause, At: *after(time.Hour), Detail: "paused"},
		Staffing:    &Staffing{Person: "oncall-1", BookedAt: after(70 * time.Minute), ActualHours: 0.5},
		Outcome:     OutcomeResolved, CompletedBy: "oncall-1", CompletedAt: after(71 * time.Minute),
		Signals: []SignalRecord{{Name: SignalAcknowledge, Actor: "oncall-1", At: *after(70 * time.Minute), Accepted: true}},
	}

	facts := LedgerFactsFromStatus(st, 45)
	assert.Equal(t, []string{
		"classified: live-campaign-outage marketing-ops instant_critical human 45min @0s",
		"clock-response: response breached used 15m0s @15m0s",
		"clock-resolution: resolution breached used 1h0m0s @1h0m0s",
		"fallback: fallback pause @1h0m0s",
		"booked-1: booked oncall-1 @1h10m0s",
		"acknowledged-1: acknowledged oncall-1 @1h10m0s",
		"escalation-1-1: breach level 1 @1h10m0s",
		"escalation-1-2: breach level 2 @1h10m0s",
		"escalation-1-3: breach level 3 @1h10m0s",
		"closed: completed (resolved by oncall-1) automation=false 0.5h @1h11m0s",
	}, gists(facts))
	assert.Equal(t, &ledger.Escalation{Trigger: ledger.TriggerBreach, Level: 2, Reason: "response SLA breached"}, facts[7].Escalation)
	assert.Equal(t, *after(time.Hour), facts[2].Clock.Deadline)
}

// An automated task: the automation's run and result, the clocks it met at once, and a
// close by automation that saves the minutes the status counted.
func TestBackfillOfAnAutomatedTask(t *testing.T) {
	st := TaskStatus{
		TaskID: "task-utm", Request: TaskRequest{TaskType: "utm-naming-validation"},
		Team: "marketing-ops", Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, ReceivedAt: received,
		Automation: &AutomationRun{Executor: catalog.ExecutorRPA, Action: "validate-utm-naming", StartedAt: received, FinishedAt: after(time.Minute)},
		Response:   SLAClock{Target: "1h", Budget: time.Hour, Deadline: *after(time.Hour), MetAt: &received},
		Resolution: SLAClock{Target: "4h", Budget: 4 * time.Hour, Used: time.Minute, Deadline: *after(4 * time.Hour), MetAt: after(time.Minute)},
		Outcome:    OutcomeAutomated, CompletedBy: "automation:validate-utm-naming", CompletedAt: after(time.Minute), ManualMinutes: 15,
	}

	facts := LedgerFactsFromStatus(st, 20)
	assert.Equal(t, []string{
		"classified: utm-naming-validation marketing-ops repeatable_noncritical automated 15min @0s",
		"clock-response: response met used 0s @0s",
		"automation-1: rpa validate-utm-naming failed=false @1m0s",
		"acknowledged-1: acknowledged  @1m0s",
		"clock-resolution: resolution met used 1m0s @1m0s",
		"closed: completed (automated by automation:validate-utm-naming) automation=true 0h @1m0s",
	}, gists(facts))
}

// A task cancelled while it waited in the queue: what it was and its close; its clocks
// never ended, and nobody held it.
func TestBackfillOfACancelledTask(t *testing.T) {
	st := TaskStatus{
		TaskID: "task-cancelled", Request: TaskRequest{TaskType: "creative-stakeholder-review"},
		Team: "marketing-ops", Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman,
		Assignee: RoleAssignee("reviewer"), ReceivedAt: received,
		Response:   SLAClock{Target: "1 business day", Budget: 8 * time.Hour, Deadline: received.Add(24 * time.Hour)},
		Resolution: SLAClock{Target: "3 business days", Budget: 24 * time.Hour, Deadline: received.Add(72 * time.Hour)},
		Outcome:    OutcomeCancelled, CompletedAt: after(time.Hour),
	}

	assert.Equal(t, []string{
		"classified: creative-stakeholder-review marketing-ops exception_only human 60min @0s",
		"closed: cancelled (cancelled by ) automation=false 0h @1h0m0s",
	}, gists(LedgerFactsFromStatus(st, 60)))
	assert.Nil(t, LedgerFactsFromStatus(TaskStatus{TaskID: "task-open", ReceivedAt: received}, 60), "an open task has nothing to backfill")
}

// gists are the facts as "key: what @time after received".
func gists(facts []ledger.Fact) []string {
	out := make([]string, len(facts))
	for i, f := range facts {
		out[i] = f.Milestone + ": " + factWhat(f) + " @" + f.At.Sub(received).String()
	}
	return out
}
