package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/ledger"
)

// The facts a task records at its milestones, built from what the parts hold. Facts
// numbered by kind (booked-1, handoff-2) get their key from the outbox; the others
// are keyed here, once per task or per clock, climb and level.

// record queues a fact for the ledger; a fact without a time happened when the event
// the task handles did: a person's action when it was sent, otherwise now.
func (t *taskRun) record(ctx workflow.Context, f ledger.Fact) {
	t.ledger.add(t.actions.now(ctx), f)
}

// acted records a person's action the task heard of from another workflow, such as
// the acknowledgement that stopped an escalation's climb.
func (t *taskRun) acted(rec SignalRecord) {
	t.ledger.action(rec)
}

// classified is what the task is once setup classified it: its type and route, and
// intake's triage and brief.
func classified(task *taskState, policy activities.TaskPolicy, now time.Time) ledger.Fact {
	req := task.Request
	d := &ledger.TaskDetails{
		TaskType: req.TaskType, Team: task.Team, Bucket: task.Bucket, Lane: task.Lane,
		BusinessUnit: req.BusinessUnit, Rush: req.Rush, Requester: req.Requester, Campaign: req.CampaignID,
		Received: task.ReceivedAt, ManualMinutes: policy.TaskType.ManualMinutes,
		HoursEstimated: float64(policy.TaskType.ManualMinutes) / 60, // what the roster books against a week
	}
	if req.Triage != nil {
		d.ServiceTier, d.Score = string(req.Triage.Tier), req.Triage.Score
	}
	return ledger.Fact{Milestone: "classified", Kind: ledger.KindClassified, At: now, Note: task.RouteNote, Task: d}
}

// booked is a person taking the task, booked by the roster, given it, or taking it from a queue.
func booked(person string) ledger.Fact {
	return ledger.Fact{Kind: ledger.KindBooked, Person: person}
}

// queued is the task waiting in a queue for a person, and why.
func queued(why string) ledger.Fact {
	return ledger.Fact{Kind: ledger.KindQueued, Note: why}
}

// handedOff is the task leaving whoever held it: to another person, or to a queue (to empty).
func handedOff(kind ledger.HandoffKind, from, to, why string) ledger.Fact {
	if IsRoleAssignee(to) {
		to = "" // a queue holds nobody: the ledger counts people's time
	}
	return ledger.Fact{Kind: ledger.KindHandoff, Handoff: &ledger.Handoff{Kind: kind, From: from, To: to, Reason: why}}
}

// acknowledged is a person acknowledging the task, or the automation's first result (no person).
func acknowledged(person string) ledger.Fact {
	return ledger.Fact{Kind: ledger.KindAcknowledged, Person: person}
}

// slaWarning is the warning at a share of a clock's span; one per clock and share.
func slaWarning(clock string, share float64) ledger.Fact {
	return ledger.Fact{
		Milestone: fmt.Sprintf("warning-%s-%.0f", strings.ReplaceAll(clock, " ", "-"), share*100),
		Kind:      ledger.KindSLAWarning, Note: fmt.Sprintf("%.0f%% of the %s SLA used", share*100, clock),
	}
}

// ended is an SLA clock met or breached, at the time it ended, with the working time
// it used by then: a breached clock still runs, so its last run counts up to the breach.
func (c *clocks) ended(name string, clock *SLAClock) ledger.Fact {
	sla := &ledger.SLAClock{
		Name: name, Target: string(clock.Target), Budget: clock.Budget, Used: clock.Used, Paused: clock.PausedFor,
		Deadline: clock.Deadline, Outcome: ledger.ClockMet,
	}
	at := clock.MetAt
	if clock.BreachedAt != nil {
		sla.Outcome, at = ledger.ClockBreached, clock.BreachedAt
	}
	if clock.RunningSince != nil && at.After(*clock.RunningSince) {
		if ran, err := c.calendar.Span(*clock.RunningSince, *at, clock.Target); err == nil {
			sla.Used += ran
		}
	}
	return ledger.Fact{Milestone: "clock-" + name, Kind: ledger.KindSLAClock, At: *at, Clock: sla}
}

// escalated is a climb reaching a level: the one it starts at, then each one it climbs to.
func escalated(cycle, level int, trigger, reason string) ledger.Fact {
	return ledger.Fact{
		Milestone: fmt.Sprintf("escalation-%d-%d", cycle, level), Kind: ledger.KindEscalated,
		Escalation: &ledger.Escalation{Trigger: trigger, Level: level, Reason: reason},
	}
}

// automationRan is one run of the type's automation, as it ended.
func automationRan(run *AutomationRun) ledger.Fact {
	a := &ledger.AutomationAttempt{Executor: string(run.Executor), Action: run.Action, Failed: run.Error != "", Error: run.Error}
	return ledger.Fact{Kind: ledger.KindAutomation, At: *run.FinishedAt, Automation: a}
}

// closedFact is how the task ended: completed (whatever its outcome, which the note
// gives) or cancelled, whether automation did the work with no person's step, the
// hours people reported and the time it waited on its requester.
func closedFact(task *taskState, paused time.Duration) ledger.Fact {
	c := &ledger.Closure{
		Outcome: ledger.OutcomeCompleted, ByAutomation: task.Outcome == OutcomeAutomated,
		HoursActual: task.hoursActual, Paused: paused,
	}
	if task.Outcome == OutcomeCancelled {
		c.Outcome = ledger.OutcomeCancelled
	}
	return ledger.Fact{Milestone: "closed", Kind: ledger.KindClosed, At: *task.CompletedAt, Person: task.CompletedBy, Note: task.Outcome, Closure: c}
}

// action queues a person's action the task applied, accepted or refused, with the
// identity its record keeps. Left out: refusals past maxRefusedActionFacts, actions
// past maxActionFacts, and any action while the outbox is half full (the ledger is
// down), so the milestones the numbers count keep their room in it.
func (o *ledgerOutbox) action(rec SignalRecord) {
	if !o.actions || o.acted >= maxActionFacts || (!rec.Accepted && o.refused >= maxRefusedActionFacts) || len(o.pending) >= maxPendingFacts/2 {
		return
	}
	o.acted++
	if !rec.Accepted {
		o.refused++
	}
	id := recorded(rec.Identity)
	o.add(rec.At, ledger.Fact{Kind: ledger.KindAction, At: rec.At, Action: &ledger.Action{
		Name: rec.Name, Actor: rec.Actor, IdentityKind: id.Kind, Subject: id.Subject, Issuer: id.Issuer, System: id.System,
		Accepted: rec.Accepted, Reason: rec.Reason,
	}})
}
