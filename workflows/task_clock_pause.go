package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"
)

// waitOnRequester pauses the resolution clock at now, the way service desks stop the
// SLA while the ball is in the requester's court; only the holder, or a manager (g
// knows them), may.
func (c *clocks) waitOnRequester(ctx workflow.Context, tell teller, task *taskState, g *governance, s WaitOnRequesterSignal, now time.Time) error {
	if err := c.pausable(); err != nil {
		return err
	}
	if !IsRoleAssignee(task.Assignee) && task.Assignee != "" && task.Assignee != s.Actor && !g.isManager(s.Actor) {
		return fmt.Errorf("actor: only the assignee, %s, or their manager may wait on the requester", task.Assignee)
	}
	c.pause(now)
	tell.publish(ctx)
	if task.Request.Requester != "" {
		tell.notify(ctx, task.Request.Requester, "waiting-on-you", fmt.Sprintf("%q waits on your answer: %s", task.Request.Title, s.Reason))
	}
	return nil
}

// resumeAt restarts the resolution clock at now with the time that was left when it
// paused; a task whose fallback ran stays breached.
func (c *clocks) resumeAt(ctx workflow.Context, a alarms, task *taskState, now time.Time) error {
	if err := c.resume(now, task.Fallback != nil); err != nil {
		return err
	}
	c.restartResolution(ctx, a, task)
	a.publish(ctx)
	return nil
}

// pausable refuses to pause a resolution clock already paused or run out.
func (c *clocks) pausable() error {
	clock := &c.resolutionClock
	switch {
	case clock.PausedAt != nil:
		return fmt.Errorf("the resolution clock is already paused since %s", c.local(*clock.PausedAt))
	case clock.BreachedAt != nil:
		return errors.New("the resolution SLA already ran out; pausing cannot win it back")
	}
	return nil
}

// pause stops the resolution clock at now while the requester owes an answer.
func (c *clocks) pause(now time.Time) {
	clock := &c.resolutionClock
	clock.PausedAt = &now
	c.spend(clock, now)
	c.stop(clock)
	if c.state != SLABreached {
		c.state = SLAPaused // a breach of the response clock stays visible while paused
	}
}

// resume runs the resolution clock again with the time that was left when it paused;
// fellBack says a fallback ran, so the task stays breached.
func (c *clocks) resume(now time.Time, fellBack bool) error {
	clock := &c.resolutionClock
	if clock.PausedAt == nil {
		return errors.New("the resolution clock is not paused")
	}
	if err := c.run(clock, now, clock.Budget-clock.Used); err != nil {
		return fmt.Errorf("resume the resolution clock: %w", err)
	}
	clock.PausedFor += now.Sub(*clock.PausedAt)
	clock.PausedAt = nil
	c.state = SLAOnTrack
	if c.lost(fellBack) {
		c.state = SLABreached
	}
	return nil
}
