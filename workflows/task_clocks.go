package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// clocks are the task's two SLA clocks, response and resolution, measured on the
// owning team's calendar: their budgets and deadlines, the timer of each running
// one, the warnings sent, and the SLA state that sums them up. Only its methods
// change a clock; the task reads one through response() and resolution().
type clocks struct {
	responseClock, resolutionClock SLAClock
	state                          SLAState
	calendar                       catalog.Calendar
	zone                           *time.Location // the owning team's, for the times people read
	shares                         []float64      // the type's warning shares of a clock's span
	deferred                       bool           // the resolution clock is the fallback's deferred one
	armed                          bool           // the clocks run: the task was routed
	respondOnRoute                 bool           // automation meets the response as it starts: no timers for it
	timers                         map[*SLAClock]workflow.CancelFunc
	warned                         map[string]bool // SLA warnings sent, by clock and share
}

func newClocks() clocks {
	return clocks{state: SLAOnTrack, timers: map[*SLAClock]workflow.CancelFunc{}, warned: map[string]bool{}}
}

// open starts both clocks at start, on the team's calendar; the holder is warned at
// each of the shares of a clock's span.
func (c *clocks) open(calendar catalog.Calendar, start time.Time, response, resolution catalog.SLA, shares []float64) error {
	c.calendar, c.shares = calendar, shares
	if zone, err := time.LoadLocation(calendar.TimeZone); err == nil {
		c.zone = zone
	}
	var err error
	if c.responseClock, err = c.newClock(start, response); err != nil {
		return fmt.Errorf("responseSLA: %w", err)
	}
	if c.resolutionClock, err = c.newClock(start, resolution); err != nil {
		return fmt.Errorf("resolutionSLA: %w", err)
	}
	return nil
}

func (c *clocks) response() *SLAClock   { return &c.responseClock }
func (c *clocks) resolution() *SLAClock { return &c.resolutionClock }

// newClock is a clock of the target that starts running at start.
func (c *clocks) newClock(start time.Time, target catalog.SLA) (SLAClock, error) {
	deadline, err := c.calendar.Deadline(start, target)
	if err != nil {
		return SLAClock{}, err
	}
	budget, err := c.calendar.Span(start, deadline, target)
	return SLAClock{Target: target, Budget: budget, RunningSince: &start, Deadline: deadline.UTC()}, err
}

// spend stops a running clock's run, adding the time it ran to Used.
func (c *clocks) spend(clock *SLAClock, now time.Time) {
	if clock.RunningSince == nil {
		return
	}
	if now.Before(*clock.RunningSince) {
		now = *clock.RunningSince // an action stamped before the clock's run began ran none of it
	}
	if ran, err := c.calendar.Span(*clock.RunningSince, now, clock.Target); err == nil {
		clock.Used += ran
	}
	clock.RunningSince = nil
}

// run restarts a clock at now with left of its budget; its deadline follows.
func (c *clocks) run(clock *SLAClock, now time.Time, left time.Duration) error {
	due, err := c.calendar.Extend(now, left, clock.Target)
	if err != nil {
		return err
	}
	clock.RunningSince, clock.Deadline = &now, due.UTC()
	return nil
}

// arm keeps the cancel of the timer a clock runs on.
func (c *clocks) arm(clock *SLAClock, cancel workflow.CancelFunc) { c.timers[clock] = cancel }

// stop cancels a clock's timer, if it has one.
func (c *clocks) stop(clock *SLAClock) {
	if cancel, ok := c.timers[clock]; ok {
		cancel()
	}
}

// due says whether a clock's timer, set for due, still runs it out: not met, paused
// or moved by an action that came first.
func (c *clocks) due(clock *SLAClock, due time.Time) bool {
	return clock.MetAt == nil && clock.BreachedAt == nil && clock.PausedAt == nil && clock.Deadline.Equal(due)
}

// warnAt is when a clock reaches a share of its whole span, measured the SLA's way,
// so business-hours clocks warn in working time; false when that warning was sent,
// the clock does not run, or the calendar cannot say.
func (c *clocks) warnAt(clock *SLAClock, key string, share float64) (time.Time, bool) {
	if c.warned[key] || clock.RunningSince == nil {
		return time.Time{}, false
	}
	at, err := c.calendar.Extend(*clock.RunningSince, time.Duration(share*float64(clock.Budget))-clock.Used, clock.Target)
	return at, err == nil
}

// warn records a warning about to be sent; false when the clock was met or paused,
// or the warning sent, since it was set.
func (c *clocks) warn(clock *SLAClock, key string) bool {
	if clock.MetAt != nil || clock.PausedAt != nil || c.warned[key] {
		return false
	}
	c.warned[key] = true
	return true
}

