// Package intake is the front door to Lanes for the programs that talk to it:
// it validates and submits task requests, sends people's actions as signals and
// reads a task's state. starter and the integration tests use it alike.
package intake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// Client submits tasks to Lanes and acts on them.
type Client struct {
	Temporal client.Client
	Catalog  *catalog.Catalog
	// TaskQueue is where the task workflows run, such as "lanes-tasks".
	TaskQueue string
	// Now tells the time for due-date checks; nil means the clock.
	Now func() time.Time
	// PollInterval paces the status reads that wait for a task's answer; 0 means 100ms.
	PollInterval time.Duration
}

// Submission says what became of a submitted request.
type Submission struct {
	TaskID string `json:"taskId"`
	RunID  string `json:"runId"`
	// Duplicate is true when the request was submitted before; nothing new started.
	Duplicate bool `json:"duplicate"`
}

// Prepare gives a request without an ID a fresh one, checks it against the
// catalog, so a bad request is refused before anything starts, and triages it:
// its score and service tier, by the catalog's intake policy. A refusal is a
// *strictjson.FieldError naming the field and the fix.
func (c *Client) Prepare(req *workflows.TaskRequest) error {
	if strings.TrimSpace(req.RequestID) == "" {
		req.RequestID = uuid.NewString()
	}
	if err := req.Validate(); err != nil {
		return err
	}
	tt, ok := c.Catalog.TaskType(req.TaskType)
	if !ok {
		return strictjson.Fieldf("taskType", "%q is not in the catalog", req.TaskType).Fixf("use one of %s", strings.Join(c.Catalog.IDs(), ", "))
	}
	if err := checkBrief(*req, tt, c.Catalog.Teams[tt.Team], c.now()); err != nil {
		return err
	}
	scores := tt.Scores
	if req.Scores != nil {
		scores = *req.Scores
	}
	triage := c.Catalog.IntakePolicy().Triage(req.RICE, req.Priority, scores)
	if req.Triage != nil && *req.Triage != triage {
		// Only a prepared request carries a triage, and then the same one.
		return strictjson.Fieldf("triage", "set by intake from the catalog's scoring").Fixf("send rice or priority instead")
	}
	req.Triage = &triage
	return nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Submit prepares the request and starts its task once: a request whose ID was seen
// before returns the existing task, marked Duplicate, even when its due date has
// passed since.
func (c *Client) Submit(ctx context.Context, req workflows.TaskRequest) (Submission, error) {
	if err := c.Prepare(&req); err != nil {
		if errors.Is(err, ErrDueDatePassed) {
			if sub, ok := c.Started(ctx, req.RequestID); ok {
				return sub, nil
			}
		}
		return Submission{}, fmt.Errorf("invalid task request: %w", err)
	}
	return c.Start(ctx, req)
}

// Start starts the task of a request Prepare has readied, once: a request whose ID
// was seen before returns the existing task, marked Duplicate.
func (c *Client) Start(ctx context.Context, req workflows.TaskRequest) (Submission, error) {
	return c.StartFor(ctx, req, "")
}

// StartFor is Start for an intake system: the task's memo names system (when not
// empty) as its submitter, so a system that may read only its own tasks reads it.
func (c *Client) StartFor(ctx context.Context, req workflows.TaskRequest, system string) (Submission, error) {
	tt, _ := c.Catalog.TaskType(req.TaskType)
	opts := StartOptions(req, tt, c.TaskQueue)
	if system != "" {
		opts.Memo = map[string]any{SubmitterMemo: system}
	}
	run, err := c.Temporal.ExecuteWorkflow(ctx, opts, workflows.CampaignTaskWorkflow, req)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &started):
		return Submission{TaskID: opts.ID, RunID: started.RunId, Duplicate: true}, nil
	case err != nil:
		return Submission{}, fmt.Errorf("start task workflow: %w", err)
	}
	return Submission{TaskID: run.GetID(), RunID: run.GetRunID()}, nil
}

// Started finds the task a request ID started, if any: the answer to a resend that
// Prepare refuses only for its past due date.
func (c *Client) Started(ctx context.Context, requestID string) (Submission, bool) {
	id := workflows.TaskWorkflowID(requestID)
	desc, err := c.Temporal.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		return Submission{}, false
	}
	return Submission{TaskID: id, RunID: desc.GetWorkflowExecutionInfo().GetExecution().GetRunId(), Duplicate: true}, true
}

// StartOptions are how every task starts, whether intake submits it or a schedule
// does: its workflow ID, once only, and the search attributes and summary that let
// the Temporal UI list it by type and team before the worker classifies it.
func StartOptions(req workflows.TaskRequest, tt catalog.TaskType, taskQueue string) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:        workflows.TaskWorkflowID(req.RequestID),
		TaskQueue: taskQueue,
		// A request ID names one task for the namespace's retention, running or closed.
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		TypedSearchAttributes:                    StartAttributes(req, tt.Team),
		StaticSummary:                            fmt.Sprintf("%s: %s", tt.Name, req.Title),
		StaticDetails:                            staticDetails(req),
	}
}

// StartAttributes are the search attributes a task starts with: its type, team and
// stage, and intake's triage and brief, which never change.
func StartAttributes(req workflows.TaskRequest, team string) temporal.SearchAttributes {
	attrs := []temporal.SearchAttributeUpdate{
		workflows.AttrTaskType.ValueSet(req.TaskType),
		workflows.AttrTeam.ValueSet(team),
		workflows.AttrStage.ValueSet(string(workflows.StageReceived)),
		workflows.AttrRush.ValueSet(req.Rush),
	}
	if req.Triage != nil {
		attrs = append(attrs, workflows.AttrServiceTier.ValueSet(string(req.Triage.Tier)), workflows.AttrScore.ValueSet(req.Triage.Score))
	}
	if req.BusinessUnit != "" {
		attrs = append(attrs, workflows.AttrBusinessUnit.ValueSet(req.BusinessUnit))
	}
	return temporal.NewSearchAttributes(attrs...)
}

func staticDetails(req workflows.TaskRequest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Request **%s** (%s)", req.RequestID, req.TaskType)
	if t := req.Triage; t != nil {
		fmt.Fprintf(&b, "\n\nService: **%s** (%s)", t.Tier, t.Reason)
	}
	for _, f := range [][2]string{
		{"Requester", req.Requester}, {"Business unit", req.BusinessUnit}, {"Campaign", req.CampaignID}, {"Due", req.DueDate},
		{"Objective", req.Objective}, {"Audience", req.Audience}, {"Description", req.Description},
	} {
		if f[1] != "" {
			fmt.Fprintf(&b, "\n\n%s: %s", f[0], f[1])
		}
	}
	return b.String()
}
