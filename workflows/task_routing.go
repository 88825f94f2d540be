package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// assign puts a person or a role's queue on a human step and tells them.
func (t *taskRun) assign(ctx workflow.Context, step HumanStep, assignee string) {
	if t.staffing.staffed() && IsRoleAssignee(assignee) {
		t.staffing.ask(ctx, &t.loop, t, &t.task, &t.governance, step, assignee)
		return
	}
	st := &t.task
	if assignee != st.Assignee {
		st.AcknowledgedBy = ""
		t.governance.drop()
		if IsRoleAssignee(assignee) {
			t.record(ctx, queued("in the "+assignee+" queue"))
		}
	}
	if !IsRoleAssignee(assignee) {
		t.record(ctx, booked(assignee)) // no news when a handoff gave it them
	}
	st.HumanStep, st.Assignee = step, assignee
	st.settleStage()
	t.publish(ctx)
	t.notify(ctx, assignee, "assigned", fmt.Sprintf("%s for %s: %s; %s", stepVerb(step), assignee, st.Request.Title, t.clocks.deadlines()))
	t.escalations.tellHolder(ctx, &t.loop, &t.task, assignee)
}

func stepVerb(step HumanStep) string {
	switch step {
	case StepConfirm:
		return "Confirm what the automation did"
	case StepReview:
		return "Review the automation's result"
	case StepException:
		return "The automation failed; take the task over"
	default:
		return "New task"
	}
}

// failureReason is the cause of an activity failure in words, with its type.
func failureReason(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		if appErr.Type() == "" {
			return appErr.Message()
		}
		return fmt.Sprintf("%s (%s)", appErr.Message(), appErr.Type())
	}
	var timeoutErr *temporal.TimeoutError
	if errors.As(err, &timeoutErr) {
		return "timed out (" + timeoutErr.TimeoutType().String() + ")"
	}
	return err.Error()
}

// finish completes the task: both clocks stop, a climb stops as stop says, and the
// requester hears the outcome.
func (t *taskRun) finish(ctx workflow.Context, outcome, by, note string, stop EscalationStopSignal) {
	st := &t.task
	now := t.actions.now(ctx)
	st.Stage, st.Outcome, st.CompletedBy, st.Note, st.CompletedAt = StageCompleted, outcome, by, note, &now
	t.staffing.giveBack(ctx, &t.loop, st, false, 0, "task closed "+outcome)
	t.staffing.stopCapacityTimer()
	t.escalations.stop(ctx, &t.loop, &t.task, stop, t.actions.now(ctx))
	t.clocks.meet(ctx, t, t.clocks.response(), t.actions.now(ctx))
	t.clocks.meet(ctx, t, t.clocks.resolution(), t.actions.now(ctx))
	t.clocks.close(st.Fallback != nil)
	t.publish(ctx)
	text := fmt.Sprintf("%s: %s by %s. %s", st.Request.Title, outcome, by, note)
	if st.Request.Requester != "" {
		t.notify(ctx, st.Request.Requester, "completed", text)
	}
	t.governance.tellInformed(ctx, t, st, text)
}
