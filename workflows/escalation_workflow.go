package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
)

// EscalationWorkflow climbs a task's escalation path: at each level it notifies the
// level's people once and waits its window for an acknowledgement, or for the task
// to say it is in hand, which stops the climb. Level 1 is whoever holds the task, so
// a holder the task reports while level 1 runs is asked too. It tells its task each
// level it reaches, and who that level asked, and returns how it ended.
func EscalationWorkflow(ctx workflow.Context, in EscalationInput) (EscalationResult, error) {
	c := &climb{in: in, res: EscalationResult{Cycle: in.Cycle, Reason: in.Reason}, started: workflow.Now(ctx)}
	if err := workflow.SetQueryHandler(ctx, QueryEscalation, func() (EscalationResult, error) { return c.res, nil }); err != nil {
		return c.res, fmt.Errorf("register escalation query: %w", err)
	}
	c.stops = stopChannels{acks: workflow.GetSignalChannel(ctx, SignalEscalationAck), task: workflow.GetSignalChannel(ctx, SignalEscalationStop)}
	c.holders = workflow.GetSignalChannel(ctx, SignalEscalationHolder)
	if parent := workflow.GetInfo(ctx).ParentWorkflowExecution; parent != nil {
		c.parent = parent.ID
	}
	return c.run(ctx)
}

// climb is one escalation while it runs: its levels, which follow the task's holder,
// and how it stands.
type climb struct {
	in      EscalationInput
	res     EscalationResult
	stops   stopChannels
	holders workflow.ReceiveChannel
	parent  string // the task's workflow ID; empty when the climb runs on its own
	started time.Time
	// late is a stop that happened after the last window closed but was read with it:
	// the next level is asked first, as it was before the stop.
	late *EscalationStopSignal
}

// run asks each level from the start level up until something stops the climb.
func (c *climb) run(ctx workflow.Context) (EscalationResult, error) {
	for n := max(c.in.StartLevel, 1); n <= topLevel(c.in.Levels); n++ {
		c.takeHolders(ctx) // a level's people are those of the holder when it starts
		asked := askedAt(c.in.Levels, n)
		if len(asked) == 0 {
			continue
		}
		if stop, ok := c.stopped(ctx); ok {
			// Stopped as the last window closed: nobody higher is asked.
			return c.end(ctx, stop), nil
		}
		c.res.LevelReached, c.res.Asked = n, asked
		workflow.SetCurrentDetails(ctx, escalationDetails(c.in, c.res))
		for _, to := range asked {
			notifyEscalation(ctx, c.in, n, to)
		}
		c.report(ctx)
		stop, ok := c.await(ctx)
		if ctx.Err() != nil {
			return c.res, ctx.Err()
		}
		if ok {
			return c.end(ctx, stop), nil
		}
	}
	c.res.Exhausted = true
	workflow.SetCurrentDetails(ctx, escalationDetails(c.in, c.res))
	return c.res, nil
}

// stopped takes a stop that arrived by the time the last window closed, if any.
func (c *climb) stopped(ctx workflow.Context) (EscalationStopSignal, bool) {
	if c.late != nil {
		return EscalationStopSignal{}, false // it came after: this level is asked first
	}
	return c.stops.pending(ctx)
}

// end records what stopped the climb.
func (c *climb) end(ctx workflow.Context, stop EscalationStopSignal) EscalationResult {
	c.res.stop(stop, bound(stop.At, c.started, workflow.Now(ctx)))
	workflow.SetCurrentDetails(ctx, escalationDetails(c.in, c.res))
	return c.res
}

// report tells the task the level reached and who it asked.
func (c *climb) report(ctx workflow.Context) {
	if c.parent == "" {
		return
	}
	report := EscalationLevelSignal{Cycle: c.in.Cycle, Level: c.res.LevelReached, At: workflow.Now(ctx), Asked: c.res.Asked}
	_ = workflow.SignalExternalWorkflow(ctx, c.parent, "", SignalEscalationLevel, report).Get(ctx, nil)
}

