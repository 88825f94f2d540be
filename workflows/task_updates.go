package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// errUpdateWithoutID refuses an update the task could not answer: its answer is the
// record of its signalId.
var errUpdateWithoutID = errors.New("signalId: an update needs one, so the task can answer it with its record; give any text unique to this action")

// acceptUpdates registers, for each of the task's actions, an update of the same name
// and message as the signal. Its validator refuses, before anything is written to
// the task's history, what the task would refuse before looking at who sent it: a
// form its checks refuse, a resend, an action on a completed task. Its handler gives
// the action to the same queue as the signals and answers with the action's record.
func (q *actionQueue) acceptUpdates(ctx workflow.Context, answers *answers, task *taskState) error {
	q.open(ctx)
	for _, a := range Actions() {
		if a.Escalation {
			continue
		}
		err := workflow.SetUpdateHandlerWithOptions(ctx, a.Name,
			func(ctx workflow.Context, raw json.RawMessage) (SignalRecord, error) {
				return q.takeUpdate(ctx, answers, a, raw)
			},
			workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, raw json.RawMessage) error {
				return q.validateUpdate(ctx, task, a, raw)
			}})
		if err != nil {
			return fmt.Errorf("register %s update: %w", a.Name, err)
		}
	}
	return nil
}

// validateUpdate refuses an action the task would refuse whoever sent it, with the
// record the signal path would keep, in the error's details. It changes nothing.
func (q *actionQueue) validateUpdate(ctx workflow.Context, task *taskState, a Action, raw json.RawMessage) error {
	rec := SignalRecord{Name: a.Name, At: q.at(ctx, raw)}
	s, err := a.Decode(raw)
	describeAction(&rec, s)
	switch {
	case err != nil:
		err = errors.New(clip(err.Error(), maxRecordReason)) // it may quote what was sent
	case rec.SignalID == "":
		err = errUpdateWithoutID
	default:
		err = q.resent(rec.SignalID)
	}
	if err == nil {
		err = task.closed()
	}
	if err == nil {
		return nil
	}
	rec.Reason, rec.Resent = err.Error(), isResend(err)
	// Refused here, the action leaves no event in the task's history: the worker's log
	// is where on-call finds it, as it finds a refusal that reached the history.
	workflow.GetLogger(ctx).Info("Action refused before it reached the task",
		"action", a.Name, "signalId", rec.SignalID, "actor", rec.Actor, "identity", rec.Identity.String(), "reason", rec.Reason, "resent", rec.Resent)
	return temporal.NewApplicationErrorWithOptions(rec.Reason, ErrActionRefused, temporal.ApplicationErrorOptions{
		NonRetryable: true, Details: []any{rec},
	})
}

// takeUpdate gives a validated action to the queue and waits for its record: once
// the loop applied it, or once the roster's answer decided an acknowledge held for it.
func (q *actionQueue) takeUpdate(ctx workflow.Context, answers *answers, a Action, raw json.RawMessage) (SignalRecord, error) {
	s, _ := a.Decode(raw) // the validator decoded it
	id, _ := s.Header()
	w := answers.wait(a.Name, id)
	q.give(a.Name, raw)
	// The task records every action it was given, also when it closes: wait on past a cancellation.
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	if err := workflow.Await(dctx, func() bool { return w.given }); err != nil {
		return SignalRecord{}, err
	}
	return w.rec, nil
}

// describeAction puts what an action says in its record: its ID, its actor, the
// identity it came with, and its detail.
func describeAction(rec *SignalRecord, s HumanSignal) {
	id, actor := s.Header()
	rec.SignalID, rec.Actor, rec.Identity = clip(id, maxRecordText), clip(actor, maxRecordText), recorded(s.identity())
	rec.Detail = clip(strings.TrimSuffix(s.detail(), ":"), maxRecordText)
}

// answers are the updates waiting for their action's record.
type answers struct {
	waiting []*answer
}

// answer is one update's wait for the record of its action.
type answer struct {
	name, signalID string
	rec            SignalRecord
	given          bool
}

// wait starts waiting for the record of an action.
func (a *answers) wait(name, signalID string) *answer {
	w := &answer{name: name, signalID: signalID}
	a.waiting = append(a.waiting, w)
	return w
}

// give hands a record to the first update waiting for its action's name and
// signalId: a signal's with the same ID answers it too, as the first one counts. A
// resend's refusal answers nobody: the first action's record, there or to come, does.
func (a *answers) give(rec SignalRecord) {
	if rec.Resent {
		return
	}
	i := slices.IndexFunc(a.waiting, func(w *answer) bool { return w.name == rec.Name && w.signalID == rec.SignalID })
	if i < 0 {
		return
	}
	a.waiting[i].rec, a.waiting[i].given = rec, true
	a.waiting = slices.Delete(a.waiting, i, i+1)
}
