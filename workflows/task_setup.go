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
	request := t.in
	request.Payload = nil
	t.task = taskState{
		TaskID: info.WorkflowExecution.ID, Request: request, Stage: StageReceived,
		ReceivedAt: info.WorkflowStartTime,
	}
	t.clocks = newClocks()
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (TaskStatus, error) { return t.view(), nil }); err != nil {
		return fmt.Errorf("register status query: %w", err)
	}
	if err := t.acceptUpdates(ctx); err != nil {
		return err
	}
	if err := t.in.Validate(); err != nil {
		return temporal.NewNonRetryableApplicationError("invalid task request: "+err.Error(), ErrInvalidTaskRequest, nil)
	}
	if err := checkTaskWorkflowID(info.WorkflowExecution.ID, t.in.RequestID, scheduledRun(ctx)); err != nil {
		return temporal.NewNonRetryableApplicationError("invalid task request: "+err.Error(), ErrInvalidTaskRequest, nil)
	}
	policy, err := t.lookupPolicy(ctx)
	if err != nil {
		return err
	}
	t.policy = policy
	t.staffing = newStaffing(policy, t.in.Assignee, excluded(t.in.DACI))
	t.governance = newGovernance(t.in.DACI, policy)
	t.escalations = newEscalations(policy.TaskType.EscalationPath, policy.Managers, time.Duration(policy.TaskType.EscalationWindow))
	return t.classify()
}

func (t *taskRun) lookupPolicy(ctx workflow.Context) (activities.TaskPolicy, error) {
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 5 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
		Summary:             fmt.Sprintf("look up %q in the task catalog", t.in.TaskType),
	})
	var policies *activities.TaskPolicies
	var policy activities.TaskPolicy
	err := workflow.ExecuteLocalActivity(lctx, policies.LookupTaskPolicy, activities.PolicyRequest{TaskType: t.in.TaskType}).Get(ctx, &policy)
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		// The task fails with the catalog's own words and type, such as UnknownTaskType.
		return policy, temporal.NewNonRetryableApplicationError("look up task policy: "+appErr.Message(), appErr.Type(), err)
	}
	return policy, err
}

// classify applies the bucket and lane rules to the request's scores, or the type's defaults.
func (t *taskRun) classify() error {
	tt := t.policy.TaskType
	scores := tt.Scores
	if t.in.Scores != nil {
		scores = *t.in.Scores
	}
	st := &t.task
	st.TaskName, st.CatalogRef, st.Team, st.OwnerRole, st.reviewRole = tt.Name, t.policy.CatalogRef, tt.Team, tt.OwnerRole, tt.ReviewRole
	st.Scores = scores
	st.Bucket = catalog.ClassifyBucket(scores)
	st.Lane = catalog.ClassifyLane(scores)
	if st.Lane != catalog.LaneHuman && tt.Automation == nil {
		st.RouteNote = fmt.Sprintf("the scores give the %s lane but %s has no automation, so a person takes it", st.Lane, tt.ID)
		st.Lane = catalog.LaneHuman
	}
	if err := t.clocks.open(t.policy.Calendar, st.ReceivedAt, tt.ResponseSLA, tt.ResolutionSLA, tt.WarnAt); err != nil {
		return temporal.NewNonRetryableApplicationError(err.Error(), ErrInvalidTaskRequest, nil)
	}
	return nil
}