// await waits the running level's window for a stop, following holder changes meanwhile.
func (c *climb) await(ctx workflow.Context) (EscalationStopSignal, bool) {
	if late := c.late; late != nil {
		c.late = nil
		return *late, true
	}
	level := c.res.LevelReached
	due := workflow.Now(ctx).Add(c.in.Window)
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timer := workflow.NewTimerWithOptions(tctx, c.in.Window, workflow.TimerOptions{
		Summary: fmt.Sprintf("escalation level %d window (%s)", level, c.in.Window),
	})
	for {
		var stop EscalationStopSignal
		expired, got := false, false
		sel := workflow.NewSelector(ctx)
		c.stops.addTo(ctx, sel, &stop, &got)
		sel.AddReceive(c.holders, func(ch workflow.ReceiveChannel, _ bool) {
			var h EscalationHolderSignal
			ch.Receive(ctx, &h)
			c.follow(ctx, h)
		})
		// Added last, so a stop that arrives with the window's end wins.
		sel.AddFuture(timer, func(workflow.Future) { expired = true })
		sel.Select(ctx)
		if got && stop.At != nil && stop.At.After(due) && timer.IsReady() {
			c.late = &stop // sent after this window closed, while no worker ran
			return EscalationStopSignal{}, false
		}
		if got || expired {
			return stop, got
		}
	}
}

// takeHolders follows the holder changes that arrived before a level starts.
func (c *climb) takeHolders(ctx workflow.Context) {
	var h EscalationHolderSignal
	for c.holders.ReceiveAsync(&h) {
		c.follow(ctx, h)
	}
}

// follow takes a new holder of the task: the levels not yet asked are the new
// holder's (level 2 leaves them out if they manage the team), and a level 1 that is
// running asks them too, once.
func (c *climb) follow(ctx workflow.Context, h EscalationHolderSignal) {
	reached := c.res.LevelReached
	var levels []EscalationLevel
	for _, l := range c.in.Levels {
		if l.Level <= reached {
			levels = append(levels, l)
		}
	}
	for _, l := range h.Levels {
		if l.Level > reached {
			levels = append(levels, l)
		}
	}
	c.in.Levels = levels
	if reached != 1 || slices.Contains(c.res.Asked, h.Holder) {
		return
	}
	c.res.Asked = append(slices.Clone(c.res.Asked), h.Holder)
	workflow.SetCurrentDetails(ctx, escalationDetails(c.in, c.res))
	notifyEscalation(ctx, c.in, 1, h.Holder)
	c.report(ctx)
}

// topLevel is the highest level of a climb.
func topLevel(levels []EscalationLevel) int {
	top := 0
	for _, l := range levels {
		top = max(top, l.Level)
	}
	return top
}

func notifyEscalation(ctx workflow.Context, in EscalationInput, level int, to string) {
	actx := withNotifyOptions(ctx, fmt.Sprintf("escalation level %d: notify %s", level, to))
	msg := activities.Notification{
		IdempotencyKey: fmt.Sprintf("%s/level-%d/%s", workflow.GetInfo(ctx).WorkflowExecution.ID, level, to),
		TaskID:         in.TaskID, Kind: "escalation", Recipient: to,
		Title: fmt.Sprintf("[%s] %s", in.TaskName, in.Title),
		Text: fmt.Sprintf("Escalation level %d for %s (%s): acknowledge within %s or it goes higher. %s",
			level, to, in.Reason, in.Window, fmt.Sprintf("Cycle %d.", in.Cycle)),
	}
	var notifications *activities.Notifications
	err := workflow.ExecuteActivity(actx, notifications.Notify, msg).Get(ctx, nil)
	if err != nil && !temporal.IsCanceledError(err) {
		workflow.GetLogger(ctx).Warn("Escalation notice not delivered", "recipient", to, "error", err)
	}
}
