package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
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

// startAutomation runs the type's automation on its executor pool's task queue.
func (t *taskRun) startAutomation(ctx workflow.Context) {
	a := t.policy.TaskType.Automation
	st := &t.task
	st.Stage = StageAutomating
	st.Automation = &AutomationRun{Executor: a.Executor, Action: a.Action, Queue: t.policy.AutomationQueue, StartedAt: workflow.Now(ctx)}
	// Automation acting on the task is its response.
	t.clocks.meet(t.clocks.response(), t.actions.now(ctx))
	timeout := time.Duration(a.Timeout)
	heartbeat := automationHeartbeat(t.policy)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		TaskQueue:              t.policy.AutomationQueue,
		StartToCloseTimeout:    timeout,
		HeartbeatTimeout:       heartbeat,
		ScheduleToCloseTimeout: time.Duration(a.MaxAttempts)*(timeout+time.Minute) + 10*time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        2 * time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			MaximumAttempts:        int32(a.MaxAttempts),
			NonRetryableErrorTypes: []string{activities.ErrAutomationRejected, activities.ErrAutomationNotConfigured},
		},
		Summary: fmt.Sprintf("%s %s: %s", a.Executor, a.Action, st.Request.Title),
	})
	req := activities.AutomationRequest{
		IdempotencyKey: st.TaskID + "/" + a.Action,
		TaskID:         st.TaskID, TaskType: st.Request.TaskType, Action: a.Action,
		Title: st.Request.Title, CampaignID: st.Request.CampaignID, Payload: t.in.Payload,
	}
	t.loop.track(workflow.ExecuteActivity(actx, a.Action, req), func(f workflow.Future) {
		var res activities.AutomationResult
		err := f.Get(ctx, &res)
		t.automationDone(ctx, res, err)
	})
}

// automationHeartbeat is the automation's heartbeat timeout: none for a job that calls
// back, or when the type's own timeout is as short (it notices a lost worker soon).
func automationHeartbeat(policy activities.TaskPolicy) time.Duration {
	if policy.TaskType.Automation.Callback {
		// A job that calls back cannot heartbeat while it runs: its own timeout bounds it.
		return 0
	}
	heartbeat := policy.AutomationHeartbeatTimeout
	if heartbeat <= 0 {
		heartbeat = activities.AutomationHeartbeatTimeout
	}
	if time.Duration(policy.TaskType.Automation.Timeout) <= heartbeat {
		return 0
	}
	return heartbeat
}

func (t *taskRun) automationDone(ctx workflow.Context, res activities.AutomationResult, err error) {
	st := &t.task
	now := workflow.Now(ctx)
	st.Automation.FinishedAt = &now
	st.Stage = StageReceived // no longer automating; settleStage or finish decides what follows
	if err != nil {
		st.Automation.Error = clip(failureReason(err), maxResultText)
		st.Exception = fmt.Sprintf("%s automation %s failed: %s", st.Automation.Executor, st.Automation.Action, st.Automation.Error)
		// A failed automation is an exception for a person: whoever already holds a
		// hybrid task keeps it, otherwise the owner role's queue gets it.
		t.assign(ctx, StepException, st.holder())
		t.escalations.escalate(ctx, &t.loop, t, &t.task, escalationCause{reason: "automation failed: " + st.Automation.Error, startLevel: 1})
		return
	}
	res, dropped := boundResult(res)
	if dropped != "" {
		st.Notices = append(st.Notices, dropped)
	}
	st.Automation.Result = &res
	switch {
	case st.HumanStep != "":
		// Someone holds the task already: the hybrid lane's on-call person, or whoever the
		// reroute fallback gave it to when its resolution SLA ran out. The result is theirs
		// to check; it never closes the task under them.
		st.settleStage()
		t.publish(ctx)
		text := fmt.Sprintf("Automation %s finished: %s. Confirm the task.", st.Automation.Action, res.Summary)
		if st.Lane != catalog.LaneHybrid {
			text = fmt.Sprintf("Automation %s finished after the task was rerouted to you: %s. Check its result and complete the task.", st.Automation.Action, res.Summary)
		}
		t.notify(ctx, st.Assignee, "automation-done", text)
	case t.policy.TaskType.ReviewRole != "":
		// The automation did the manual work; the reviewer only checks it.
		st.ManualMinutes = t.policy.TaskType.ManualMinutes
		t.assign(ctx, StepReview, RoleAssignee(t.policy.TaskType.ReviewRole))
	case t.governance.waiting():
		// Compliance exposure holds even automated work for an approver.
		st.ManualMinutes = t.policy.TaskType.ManualMinutes
		t.assign(ctx, StepReview, RoleAssignee(t.policy.TaskType.OwnerRole))
	default:
		st.ManualMinutes = t.policy.TaskType.ManualMinutes
		by := "automation:" + st.Automation.Action
		t.finish(ctx, OutcomeAutomated, by, res.Summary, completion(by))
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
	t.clocks.meet(t.clocks.response(), t.actions.now(ctx))
	t.clocks.meet(t.clocks.resolution(), t.actions.now(ctx))
	t.clocks.close(st.Fallback != nil)
	t.publish(ctx)
	text := fmt.Sprintf("%s: %s by %s. %s", st.Request.Title, outcome, by, note)
	if st.Request.Requester != "" {
		t.notify(ctx, st.Request.Requester, "completed", text)
	}
	t.governance.tellInformed(ctx, t, st, text)
}
