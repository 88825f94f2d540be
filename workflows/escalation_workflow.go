package workflows

import (
	"encoding/json"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
)

// EscalationWorkflow climbs a task's escalation path: at each level it notifies the
// level's people once and waits its window for an acknowledgement, or for the task
// to say it is in hand, which stops the climb. It tells its task each level it
// reaches and returns how it ended.
func EscalationWorkflow(ctx workflow.Context, in EscalationInput) (EscalationResult, error) {
	res := EscalationResult{Cycle: in.Cycle, Reason: in.Reason}
	if err := workflow.SetQueryHandler(ctx, QueryEscalation, func() (EscalationResult, error) { return res, nil }); err != nil {
		return res, fmt.Errorf("register escalation query: %w", err)
	}
	stops := stopChannels{acks: workflow.GetSignalChannel(ctx, SignalEscalationAck), task: workflow.GetSignalChannel(ctx, SignalEscalationStop)}
	parent := workflow.GetInfo(ctx).ParentWorkflowExecution
	for _, level := range in.Levels {
		if level.Level < in.StartLevel {
			continue
		}
		if stop, ok := stops.pending(ctx); ok {
			// Stopped as the last window closed: nobody higher is asked.
			res.stop(stop, workflow.Now(ctx))
			workflow.SetCurrentDetails(ctx, escalationDetails(in, res))
			return res, nil
		}
		res.LevelReached, res.Asked = level.Level, level.Recipients
		workflow.SetCurrentDetails(ctx, escalationDetails(in, res))
		for _, to := range level.Recipients {
			notifyEscalation(ctx, in, level.Level, to)
		}
		if parent != nil {
			report := EscalationLevelSignal{Cycle: in.Cycle, Level: level.Level, At: workflow.Now(ctx)}
			_ = workflow.SignalExternalWorkflow(ctx, parent.ID, "", SignalEscalationLevel, report).Get(ctx, nil)
		}
		stop, ok := stops.await(ctx, in.Window, level.Level)
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if ok {
			res.stop(stop, workflow.Now(ctx))
			workflow.SetCurrentDetails(ctx, escalationDetails(in, res))
			return res, nil
		}
	}
	res.Exhausted = true
	workflow.SetCurrentDetails(ctx, escalationDetails(in, res))
	return res, nil
}

// stop records what stopped the climb, and when.
func (r *EscalationResult) stop(s EscalationStopSignal, at time.Time) {
	r.Ended, r.EndedBy, r.Note, r.EndedAt = s.Ended, s.By, s.Note, &at
}

// stopChannels are what stops a climb: people's acknowledgements and the task's word.
type stopChannels struct {
	acks, task workflow.ReceiveChannel
}

// await waits one level's window for a valid stop; malformed acknowledgements are logged and skipped.
func (c stopChannels) await(ctx workflow.Context, window time.Duration, level int) (EscalationStopSignal, bool) {
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timer := workflow.NewTimerWithOptions(tctx, window, workflow.TimerOptions{
		Summary: fmt.Sprintf("escalation level %d window (%s)", level, window),
	})
	for {
		var stop EscalationStopSignal
		expired, got := false, false
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(c.acks, func(ch workflow.ReceiveChannel, _ bool) {
			var raw json.RawMessage
			ch.Receive(ctx, &raw)
			stop, got = acknowledgement(ctx, raw)
		})
		sel.AddReceive(c.task, func(ch workflow.ReceiveChannel, _ bool) {
			ch.Receive(ctx, &stop)
			got = true
		})
		// Added after the stops, so a stop that arrives with the window's end wins.
		sel.AddFuture(timer, func(workflow.Future) { expired = true })
		sel.Select(ctx)
		if got || expired {
			return stop, got
		}
	}
}

// pending takes the first valid stop already waiting, if any: the task's word first.
func (c stopChannels) pending(ctx workflow.Context) (EscalationStopSignal, bool) {
	var stop EscalationStopSignal
	if c.task.ReceiveAsync(&stop) {
		return stop, true
	}
	for {
		var raw json.RawMessage
		if !c.acks.ReceiveAsync(&raw) {
			return EscalationStopSignal{}, false
		}
		if stop, ok := acknowledgement(ctx, raw); ok {
			return stop, true
		}
	}
}

// acknowledgement reads a person's acknowledge-escalation as a stop; a malformed one is logged and does not count.
func acknowledgement(ctx workflow.Context, raw json.RawMessage) (EscalationStopSignal, bool) {
	ack, err := DecodeSignal[EscalationAckSignal](raw)
	if err != nil {
		workflow.GetLogger(ctx).Info("Escalation acknowledgement refused", "reason", err.Error())
		return EscalationStopSignal{}, false
	}
	return EscalationStopSignal{Ended: EndAcknowledged, By: ack.Actor, Note: ack.Note}, true
}

func notifyEscalation(ctx workflow.Context, in EscalationInput, level int, to string) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, MaximumInterval: 30 * time.Second, MaximumAttempts: 5,
			NonRetryableErrorTypes: []string{activities.ErrNotificationRejected},
		},
		Summary: fmt.Sprintf("escalation level %d: notify %s", level, to),
	})
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
