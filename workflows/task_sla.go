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
	t.clocks.stop(clock) // a clock re-armed after a raise or a resume runs on one timer only
	left := clock.Deadline.Sub(workflow.Now(ctx))
	if left <= 0 {
		// The task reached a worker after its deadline (a worker outage, say): breached now.
		t.breach(ctx, name, clock)
		return
	}
	cctx, cancel := workflow.WithCancel(ctx)
	t.clocks.arm(clock, cancel)
	timer := workflow.NewTimerWithOptions(cctx, left, workflow.TimerOptions{
		Summary: fmt.Sprintf("%s SLA (%s) due %s", name, clock.Target, t.clocks.local(clock.Deadline)),
	})
	due := clock.Deadline
	t.actions.due(timer, due)
	t.loop.track(timer, func(f workflow.Future) {
		t.actions.handled(f)
		if err := f.Get(ctx, nil); temporal.IsCanceledError(err) {
			return // stopped: the clock was met, or re-armed
		}
		t.catchUp(ctx, due) // an action sent before the deadline counts first
		if t.clocks.due(clock, due) {
			t.breach(ctx, name, clock)
		}
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
		at, ok := t.clocks.warnAt(clock, key, share)
		if !ok {
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
			if !t.clocks.warn(clock, key) {
				return
			}
			t.notify(ctx, t.breachRecipient(), "sla-warning", fmt.Sprintf("%.0f%% of the %s SLA (%s) of %q is used; it is due %s.",
				share*100, name, clock.Target, t.task.Request.Title, t.clocks.local(clock.Deadline)))
		})
	}
}

// breach marks a clock run out and tells whoever holds the task.
func (t *taskRun) breach(ctx workflow.Context, name string, clock *SLAClock) {
	t.clocks.breach(clock, workflow.Now(ctx))
	t.publish(ctx)
	t.notify(ctx, t.breachRecipient(), "sla-breach", fmt.Sprintf("The %s SLA (%s) of %q ran out at %s.", name, clock.Target, t.task.Request.Title, t.clocks.local(clock.Deadline)))
	switch {
	case clock == t.clocks.response():
		t.escalate(ctx, "response SLA breached", 1)
	case t.task.Fallback == nil:
		t.runFallback(ctx)
	default:
		// The deferred due date passed too: a second defer would only move it again.
		t.escalate(ctx, "deferred due date missed", 1)
	}
}

func (t *taskRun) breachRecipient() string {
	if t.task.Assignee != "" {
		return t.task.Assignee
	}
	return RoleAssignee(t.policy.TaskType.OwnerRole)
}

// meet stops a clock the first time its work is done, when the event the task handles happened.
func (t *taskRun) meet(ctx workflow.Context, clock *SLAClock) {
	t.clocks.meet(clock, t.actions.now(ctx))
}
