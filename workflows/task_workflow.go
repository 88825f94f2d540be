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

// CampaignTaskWorkflow runs one marketing-ops task: it classifies the request from
// the catalog, routes it to a lane, holds its SLA clocks, and waits for the
// automations and people that finish it.
func CampaignTaskWorkflow(ctx workflow.Context, in TaskRequest) (TaskResult, error) {
	t := &taskRun{in: in}
	if err := t.setup(ctx); err != nil {
		return TaskResult{}, err
	}
	if err := t.run(ctx); err != nil {
		return TaskResult{}, err
	}
	return TaskResult{Status: t.view()}, nil
}

// taskRun is the state of one task while its workflow runs.
type taskRun struct {
	in          TaskRequest
	policy      activities.TaskPolicy
	status      TaskStatus
	logger      log.Logger
	loop        eventLoop
	actions     actionQueue
	log         signalLog
	notices     int
	clocks      clocks
	escalations escalations
	governance  governance
	published   searchState
	staffing    staffing
}

// view is the task's status as its query answers it, with who may approve now.
func (t *taskRun) view() TaskStatus {
	st := t.current()
	st.Approvers = t.approvers()
	boundLists(&st)
	return st
}

// current is the task's status as its parts hold it now.
func (t *taskRun) current() TaskStatus {
	st := t.status
	t.clocks.show(&st)
	t.escalations.show(&st)
	t.staffing.show(&st)
	t.governance.show(&st)
	t.log.show(&st)
	return st
}

// keepBounded bounds the lists the task keeps that grow with what happens to it, as the status shows them.
func (t *taskRun) keepBounded() {
	t.status.Notices = boundNotices(t.status.Notices)
	t.escalations.bound()
}

func (t *taskRun) setup(ctx workflow.Context) error {
	info := workflow.GetInfo(ctx)
	t.logger = log.With(workflow.GetLogger(ctx), "task", info.WorkflowExecution.ID)
	request := t.in
	request.Payload = nil
	t.status = TaskStatus{
		TaskID: info.WorkflowExecution.ID, Request: request, Stage: StageReceived,
		ReceivedAt: info.WorkflowStartTime,
	}
	t.clocks = newClocks()
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (TaskStatus, error) { return t.view(), nil }); err != nil {
		return fmt.Errorf("register status query: %w", err)
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
	t.staffing = staffing{on: policy.Staffed}
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
	st := &t.status
	st.TaskName, st.CatalogRef, st.Team, st.OwnerRole = tt.Name, t.policy.CatalogRef, tt.Team, tt.OwnerRole
	st.Scores = scores
	st.Bucket = catalog.ClassifyBucket(scores)
	st.Lane = catalog.ClassifyLane(scores)
	if st.Lane != catalog.LaneHuman && tt.Automation == nil {
		st.RouteNote = fmt.Sprintf("the scores give the %s lane but %s has no automation, so a person takes it", st.Lane, tt.ID)
		st.Lane = catalog.LaneHuman
	}
	if err := t.clocks.open(t.policy.Calendar, st.ReceivedAt, tt.ResponseSLA, tt.ResolutionSLA); err != nil {
		return temporal.NewNonRetryableApplicationError(err.Error(), ErrInvalidTaskRequest, nil)
	}
	return nil
}

// run routes the task to its lane and handles events until it completes and
// nothing is in flight, or until the task is cancelled.
func (t *taskRun) run(ctx workflow.Context) error {
	t.loop = newEventLoop(ctx)
	cancelled := false
	t.loop.receive(ctx.Done(), func(workflow.ReceiveChannel) { cancelled = true })
	t.actions.listen(ctx, &t.loop, t.status.ReceivedAt, func(woke workflow.ReceiveChannel) {
		t.takeActions(ctx, woke) // this one and any others waiting, in the order they happened
	})
	t.watchUnknownSignals(ctx)
	t.listenEscalations(ctx)
	t.listenRoster(ctx)
	if t.govern(ctx) {
		t.route(ctx)
	}
	t.publish(ctx)
	for !cancelled && (t.status.Stage != StageCompleted || t.loop.busy()) {
		if !t.loop.handleNext(ctx) {
			t.applyActions(ctx, time.Time{}) // those a timer's catch-up left for later
		}
		t.settleHeldAcks(ctx)
		t.keepBounded()
	}
	if cancelled && t.status.Outcome == "" {
		err := t.cancel(ctx)
		t.rejectLateSignals(ctx) // rejected: the task is closed
		return err
	}
	t.rejectLateSignals(ctx)
	return nil
}

// route starts the SLA clocks and hands the task to its lane.
func (t *taskRun) route(ctx workflow.Context) {
	t.startClock(ctx, "response", t.clocks.response())
	t.startClock(ctx, "resolution", t.clocks.resolution())
	switch t.status.Lane {
	case catalog.LaneAutomated:
		t.startAutomation(ctx)
	case catalog.LaneHybrid:
		t.startAutomation(ctx)
		t.assign(ctx, StepConfirm, t.firstAssignee())
	default:
		t.assign(ctx, StepWork, t.firstAssignee())
	}
}

// cancel closes an open task someone cancelled in Temporal: its state says so, and
// the workflow ends as cancelled. Timers and activities are cancelled with it. A task
// cancelled after it completed keeps its outcome.
func (t *taskRun) cancel(ctx workflow.Context) error {
	st := &t.status
	now := workflow.Now(ctx)
	st.Stage, st.Outcome, st.CompletedAt = StageCompleted, OutcomeCancelled, &now
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	t.publish(dctx)
	if f := t.releaseStaffing(dctx, false, 0, "cancelled"); f != nil {
		_ = f.Get(dctx, nil) // a roster that missed it finds the task closed at its next check
	}
	return ctx.Err()
}

func (t *taskRun) firstAssignee() string {
	// A rostered team books a person by the rules; the named assignee is only a preference.
	if t.in.Assignee != "" && !t.staffing.staffed() {
		return t.in.Assignee
	}
	return RoleAssignee(t.policy.TaskType.OwnerRole)
}
