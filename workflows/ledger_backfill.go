package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// A backfill gives the ledger the tasks that closed before it (or whose run had the
// task-ledger gate off), from the one thing Temporal keeps of them: their final
// status. The status is a summary, not the history, so a backfill rebuilds what it
// states exactly, under the key the workflow would have given, and leaves the rest out
// rather than guess a key that could stand beside the workflow's own:
//
//   - rebuilt: classified (with the bucket and lane the task ended in), the automation's
//     run and its result's acknowledgement, both clocks' outcomes (a breached clock used
//     its whole budget; a deferred task's lost resolution clock is the missed due date),
//     the finished escalation climbs whose cause the status names, the fallback, and the
//     close (hours actual only when the roster booked the person).
//   - rebuilt only for a task that never changed hands: the booking and the person's
//     acknowledgement, from the roster's booking, the request's assignee or the log of
//     people's actions.
//   - left out: queued places, SLA warnings, handoffs, reclassifications, a climb still
//     running when the task was cancelled, and the people of a task that changed hands.

// LedgerFactsFromStatus is the ledger's facts of a closed task, rebuilt from its final
// status, in the order they happened with the close last. Each carries the milestone
// key the workflow gives it, so recording them beside the facts the task wrote, or
// twice, adds nothing. manualMinutes is the type's minutes by hand in the catalog,
// used unless the status has them (automation did the work). A task that has not
// closed has no facts yet: nil.
func LedgerFactsFromStatus(st TaskStatus, manualMinutes int) []ledger.Fact {
	if st.CompletedAt == nil {
		return nil
	}
	if st.ManualMinutes > 0 {
		manualMinutes = st.ManualMinutes
	}
	facts := []ledger.Fact{classifiedFromStatus(st, manualMinutes)}
	if run := st.Automation; run != nil && run.FinishedAt != nil {
		facts = append(facts, keyed(automationRan(run), 1))
	}
	facts = append(facts, peopleFromStatus(st)...)
	if _, selfServed := selfService(st.Request.Triage); !selfServed {
		facts = append(facts, clocksFromStatus(st)...)
	}
	facts = append(facts, escalationsFromStatus(st)...)
	if fb := st.Fallback; fb != nil {
		facts = append(facts, ledger.Fact{Milestone: "fallback", Kind: ledger.KindFallback, At: fb.At, Note: string(fb.Action)})
	}
	// Stable, so facts of one moment keep the workflow's order (the automation's run before its acknowledgement).
	slices.SortStableFunc(facts, func(a, b ledger.Fact) int { return a.At.Compare(b.At) })
	facts = append(facts, closedFromStatus(st))
	for i := range facts {
		facts[i].TaskID = st.TaskID
	}
	return facts
}

// keyed gives a fact the key the outbox numbers its kind with, such as booked-1.
func keyed(f ledger.Fact, n int) ledger.Fact {
	f.Milestone = fmt.Sprintf("%s-%d", f.Kind, n)
	return f
}

// classifiedFromStatus is the classified fact as the task's setup wrote it, with the
// bucket and lane the task ended in: a reclassification is not in the status.
func classifiedFromStatus(st TaskStatus, manualMinutes int) ledger.Fact {
	req := st.Request
	d := &ledger.TaskDetails{
		TaskType: req.TaskType, Team: st.Team, Bucket: st.Bucket, Lane: st.Lane,
		BusinessUnit: req.BusinessUnit, Rush: req.Rush, Requester: req.Requester, Campaign: req.CampaignID,
		Received: st.ReceivedAt, ManualMinutes: manualMinutes, HoursEstimated: float64(manualMinutes) / 60,
	}
	if req.Triage != nil {
		d.ServiceTier, d.Score = string(req.Triage.Tier), req.Triage.Score
	}
	return ledger.Fact{Milestone: "classified", Kind: ledger.KindClassified, At: st.ReceivedAt, Note: st.RouteNote, Task: d}
}

