package intake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/workflows"
)

// maxAcceptWait bounds how long Send waits for a worker to accept an action sent
// as an update before it sends the action as a signal instead.
const maxAcceptWait = 5 * time.Second

// errNotUpdated means the task did not take an action as an update, and Send sends
// it as a signal: the task has no such update, or no worker accepted it in time.
var errNotUpdated = errors.New("not taken as an update")

// NewSignalID names one action, so its answer can be found and a resend is recognised.
func NewSignalID() string { return uuid.NewString() }

// Send delivers one person's action and waits, up to ctx, for the task's answer: the
// SignalRecord saying whether it was accepted and why not. It stamps the action with
// the time it was received (SentAt) unless the caller did, and with an operator's
// identity unless the caller (the intake service) gave it the one it checked. T is a
// message type, a pointer to one, or HumanSignal holding a pointer (as
// workflows.Action.Decode gives).
//
// The action goes as a Workflow Update of the signal's name, which the task answers
// with the record; one it refuses before looking at who sent it (a resend, a
// completed task) is answered without a trace in the task's history. Send falls
// back to the signal, with the same signalId, when the task has no such update (it
// runs on a worker from before the updates) or no worker accepts the update within
// the smaller of 5s and half of ctx's time left: a signal is kept while no worker
// runs and counts at its stamp. An action the table sends to the escalation goes as
// a signal to the one climbing.
func Send[T workflows.HumanSignal](ctx context.Context, c *Client, taskID, name string, signal T) (workflows.SignalRecord, error) {
	signalID, _ := signal.Header()
	if signalID == "" {
		return workflows.SignalRecord{}, errors.New("signalId: required to find the task's answer; use intake.NewSignalID()")
	}
	if err := workflows.CheckSignal(signal); err != nil {
		// Refused here, the signal never reaches the task's history.
		return workflows.SignalRecord{}, fmt.Errorf("%s not sent: %w", name, err)
	}
	// The action happened when Lanes received it: the task counts it then, even when
	// no worker reads it until later.
	signal = workflows.StampSignal(signal, c.now())
	if workflows.IdentityOf(signal) == nil {
		// A client on Temporal that names no identity acts as an operator: whoever
		// reaches the namespace may signal the task, and nothing more is checked.
		signal = workflows.IdentifySignal(signal, workflows.OperatorIdentity())
	}
	if a, ok := workflows.LookupAction(name); ok && a.Escalation {
		return c.acknowledgeEscalation(ctx, taskID, name, signal)
	}
	if err := c.ensureOpen(ctx, taskID); err != nil {
		return workflows.SignalRecord{}, err
	}
	rec, err := c.update(ctx, taskID, name, signalID, signal)
	if errors.Is(err, errNotUpdated) {
		return c.signal(ctx, taskID, name, signalID, signal)
	}
	return rec, err
}

// update sends an action as an update and waits for the task's record; a refusal by
// the task's validator is a record too. errNotUpdated says to send a signal instead.
func (c *Client) update(ctx context.Context, taskID, name, signalID string, action any) (workflows.SignalRecord, error) {
	var rec workflows.SignalRecord
	actx, cancel := context.WithTimeout(ctx, acceptWait(ctx))
	defer cancel()
	handle, err := c.Temporal.UpdateWorkflow(actx, client.UpdateWorkflowOptions{
		WorkflowID: taskID, UpdateName: name, Args: []any{action},
		// The signal ID names the update too, so Temporal answers a retry of it with
		// the first one's outcome instead of running it again.
		UpdateID: signalID,
		// Accepted, not completed: an acknowledge held for the roster's answer is
		// accepted at once and answered later, and must not be sent again as a signal.
		WaitForStage: client.WorkflowUpdateStageAccepted,
	})
	if err != nil {
		switch {
		case ctx.Err() == nil && notTakenAsUpdate(err):
			return rec, errNotUpdated
		case ctx.Err() != nil:
			return rec, fmt.Errorf("%s may have been taken by the task (Temporal keeps an update it admitted), but %w: %w", name, ErrNoAnswer, err)
		}
		return rec, fmt.Errorf("send %s to %s: %w", name, taskID, err)
	}
	err = handle.Get(ctx, &rec)
	var app *temporal.ApplicationError
	switch {
	case err == nil:
		return rec, nil
	case errors.As(err, &app) && app.Type() == workflows.ErrActionRefused:
		if derr := app.Details(&rec); derr != nil {
			return rec, fmt.Errorf("read the task's refusal of %s: %w", name, derr)
		}
		if rec.Resent {
			// Sent before (a retry, or an earlier signal): the first one's record answers.
			return c.firstRecord(ctx, taskID, name, signalID)
		}
		return rec, nil
	case errors.As(err, &app) && (isUnknownUpdate(app) || app.Type() == "UnprocessedUpdate"):
		return rec, errNotUpdated
	}
	// Accepted: the task has the action, whatever went wrong with its answer.
	return rec, fmt.Errorf("%s was taken by the task and is kept by Temporal, but %w: %w", name, ErrNoAnswer, err)
}

// signal sends an action as a signal and waits, up to ctx, for its record in the task's status.
func (c *Client) signal(ctx context.Context, taskID, name, signalID string, action any) (workflows.SignalRecord, error) {
	if err := c.Temporal.SignalWorkflow(ctx, taskID, "", name, action); err != nil {
		if isSignalLimit(err) {
			return workflows.SignalRecord{}, fmt.Errorf("%s not sent: task %s %w (%w)", name, taskID, ErrSignalLimit, err)
		}
		return workflows.SignalRecord{}, fmt.Errorf("send %s to %s: %w", name, taskID, err)
	}
	return c.firstRecord(ctx, taskID, name, signalID)
}

// firstRecord waits, up to ctx, for the task's record of the first action with a
// signal ID: a resend's refusal is passed over, as the first one counts.
func (c *Client) firstRecord(ctx context.Context, taskID, name, signalID string) (workflows.SignalRecord, error) {
	var rec workflows.SignalRecord
	_, err := c.WaitFor(ctx, taskID, func(st workflows.TaskStatus) bool {
		for _, r := range st.Signals {
			if r.SignalID == signalID && !r.Resent {
				rec = r
				return true
			}
		}
		return false
	})
	if err != nil {
		return rec, fmt.Errorf("%s was sent and is kept by Temporal, but %w: %w", name, ErrNoAnswer, err)
	}
	return rec, nil
}

// acceptWait is how long Send waits for a worker to accept an update: the smaller of
// maxAcceptWait and half the time ctx has left, so the signal has the other half.
func acceptWait(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return maxAcceptWait
	}
	return min(maxAcceptWait, time.Until(deadline)/2)
}

// notTakenAsUpdate says whether the server did not pass an update to the task but
// would keep a signal: no worker accepted it in time, the task's last workflow task
// failed, or the task or namespace is at Temporal's limits on updates (in flight, in
// all, or updates turned off).
func notTakenAsUpdate(err error) bool {
	var (
		timeout   *client.WorkflowUpdateServiceTimeoutOrCanceledError
		notReady  *serviceerror.WorkflowNotReady
		exhausted *serviceerror.ResourceExhausted
		limit     *serviceerror.FailedPrecondition
	)
	return errors.As(err, &timeout) || errors.As(err, &notReady) || errors.As(err, &exhausted) || errors.As(err, &limit)
}

// isUnknownUpdate says whether a worker rejected an update because the task
// registered none of that name: the Go SDK's words for it, in an error of no type.
func isUnknownUpdate(app *temporal.ApplicationError) bool {
	return app.Type() == "" && strings.HasPrefix(app.Message(), "unknown update ")
}