// breach marks a clock run out at now.
func (c *clocks) breach(clock *SLAClock, now time.Time) {
	clock.BreachedAt = &now
	c.state = SLABreached
}

// meet stops a clock the first time its work is done, at now, and records how it
// ended. Work done after the deadline is a breach even when it reaches the workflow
// before the deadline's timer does.
func (c *clocks) meet(ctx workflow.Context, tell teller, clock *SLAClock, now time.Time) {
	if clock.MetAt != nil {
		return
	}
	breachedBefore := clock.BreachedAt != nil
	clock.MetAt = &now
	c.spend(clock, now)
	if clock.PausedAt != nil {
		// Done while waiting on the requester: no time ran, so the budget decides.
		clock.PausedFor += now.Sub(*clock.PausedAt)
		clock.PausedAt = nil
	} else if clock.BreachedAt == nil && now.After(clock.Deadline) {
		deadline := clock.Deadline
		clock.BreachedAt = &deadline
		c.state = SLABreached
	}
	c.stop(clock)
	if !breachedBefore {
		c.recordEnd(ctx, tell, clock)
	}
}

// recordEnd records a clock's outcome in the ledger: once per clock, for clocks that
// ran (a self-service task's never did). The deferred resolution clock is left out:
// the resolution SLA was lost, and the fallback's new due date does not win it back.
func (c *clocks) recordEnd(ctx workflow.Context, tell teller, clock *SLAClock) {
	switch {
	case !c.armed:
	case clock == &c.responseClock:
		tell.record(ctx, c.ended(ledger.ClockResponse, clock))
	case !c.deferred:
		tell.record(ctx, c.ended(ledger.ClockResolution, clock))
	}
}

// tighten halves what is left of an open clock's budget, for a severity raise; it
// says whether the clock runs again, on a new deadline, so its timer must be re-armed.
func (c *clocks) tighten(clock *SLAClock, now time.Time) bool {
	if clock.MetAt != nil || clock.BreachedAt != nil {
		return false
	}
	c.spend(clock, now)
	left := (clock.Budget - clock.Used) / 2
	clock.Budget = clock.Used + left
	if clock.PausedAt != nil {
		return false // tightened; it runs again on resume
	}
	// Extend cannot fail here: the calendar and SLA already gave this clock its deadline.
	return c.run(clock, now, left) == nil
}

// deferResolution gives the task a new resolution clock, the resolution SLA again from
// the breach, with its own timer and warnings, and records the new due date in the
// fallback's record. The task stays breached: the SLA was lost, and a deferral does
// not win it back. It says whether the calendar gave a new due date.
func (c *clocks) deferResolution(ctx workflow.Context, a alarms, task *taskState, rec *FallbackRecord) (time.Time, bool) {
	clock, err := c.newClock(rec.At, c.resolutionClock.Target)
	if err != nil {
		rec.Detail = "could not compute a new due date: " + err.Error()
		return time.Time{}, false
	}
	missed, due := c.resolutionClock.Deadline, clock.Deadline
	rec.MissedDeadline, rec.NewDueDate = &missed, &due
	rec.Detail = fmt.Sprintf("missed %s; deferred to %s", c.local(missed), c.local(due))
	c.resolutionClock, c.deferred = clock, true
	c.restartResolution(ctx, a, task)
	return due, true
}

// lost says whether a clock ran out; fellBack says a fallback ran, which leaves the
// task breached, then missed, even while its deferred clock has not run out (yet).
func (c *clocks) lost(fellBack bool) bool {
	return c.responseClock.BreachedAt != nil || c.resolutionClock.BreachedAt != nil || fellBack
}

// close sums up the clocks of a completed task: met, or missed when an SLA was lost.
func (c *clocks) close(fellBack bool) {
	c.state = SLAMet
	if c.lost(fellBack) {
		c.state = SLAMissed
	}
}

// local shows a time in the owning team's zone, the way the team reads its deadlines.
func (c *clocks) local(at time.Time) string {
	if c.zone != nil {
		at = at.In(c.zone)
	}
	return at.Format("Mon 2 Jan 15:04 MST")
}

func (c *clocks) deadlines() string {
	return fmt.Sprintf("respond by %s, resolve by %s", c.local(c.responseClock.Deadline), c.local(c.resolutionClock.Deadline))
}

// show puts the clocks in the task's status.
func (c *clocks) show(st *TaskStatus) {
	st.Response, st.Resolution, st.SLAState = c.responseClock, c.resolutionClock, c.state
}
