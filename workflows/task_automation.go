package workflows

import (
	"encoding/json"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// automation is the type's automation for the task in the automated and hybrid
// lanes: what it runs on which executor pool, the request's payload it is handed,
// and the status's record of its run.
type automation struct {
	policy  activities.TaskPolicy
	payload json.RawMessage
	run     *AutomationRun // nil until it starts
}

// start runs the type's automation on its executor pool's task queue; the task is
// automating until it reports, and what its result leads to is decided then (done).
func (a *automation) start(ctx workflow.Context, loop *eventLoop, h finisher, task *taskState, c *clocks, g *governance, e *escalations) {
	spec := a.policy.TaskType.Automation
	task.Stage = StageAutomating
	a.run = &AutomationRun{Executor: spec.Executor, Action: spec.Action, Queue: a.policy.AutomationQueue, StartedAt: workflow.Now(ctx)}
	// Automation acting on the task is its response.
	c.meet(ctx, h, c.response(), workflow.Now(ctx))
	timeout := time.Duration(spec.Timeout)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		TaskQueue:              a.policy.AutomationQueue,
		StartToCloseTimeout:    timeout,
		HeartbeatTimeout:       automationHeartbeat(a.policy),
		ScheduleToCloseTimeout: time.Duration(spec.MaxAttempts)*(timeout+time.Minute) + 10*time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        2 * time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        time.Minute,
			MaximumAttempts:        int32(spec.MaxAttempts),
			NonRetryableErrorTypes: []string{activities.ErrAutomationRejected, activities.ErrAutomationNotConfigured},
		},
		Summary: fmt.Sprintf("%s %s: %s", spec.Executor, spec.Action, task.Request.Title),
	})
	req := activities.AutomationRequest{
		IdempotencyKey: task.TaskID + "/" + spec.Action,
		TaskID:         task.TaskID, TaskType: task.Request.TaskType, Action: spec.Action,
		Title: task.Request.Title, CampaignID: task.Request.CampaignID, Payload: a.payload,
	}
	loop.track(workflow.ExecuteActivity(actx, spec.Action, req), func(f workflow.Future) {
		var res activities.AutomationResult
		err := f.Get(ctx, &res)
		a.done(ctx, loop, h, task, g, e, res, err)
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

// done records what the automation reported and hands the task on: a failure is an
// exception for a person, and escalates; a result goes to whoever holds the task, to
// a reviewer, or to an approver (g), or closes the task.
func (a *automation) done(ctx workflow.Context, loop *eventLoop, h finisher, task *taskState, g *governance, e *escalations, res activities.AutomationResult, err error) {
	run := a.run
	now := workflow.Now(ctx)
	run.FinishedAt = &now
	task.Stage = StageReceived // no longer automating; settleStage or finish decides what follows
	if err != nil {
		run.Error = clip(failureReason(err), maxResultText)
		h.record(ctx, automationRan(run))
		task.Exception = fmt.Sprintf("%s automation %s failed: %s", run.Executor, run.Action, run.Error)
		// A failed automation is an exception for a person: whoever already holds a
		// hybrid task keeps it, otherwise the owner role's queue gets it.
		h.assign(ctx, StepException, task.holder())
		e.escalate(ctx, loop, h, task, escalationCause{reason: "automation failed: " + run.Error, startLevel: 1, trigger: ledger.TriggerRepeatedFailure})
		return
	}
	res, dropped := boundResult(res)
	if dropped != "" {
		task.Notices = append(task.Notices, dropped)
	}
	run.Result = &res
	h.record(ctx, automationRan(run))
	h.record(ctx, acknowledged("")) // the automation's first result is the task's response
	tt := a.policy.TaskType
	switch {
	case task.HumanStep != "":
		// Someone holds the task already: the hybrid lane's on-call person, or whoever the
		// reroute fallback gave it to when its resolution SLA ran out. The result is theirs
		// to check; it never closes the task under them.
		task.settleStage()
		h.publish(ctx)
		text := fmt.Sprintf("Automation %s finished: %s. Confirm the task.", run.Action, res.Summary)
		if task.Lane != catalog.LaneHybrid {
			text = fmt.Sprintf("Automation %s finished after the task was rerouted to you: %s. Check its result and complete the task.", run.Action, res.Summary)
		}
		h.notify(ctx, task.Assignee, "automation-done", text)
	case tt.ReviewRole != "":
		// The automation did the manual work; the reviewer only checks it.
		task.ManualMinutes = tt.ManualMinutes
		h.assign(ctx, StepReview, RoleAssignee(tt.ReviewRole))
	case g.waiting():
		// Compliance exposure holds even automated work for an approver.
		task.ManualMinutes = tt.ManualMinutes
		h.assign(ctx, StepReview, RoleAssignee(tt.OwnerRole))
	default:
		task.ManualMinutes = tt.ManualMinutes
		by := "automation:" + run.Action
		h.finish(ctx, OutcomeAutomated, by, res.Summary, completion(by))
	}
}

// show puts the automation's run in the task's status.
func (a *automation) show(st *TaskStatus) { st.Automation = a.run }
