package workflows

import (
	"encoding/json"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"
)

// pendingAction is a person's action taken from its channel, waiting to be applied
// in the order it happened.
type pendingAction struct {
	name string
	raw  json.RawMessage
	at   time.Time // its stamp, within the task's start and now: its place in line
}

// dueTimer is a timer the task acts on, such as an SLA deadline, and when it is due.
type dueTimer struct {
	f  workflow.Future
	at time.Time
}

// now is when the event the task handles happened: a person's action's bounded
// stamp while one is applied, otherwise the workflow's time.
func (t *taskRun) now(ctx workflow.Context) time.Time {
	if !t.actAt.IsZero() {
		return t.actAt
	}
	return workflow.Now(ctx)
}

// actionTime is when an action happened, by its stamp, bounded: not before the task
// started or its previous action, not after now.
func (t *taskRun) actionTime(ctx workflow.Context, raw []byte) time.Time {
	lower := t.status.ReceivedAt
	if t.lastActionAt.After(lower) {
		lower = t.lastActionAt
	}
	return bound(sentAt(raw), lower, workflow.Now(ctx))
}

// collectActions takes every action waiting in the signal channels into the queue,
// ordered by when each happened; for the same time, those of the channel that woke
// the task (first, nil for none) come first, as they arrived before the others.
func (t *taskRun) collectActions(ctx workflow.Context, first workflow.ReceiveChannel) {
	now := workflow.Now(ctx)
	signals := t.signals
	if i := slices.IndexFunc(signals, func(sc signalChannel) bool { return sc.ch == first }); i > 0 {
		signals = append([]signalChannel{signals[i]}, slices.Delete(slices.Clone(signals), i, i+1)...)
	}
	for _, sc := range signals {
		for {
			var raw json.RawMessage
			if !sc.ch.ReceiveAsync(&raw) {
				break
			}
			at := bound(sentAt(raw), t.status.ReceivedAt, now)
			t.queued = append(t.queued, pendingAction{name: sc.name, raw: raw, at: at})
		}
	}
	slices.SortStableFunc(t.queued, func(a, b pendingAction) int { return a.at.Compare(b.at) })
}

// applyActions applies the queued actions that happened by until, in order; a zero
// until applies them all.
func (t *taskRun) applyActions(ctx workflow.Context, until time.Time) {
	for len(t.queued) > 0 && (until.IsZero() || !t.queued[0].at.After(until)) {
		a := t.queued[0]
		t.queued = t.queued[1:]
		t.onSignal(ctx, a.name, a.raw)
	}
	if len(t.queued) == 0 {
		t.queued = nil
	}
}

// takeActions applies the actions waiting for the task up to the first timer that
// fired and is not handled yet: later ones wait for that timer's handler.
func (t *taskRun) takeActions(ctx workflow.Context, woke workflow.ReceiveChannel) {
	t.collectActions(ctx, woke)
	t.applyActions(ctx, t.firstDue())
}

// catchUp applies, before a timer due at due acts, the actions that happened by then:
// an acknowledgement sent before a deadline while no worker ran counts before the
// deadline's breach, though the worker reads both at once.
func (t *taskRun) catchUp(ctx workflow.Context, due time.Time) {
	t.collectActions(ctx, nil)
	if first := t.firstDue(); !first.IsZero() && first.Before(due) {
		due = first
	}
	t.applyActions(ctx, due)
}

// trackDue tracks a timer the task acts on, so actions after its due time wait for it.
func (t *taskRun) trackDue(f workflow.Future, at time.Time) {
	t.timers = append(t.timers, dueTimer{f: f, at: at})
}

// doneDue stops tracking a timer once its handler runs.
func (t *taskRun) doneDue(f workflow.Future) {
	t.timers = slices.DeleteFunc(t.timers, func(d dueTimer) bool { return d.f == f })
}

// firstDue is the earliest due time of the tracked timers that fired and are not
// handled yet; zero when none has.
func (t *taskRun) firstDue() time.Time {
	var first time.Time
	for _, d := range t.timers {
		if d.f.IsReady() && (first.IsZero() || d.at.Before(first)) {
			first = d.at
		}
	}
	return first
}