// clocksFromStatus is each clock's outcome, for the clocks that ended.
func clocksFromStatus(st TaskStatus) []ledger.Fact {
	var facts []ledger.Fact
	if f, ok := clockFromStatus(ledger.ClockResponse, st.Response); ok {
		facts = append(facts, f)
	}
	resolution := st.Resolution
	if fb := st.Fallback; fb != nil && fb.MissedDeadline != nil {
		// A deferral replaced the lost clock with one to the new due date, which the
		// ledger leaves out; the lost one ran out at its deadline. Its pauses are gone.
		at := fb.At
		resolution = SLAClock{Target: resolution.Target, Budget: resolution.Budget, Deadline: *fb.MissedDeadline, BreachedAt: &at}
	}
	if f, ok := clockFromStatus(ledger.ClockResolution, resolution); ok {
		facts = append(facts, f)
	}
	return facts
}

// clockFromStatus is a clock's outcome: met with the working time it used, or
// breached, which it was when that time reached its budget.
func clockFromStatus(name string, c SLAClock) (ledger.Fact, bool) {
	sla := &ledger.SLAClock{
		Name: name, Target: string(c.Target), Budget: c.Budget, Used: c.Used, Paused: c.PausedFor,
		Deadline: c.Deadline, Outcome: ledger.ClockMet,
	}
	at := c.MetAt
	if c.BreachedAt != nil {
		sla.Outcome, sla.Used, at = ledger.ClockBreached, c.Budget, c.BreachedAt
	}
	if at == nil {
		return ledger.Fact{}, false // still running when the task was cancelled
	}
	return ledger.Fact{Milestone: "clock-" + name, Kind: ledger.KindSLAClock, At: *at, Clock: sla}, true
}

// closedFromStatus is how the task ended, as the workflow's close records it.
func closedFromStatus(st TaskStatus) ledger.Fact {
	task := taskState{Outcome: st.Outcome, CompletedBy: st.CompletedBy, CompletedAt: st.CompletedAt}
	if st.Staffing != nil {
		task.hoursActual = st.Staffing.ActualHours // only a roster's booking keeps the hours reported
	}
	return closedFact(&task, st.Resolution.PausedFor)
}

// escalationStart is what a climb's reason says started it: the workflow writes each
// cause's reason from a fixed start, and a finished climb keeps only its reason.
type escalationStart struct {
	prefix, trigger string
	level           int
}

// escalationStarts are the causes a task escalates on, as escalate is called with them.
func escalationStarts() []escalationStart {
	return []escalationStart{
		{"response SLA breached", ledger.TriggerBreach, 1},
		{"deferred due date missed", ledger.TriggerBreach, 1},
		{"automation failed: ", ledger.TriggerRepeatedFailure, 1},
		{"severity raised: ", ledger.TriggerSeverity, 1},
		{"blocked by ", ledger.TriggerDependencyBlock, 1},
		{"compliance exposure: ", ledger.TriggerCompliance, 2},
		{"capacity breach: ", ledger.TriggerCapacity, 2},
	}
}

// escalationsFromStatus is each finished climb's levels, from the one it started at
// to the one it reached, keyed by its cycle. The status keeps no time per level, so
// each is dated when the climb ended (or, without that, when the task closed).
func escalationsFromStatus(st TaskStatus) []ledger.Fact {
	var facts []ledger.Fact
	for _, e := range st.Escalations {
		i := slices.IndexFunc(escalationStarts(), func(s escalationStart) bool { return strings.HasPrefix(e.Reason, s.prefix) })
		if i < 0 {
			continue // a cause this version does not know: no trigger to record it under
		}
		start := escalationStarts()[i]
		at := *st.CompletedAt
		if e.EndedAt != nil {
			at = *e.EndedAt
		}
		for level := start.level; level <= min(max(start.level, e.LevelReached), 3); level++ {
			f := escalated(e.Cycle, level, start.trigger, e.Reason)
			f.At = at
			facts = append(facts, f)
		}
	}
	return facts
}

// firstAccepted is the earliest accepted action of name by actor in the log, if the
// log still holds it: a log that reached its bound may have dropped the earliest.
func firstAccepted(st TaskStatus, name, actor string) (time.Time, bool) {
	accepted := 0
	var at *time.Time
	for i, s := range st.Signals {
		if !s.Accepted {
			continue
		}
		accepted++
		if at == nil && s.Name == name && s.Actor == actor {
			at = &st.Signals[i].At
		}
	}
	if at == nil || accepted >= maxSignalRecords {
		return time.Time{}, false
	}
	return *at, true
}
