package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// ErrInvalidTaskRequest is the failure type of a task whose intake request fails validation.
const ErrInvalidTaskRequest = "InvalidTaskRequest"

// setup answers the status query and takes actions as updates from the start,
// checks the request, looks up the type's policy in the catalog and classifies the
// task by it.
func (t *taskRun) setup(ctx workflow.Context) error {
	info := workflow.GetInfo(ctx)
	t.logger = log.With(workflow.GetLogger(ctx), "task", info.WorkflowExecution.ID)
	// Decided once for the run: what this run's code writes to the ledger and how it routes.
	release := workflow.GetVersion(ctx, versionTaskLedger, workflow.DefaultVersion, automationMeetsResponse)
	t.ledger.open(ctx, info.WorkflowExecution.ID, t.logger, release)
	request := t.in
	request.Payload = nil
	t.task = taskState{
		TaskID: info.WorkflowExecution.ID, Request: request, Stage: StageReceived,
		ReceivedAt: info.WorkflowStartTime,
	}
	t.clocks = newClocks()
	t.clocks.respondOnRoute = release >= automationMeetsResponse
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (TaskStatus, error) { return t.view(), nil }); err != nil {
		return fmt.Errorf("register status query: %w", err)
	}
	if err := t.actions.acceptUpdates(ctx, &t.answers, &t.task); err != nil {
		return err
	}
	if err := t.in.Validate(); err != nil {
		return temporal.NewNonRetryableApplicationError("invalid task request: "+err.Error(), ErrInvalidTaskRequest, nil)
	}
	if err := checkTaskWorkflowID(info.WorkflowExecution.ID, t.in.RequestID, scheduledRun(ctx)); err != nil {
		return temporal.NewNonRetryableApplicationError("invalid task request: "+err.Error(), ErrInvalidTaskRequest, nil)
	}
	policy, err := lookupPolicy(ctx, t.in.TaskType)
	if err != nil {
		return err
	}
	t.staffing = newStaffing(policy, t.in.Assignee, excluded(t.in.DACI))
	t.governance = newGovernance(t.in.DACI, policy)
	t.automation = automation{policy: policy, payload: t.in.Payload}
	t.escalations = newEscalations(policy.TaskType.EscalationPath, policy.Managers, time.Duration(policy.TaskType.EscalationWindow))
	t.task.classify(policy, t.in.Scores)
	tt := policy.TaskType
	if err := t.clocks.open(policy.Calendar, t.task.ReceivedAt, tt.ResponseSLA, tt.ResolutionSLA, tt.WarnAt); err != nil {
		return temporal.NewNonRetryableApplicationError(err.Error(), ErrInvalidTaskRequest, nil)
	}
	t.record(ctx, classified(&t.task, policy, workflow.Now(ctx)))
	return nil
}

// lookupPolicy looks the task type up in the worker's catalog.
func lookupPolicy(ctx workflow.Context, taskType string) (activities.TaskPolicy, error) {
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 5 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
		Summary:             fmt.Sprintf("look up %q in the task catalog", taskType),
	})
	var policies *activities.TaskPolicies
	var policy activities.TaskPolicy
	err := workflow.ExecuteLocalActivity(lctx, policies.LookupTaskPolicy, activities.PolicyRequest{TaskType: taskType}).Get(ctx, &policy)
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		// The task fails with the catalog's own words and type, such as UnknownTaskType.
		return policy, temporal.NewNonRetryableApplicationError("look up task policy: "+appErr.Message(), appErr.Type(), err)
	}
	return policy, err
}

// classify applies the bucket and lane rules to the request's scores, or the type's
// defaults; work the type has no automation for goes to a person.
func (s *taskState) classify(policy activities.TaskPolicy, requested *catalog.Scores) {
	tt := policy.TaskType
	scores := tt.Scores
	if requested != nil {
		scores = *requested
	}
	s.TaskName, s.CatalogRef, s.Team, s.OwnerRole, s.reviewRole, s.fallback = tt.Name, policy.CatalogRef, tt.Team, tt.OwnerRole, tt.ReviewRole, tt.Fallback
	s.Scores = scores
	s.Bucket = catalog.ClassifyBucket(scores)
	s.Lane = catalog.ClassifyLane(scores)
	if s.Lane != catalog.LaneHuman && tt.Automation == nil {
		s.RouteNote = fmt.Sprintf("the scores give the %s lane but %s has no automation, so a person takes it", s.Lane, tt.ID)
		s.Lane = catalog.LaneHuman
	}
}
