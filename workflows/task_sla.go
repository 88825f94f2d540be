package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"
)

// start arms a durable timer for a clock; when it fires before the clock is met, the
// clock runs out. The task is read when a timer fires, for whom to tell.
func (c *clocks) start(ctx workflow.Context, a alarms, task *taskState, name string, clock *SLAClock) {
	c.armed = true
	c.stop(clock) // a clock re-armed after a raise or a resume runs on one timer only
	left := clock.Deadline.Sub(workflow.Now(ctx))
	if left <= 0 {
		// The task reached a worker after its deadline (a worker outage, say): breached now.
		c.runOut(ctx, a, task, name, clock)
		return
	}
	cctx, cancel := workflow.WithCancel(ctx)
	c.arm(clock, cancel)
	timer := workflow.NewTimerWithOptions(cctx, left, workflow.TimerOptions{
		Summary: fmt.Sprintf("%s SLA (%s) due %s", name, clock.Target, c.local(clock.Deadline)),
	})
	due := clock.Deadline
	a.wake(ctx, timer, due, func() {
		if c.due(clock, due) { // not met, paused or moved by an action that came first
			c.runOut(ctx, a, task, name, clock)
		}
	})
	c.armWarnings(cctx, ctx, a, task, name, clock)
}

// startResponse starts the response clock. A task whose automation starts as it is
// routed has its response met in that moment (automation.start), so from
// automationMeetsResponse on its timers are not armed only to be cancelled; a
// deadline already past still breaches as start decides.
func (c *clocks) startResponse(ctx workflow.Context, a alarms, task *taskState, automationStarts bool) {
	if automationStarts && c.respondOnRoute && c.responseClock.Deadline.After(workflow.Now(ctx)) {
		c.armed = true
		return
	}
	c.start(ctx, a, task, "response", c.response())
}

// defaultWarnAt is where service desks commonly warn before a breach.
func defaultWarnAt() []float64 { return []float64{0.75} }

// armWarnings sets a timer per warning share of the clock's whole span that has not
// been reached; each warns the holder once, and stops with the clock.
func (c *clocks) armWarnings(cctx, ctx workflow.Context, a alarms, task *taskState, name string, clock *SLAClock) {
	shares := c.shares
	if len(shares) == 0 {
		shares = defaultWarnAt()
	}
	now := workflow.Now(ctx)
	for _, share := range shares {
		key := fmt.Sprintf("%s@%g", name, share)
		at, ok := c.warnAt(clock, key, share)
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
		a.wake(ctx, timer, now.Add(left), func() {
			if !c.warn(clock, key) {
				return
			}
			a.record(ctx, slaWarning(name, share))
			a.notify(ctx, task.holder(), "sla-warning", fmt.Sprintf("%.0f%% of the %s SLA (%s) of %q is used; it is due %s.",
				share*100, name, clock.Target, task.Request.Title, c.local(clock.Deadline)))
		})
	}
}

// runOut marks a clock run out and tells whoever holds the task; the task then
// decides what the breach leads to.
func (c *clocks) runOut(ctx workflow.Context, a alarms, task *taskState, name string, clock *SLAClock) {
	c.breach(clock, workflow.Now(ctx))
	c.recordEnd(ctx, a, clock)
	a.publish(ctx)
	a.notify(ctx, task.holder(), "sla-breach", fmt.Sprintf("The %s SLA (%s) of %q ran out at %s.", name, clock.Target, task.Request.Title, c.local(clock.Deadline)))
	a.breached(ctx, clock)
}

// restartResolution arms the resolution clock's timer again, once it runs on a new deadline.
func (c *clocks) restartResolution(ctx workflow.Context, a alarms, task *taskState) {
	c.start(ctx, a, task, c.resolutionName(), c.resolution())
}

// tightenAll halves what is left of each open clock's budget, for a severity raise,
// and re-arms those that run on a new deadline.
func (c *clocks) tightenAll(ctx workflow.Context, a alarms, task *taskState, now time.Time) {
	for _, n := range []struct {
		name  string
		clock *SLAClock
	}{{"response", c.response()}, {c.resolutionName(), c.resolution()}} {
		if c.tighten(n.clock, now) {
			c.start(ctx, a, task, n.name, n.clock)
		}
	}
}

// resolutionName names the resolution clock in notices and timers: a deferred one is
// the "deferred resolution", whose warnings are its own.
func (c *clocks) resolutionName() string {
	if c.deferred {
		return "deferred resolution"
	}
	return "resolution"
}
