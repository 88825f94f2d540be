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
// level's people once and waits its window for an acknowledgement, which stops the
// climb. It tells its task each level it reaches and returns how it ended.
func EscalationWorkflow(ctx workflow.Context, in EscalationInput) (EscalationResult, error) {
	res := EscalationResult{Cycle: in.Cycle, Reason: in.Reason}
	if err := workflow.SetQueryHandler(ctx, QueryEscalation, func() (EscalationResult, error) { return res, nil }); err != nil {
		return res, fmt.Errorf("register escalation query: %w", err)
	}
	acks := workflow.GetSignalChannel(ctx, SignalEscalationAck)
	parent := workflow.GetInfo(ctx).ParentWorkflowExecution
	for _, level := range in.Levels {
		if level.Level < in.StartLevel {
			continue
		}
		if ack, ok := pendingAck(acks); ok {
			// Acknowledged as the last window closed: nobody higher is asked.
			now := workflow.Now(ctx)
			res.AcknowledgedBy, res.AcknowledgedAt = ack.Actor, &now
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
		ack, ok := awaitAck(ctx, acks, in.Window, level.Level)
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if ok {
			now := workflow.Now(ctx)
			res.AcknowledgedBy, res.AcknowledgedAt = ack.Actor, &now
			workflow.SetCurrentDetails(ctx, escalationDetails(in, res))
			return res, nil
		}
	}
	res.Exhausted = true
	workflow.SetCurrentDetails(ctx, escalationDetails(in, res))
	return res, nil
}

// awaitAck waits one level's window for a valid acknowledgement; malformed ones are logged and skipped.
func awaitAck(ctx workflow.Context, acks workflow.ReceiveChannel, window time.Duration, level int) (EscalationAckSignal, bool) {
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timer := workflow.NewTimerWithOptions(tctx, window, workflow.TimerOptions{
		Summary: fmt.Sprintf("escalation level %d window (%s)", level, window),
	})
	for {
		var ack EscalationAckSignal
		expired, got := false, false
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(acks, func(c workflow.ReceiveChannel, _ bool) {
			var raw json.RawMessage
			c.Receive(ctx, &raw)
			var err error
			ack, err = DecodeSignal[EscalationAckSignal](raw)
			if err != nil {
				workflow.GetLogger(ctx).Info("Escalation acknowledgement refused", "reason", err.Error())
				return
			}
			got = true
		})
		// Added after the acknowledgements, so an acknowledgement that arrives with the window's end wins.
		sel.AddFuture(timer, func(workflow.Future) { expired = true })
		sel.Select(ctx)
		if got || expired {
			return ack, got
		}
	}
}

// pendingAck takes the first valid acknowledgement already waiting, if any.
func pendingAck(acks workflow.ReceiveChannel) (EscalationAckSignal, bool) {
	for {
		var raw json.RawMessage
		if !acks.ReceiveAsync(&raw) {
			return EscalationAckSignal{}, false
		}
		if ack, err := DecodeSignal[EscalationAckSignal](raw); err == nil {
			return ack, true
		}
	}
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
