package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"
)

// actionQueue puts people's actions in the order they happened: it reads them from
// their signal channels and from the update handlers, holds them until the timers
// due before them are handled, and remembers the signal IDs received, so a resend is
// refused.
type actionQueue struct {
	channels []signalChannel
	updated  []pendingAction  // the actions update handlers gave, not collected yet
	bell     workflow.Channel // rings the loop when an update handler gives an action
	since    time.Time        // the task's start: no action counts before it
	queued   []pendingAction
	timers   []dueTimer // the timers the task acts on, with when each is due, until handled
	seen     signalIDs  // the latest signal IDs received
	// lastActionAt is when the previous action happened; actAt is the time of the one
	// being applied (zero between actions).
	lastActionAt, actAt time.Time
}

type signalChannel struct {
	name string
	ch   workflow.ReceiveChannel
}

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

// open readies the queue for the actions update handlers give, which may come
// before the loop listens.
func (q *actionQueue) open(ctx workflow.Context) {
	q.bell = workflow.NewBufferedChannel(ctx, 1)
}

// listen opens the channel of each human action, and the update handlers' bell, on
// the loop; take gets the channel that woke the task.
func (q *actionQueue) listen(ctx workflow.Context, loop *eventLoop, since time.Time, take func(woke workflow.ReceiveChannel)) {
	q.since = since
	for _, name := range HumanActions() {
		sc := signalChannel{name: name, ch: workflow.GetSignalChannel(ctx, name)}
		q.channels = append(q.channels, sc)
		loop.receive(sc.ch, take)
	}
	loop.receive(q.bell, take)
}

// give queues an action an update handler took, for the loop to apply as it applies signals.
func (q *actionQueue) give(name string, raw json.RawMessage) {
	q.updated = append(q.updated, pendingAction{name: name, raw: raw})
	q.bell.SendAsync(true) // a bell already ringing is enough
}

// now is when the event the task handles happened: a person's action's bounded
// stamp while one is applied, otherwise the workflow's time.
func (q *actionQueue) now(ctx workflow.Context) time.Time {
	if !q.actAt.IsZero() {
		return q.actAt
	}
	return workflow.Now(ctx)
}

// begin starts applying an action: it happened at its stamp, bounded (at).
func (q *actionQueue) begin(ctx workflow.Context, raw []byte) time.Time {
	at := q.at(ctx, raw)
	q.lastActionAt, q.actAt = at, at
	return at
}

// at is when an action applied now happened: its stamp, not before the task started
// or its previous action, not after now.
func (q *actionQueue) at(ctx workflow.Context, raw []byte) time.Time {
	lower := q.since
	if q.lastActionAt.After(lower) {
		lower = q.lastActionAt
	}
	return bound(sentAt(raw), lower, workflow.Now(ctx))
}

// actAs applies an action held earlier at the time it happened.
func (q *actionQueue) actAs(at time.Time) { q.actAt = at }

// end marks the action applied: the task's time is the workflow's again.
func (q *actionQueue) end() { q.actAt = time.Time{} }

// once refuses a signal ID received before, and remembers a new one.
func (q *actionQueue) once(id string) error {
	if err := q.resent(id); err != nil {
		return err
	}
	if id != "" {
		q.seen.add(id)
	}
	return nil
}

// resent refuses a signal ID received before, and changes nothing.
func (q *actionQueue) resent(id string) error {
	if id != "" && q.seen.has(id) {
		return resendError{id}
	}
	return nil
}

// resendError refuses an action whose signal ID the task received before.
type resendError struct{ id string }

func (e resendError) Error() string {
	return fmt.Sprintf("signalId: %s was already received; the first one counts", e.id)
}

// isResend says whether err refuses a resend, so its record says so.
func isResend(err error) bool {
	var r resendError
	return errors.As(err, &r)
}

// collect takes every action waiting in the signal channels and from the update
// handlers into the queue, ordered by when each happened; for the same time, those
// of the channel that woke the task (first, nil for none) come first, as they
// arrived before the others, and signals before updates otherwise.
func (q *actionQueue) collect(ctx workflow.Context, first workflow.ReceiveChannel) {
	now := workflow.Now(ctx)
	if first == q.bell {
		q.collectUpdated(now)
	}
	signals := q.channels
	if i := slices.IndexFunc(signals, func(sc signalChannel) bool { return sc.ch == first }); i > 0 {
		signals = append([]signalChannel{signals[i]}, slices.Delete(slices.Clone(signals), i, i+1)...)
	}
	for _, sc := range signals {
		for {
			var raw json.RawMessage
			if !sc.ch.ReceiveAsync(&raw) {
				break
			}
			at := bound(sentAt(raw), q.since, now)
			q.queued = append(q.queued, pendingAction{name: sc.name, raw: raw, at: at})
		}
	}
	q.collectUpdated(now)
	slices.SortStableFunc(q.queued, func(a, b pendingAction) int { return a.at.Compare(b.at) })
}

// collectUpdated takes the actions the update handlers gave into the queue.
func (q *actionQueue) collectUpdated(now time.Time) {
	var rang bool
	for q.bell.ReceiveAsync(&rang) {
	}
	for _, a := range q.updated {
		a.at = bound(sentAt(a.raw), q.since, now)
		q.queued = append(q.queued, a)
	}
	q.updated = nil
}

// next takes the first queued action if it happened by until; a zero until takes any.
func (q *actionQueue) next(until time.Time) (pendingAction, bool) {
	if len(q.queued) == 0 || (!until.IsZero() && q.queued[0].at.After(until)) {
		if len(q.queued) == 0 {
			q.queued = nil
		}
		return pendingAction{}, false
	}
	a := q.queued[0]
	q.queued = q.queued[1:]
	return a, true
}

// due tracks a timer the task acts on, so actions after its due time wait for it.
func (q *actionQueue) due(f workflow.Future, at time.Time) {
	q.timers = append(q.timers, dueTimer{f: f, at: at})
}

// handled stops tracking a timer once its handler runs.
func (q *actionQueue) handled(f workflow.Future) {
	q.timers = slices.DeleteFunc(q.timers, func(d dueTimer) bool { return d.f == f })
}

// firstDue is the earliest due time of the tracked timers that fired and are not
// handled yet; zero when none has.
func (q *actionQueue) firstDue() time.Time {
	var first time.Time
	for _, d := range q.timers {
		if d.f.IsReady() && (first.IsZero() || d.at.Before(first)) {
			first = d.at
		}
	}
	return first
}

// applyAction decodes and checks an action as its table entry says, refuses a resend
// or an action on a closed task, and applies the rest with its step.
func (q *actionQueue) apply(a Action, raw []byte, rec *SignalRecord, task *taskState, step func(HumanSignal) error) error {
	s, err := a.Decode(raw)
	describeAction(rec, s)
	if err != nil {
		return errors.New(clip(err.Error(), maxRecordReason)) // it may quote what was sent
	}
	id, _ := s.Header()
	if err := q.once(id); err != nil {
		return err
	}
	if err := task.closed(); err != nil {
		return err
	}
	return step(s)
}
