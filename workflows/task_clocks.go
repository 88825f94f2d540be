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
	t.track(timer, func(f workflow.Future) {
		if err := f.Get(ctx, nil); temporal.IsCanceledError(err) || clock.MetAt != nil {
			return // stopped: the clock was met
		}
		t.breach(ctx, name, clock)
	})
}

// breach marks a clock run out and tells whoever holds the task.
func (t *taskRun) breach(ctx workflow.Context, name string, clock *SLAClock) {
	now := workflow.Now(ctx)
	clock.BreachedAt = &now
	t.status.SLAState = SLABreached
	t.publish(ctx)
	t.notify(ctx, t.breachRecipient(), "sla-breach", fmt.Sprintf("The %s SLA (%s) of %q ran out at %s.", name, clock.Target, t.status.Request.Title, t.local(clock.Deadline)))
	switch clock {
	case &t.status.Response:
		t.escalate(ctx, "response SLA breached", 1)
	case &t.status.Resolution:
		t.runFallback(ctx)
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
	now := workflow.Now(ctx)
	clock.MetAt = &now
	if clock.BreachedAt == nil && now.After(clock.Deadline) {
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
