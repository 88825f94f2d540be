package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

// eventLoop is the task's one selector and the work in flight on it: timers,
// activities, children and signals sent. The task never completes while a future it
// started has not fired.
type eventLoop struct {
	sel      workflow.Selector
	inflight int  // futures added to sel that have not fired yet
	stopped  bool // someone cancelled the task in Temporal
}

// open starts the loop; the first thing it listens to is the task's cancellation.
func (l *eventLoop) open(ctx workflow.Context) {
	l.sel = workflow.NewSelector(ctx)
	l.sel.AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) { l.stopped = true })
}

// track adds a future to the loop, so the task never completes with work in flight.
func (l *eventLoop) track(f workflow.Future, handle func(workflow.Future)) {
	l.inflight++
	l.sel.AddFuture(f, func(f workflow.Future) {
		l.inflight--
		handle(f)
	})
}

// receive hands each message of a channel to handle, as the loop reaches it.
func (l *eventLoop) receive(ch workflow.ReceiveChannel, handle func(workflow.ReceiveChannel)) {
	l.sel.AddReceive(ch, func(c workflow.ReceiveChannel, _ bool) { handle(c) })
}

// cancelled says whether someone cancelled the task in Temporal.
func (l *eventLoop) cancelled() bool { return l.stopped }

// busy says whether a future the task started has not fired yet.
func (l *eventLoop) busy() bool { return l.inflight > 0 }

// handleNext waits for the next event and handles it; it says whether more wait
// already, to be handled before anything the task left for later.
func (l *eventLoop) handleNext(ctx workflow.Context) (more bool) {
	l.sel.Select(ctx)
	return l.sel.HasPending()
}

// applyActions applies the queued actions that happened by until, in order; a zero
// until applies them all.
func (t *taskRun) applyActions(ctx workflow.Context, until time.Time) {
	for {
		a, ok := t.actions.next(until)
		if !ok {
			return
		}
		t.onSignal(ctx, a.name, a.raw)
	}
}

// wake tracks a timer the task acts on, due at due; when it fires uncancelled, the
// actions that happened by then are applied before fired acts: an acknowledgement
// sent before a deadline while no worker ran counts before the deadline's breach,
// though the worker reads both at once.
func (t *taskRun) wake(ctx workflow.Context, timer workflow.Future, due time.Time, fired func()) {
	t.actions.due(timer, due)
	t.loop.track(timer, func(f workflow.Future) {
		t.actions.handled(f)
		if f.Get(ctx, nil) != nil {
			return // stopped: the clock was met, paused or re-armed
		}
		t.actions.collect(ctx, nil)
		until := due
		if first := t.actions.firstDue(); !first.IsZero() && first.Before(until) {
			until = first
		}
		t.applyActions(ctx, until)
		fired()
	})
}
