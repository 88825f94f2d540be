package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// startClock arms a durable timer for an SLA clock; when it fires before the clock
// is met, the task is marked breached and its owner told.
func (t *taskRun) startClock(ctx workflow.Context, name string, clock *SLAClock) {
	if cancel, ok := t.clocks[clock]; ok {
		cancel() // a clock re-armed after a raise or a resume runs on one timer only
	}
	left := clock.Deadline.Sub(workflow.Now(ctx))
	if left <= 0 {
		// The task reached a worker after its deadline (a worker outage, say): breached now.
		t.breach(ctx, name, clock)
		return
	}
	cctx, cancel := workflow.WithCancel(ctx)
	t.clocks[clock] = cancel
	timer := workflow.NewTimerWithOptions(cctx, left, workflow.TimerOptions{
		Summary: fmt.Sprintf("%s SLA (%s) due %s", name, clock.Target, t.local(clock.Deadline)),
	})
	due := clock.Deadline
	t.actions.due(timer, due)
	t.loop.track(timer, func(f workflow.Future) {
		t.actions.handled(f)
		if err := f.Get(ctx, nil); temporal.IsCanceledError(err) {
			return // stopped: the clock was met, or re-armed
		}
		t.catchUp(ctx, due) // an action sent before the deadline counts first
		if clock.MetAt != nil || clock.BreachedAt != nil || clock.PausedAt != nil || !clock.Deadline.Equal(due) {
			return // met, paused or moved by an action that came first
		}
		t.breach(ctx, name, clock)
	})
	t.armWarnings(cctx, ctx, name, clock)
}

// defaultWarnAt is where service desks commonly warn before a breach.
func defaultWarnAt() []float64 { return []float64{0.75} }

// armWarnings sets a timer per warning share of the clock's whole span that has not
// been reached; each warns the holder once, and stops with the clock.
func (t *taskRun) armWarnings(cctx, ctx workflow.Context, name string, clock *SLAClock) {
	shares := t.policy.TaskType.WarnAt
	if len(shares) == 0 {
		shares = defaultWarnAt()
	}
	now := workflow.Now(ctx)
	for _, share := range shares {
		key := fmt.Sprintf("%s@%g", name, share)
		if t.warned[key] || clock.RunningSince == nil {
			continue
		}
		// The share is of the budget, measured the SLA's way, so business-hours clocks warn in working time.
		at, err := t.policy.Calendar.Extend(*clock.RunningSince, time.Duration(share*float64(clock.Budget))-clock.Used, clock.Target)
		if err != nil {
			continue
		}
		left := at.Sub(now)
		if left <= 0 {
			left = time.Millisecond // already past this share, after a raise: warn now
		}
		timer := workflow.NewTimerWithOptions(cctx, left, workflow.TimerOptions{
			Summary: fmt.Sprintf("%s SLA warning at %.0f%%", name, share*100),
		})
		warnAt := now.Add(left)
		t.actions.due(timer, warnAt)
		t.loop.track(timer, func(f workflow.Future) {
			t.actions.handled(f)
			if f.Get(ctx, nil) != nil {
				return
			}
			t.catchUp(ctx, warnAt)
			if clock.MetAt != nil || clock.PausedAt != nil || t.warned[key] {
				return
			}
			t.warned[key] = true
			t.notify(ctx, t.breachRecipient(), "sla-warning", fmt.Sprintf("%.0f%% of the %s SLA (%s) of %q is used; it is due %s.",
				share*100, name, clock.Target, t.status.Request.Title, t.local(clock.Deadline)))
		})
	}
}

// breach marks a clock run out and tells whoever holds the task.
func (t *taskRun) breach(ctx workflow.Context, name string, clock *SLAClock) {
	now := workflow.Now(ctx)
	clock.BreachedAt = &now
	t.status.SLAState = SLABreached
	t.publish(ctx)
	t.notify(ctx, t.breachRecipient(), "sla-breach", fmt.Sprintf("The %s SLA (%s) of %q ran out at %s.", name, clock.Target, t.status.Request.Title, t.local(clock.Deadline)))
	switch {
	case clock == &t.status.Response:
		t.escalate(ctx, "response SLA breached", 1)
	case t.status.Fallback == nil:
		t.runFallback(ctx)
	default:
		// The deferred due date passed too: a second defer would only move it again.
		t.escalate(ctx, "deferred due date missed", 1)
	}
}

func (t *taskRun) breachRecipient() string {
	if t.status.Assignee != "" {
		return t.status.Assignee
	}
	return RoleAssignee(t.policy.TaskType.OwnerRole)
}

// meet stops a clock the first time its work is done. Work done after the deadline
// is a breach even when it reaches the workflow before the deadline's timer does.
func (t *taskRun) meet(ctx workflow.Context, clock *SLAClock) {
	if clock.MetAt != nil {
		return
	}
	now := t.actions.now(ctx)
	clock.MetAt = &now
	t.spend(clock, now)
	if clock.PausedAt != nil {
		// Done while waiting on the requester: no time ran, so the budget decides.
		clock.PausedFor += now.Sub(*clock.PausedAt)
		clock.PausedAt = nil
	} else if clock.BreachedAt == nil && now.After(clock.Deadline) {
		deadline := clock.Deadline
		clock.BreachedAt = &deadline
		t.status.SLAState = SLABreached
	}
	if cancel, ok := t.clocks[clock]; ok {
		cancel()
	}
}

// local shows a time in the owning team's zone, the way the team reads its deadlines.
func (t *taskRun) local(at time.Time) string {
	if t.zone != nil {
		at = at.In(t.zone)
	}
	return at.Format("Mon 2 Jan 15:04 MST")
}

func (t *taskRun) deadlines() string {
	st := t.status
	return fmt.Sprintf("respond by %s, resolve by %s", t.local(st.Response.Deadline), t.local(st.Resolution.Deadline))
}
