package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/workflows"
)

// backfillReport is what a backfill read, recorded and skipped.
type backfillReport struct {
	Since time.Time `json:"since"`
	// SinceFrom says where Since came from: --since, or the namespace's retention.
	SinceFrom string `json:"sinceFrom"`
	DryRun    bool   `json:"dryRun,omitempty"`
	TasksRead int    `json:"tasksRead"`
	// TasksBackfilled counts the tasks that had facts the ledger lacked.
	TasksBackfilled int `json:"tasksBackfilled"`
	// FactsNew are recorded now (or, in a dry run, would be); FactsPresent were there already.
	FactsNew     int `json:"factsRecorded"`
	FactsPresent int `json:"factsAlreadyPresent"`
	// FactsLeftOut are rebuilt facts of tasks whose own facts (their close among them)
	// are in the ledger, under keys those tasks did not use: never recorded beside them.
	FactsLeftOut int           `json:"factsLeftOut,omitempty"`
	Skipped      []skippedTask `json:"skipped,omitempty"`
	Refused      []refusedFact `json:"refused,omitempty"`
}

// skippedTask is a closed task the backfill could not read facts from, and why.
type skippedTask struct {
	TaskID string `json:"taskId"`
	RunID  string `json:"runId"`
	Reason string `json:"reason"`
}

// refusedFact is a rebuilt fact the ledger will not take (a *ledger.FactError).
type refusedFact struct {
	TaskID    string `json:"taskId"`
	Milestone string `json:"milestone"`
	Problem   string `json:"problem"`
}

// backfiller reads closed tasks from Temporal and records their facts in the ledger.
type backfiller struct {
	temporal client.Client
	store    *ledger.Store
	catalog  *catalog.Catalog
	dryRun   bool
	wait     time.Duration // for a cancelled task's status query
	noWorker bool          // a status query went unanswered: later ones would too
}

// run backfills every task closed since, page by page.
func (b *backfiller) run(ctx context.Context, since time.Time) (backfillReport, error) {
	r := backfillReport{Since: since, DryRun: b.dryRun}
	query := fmt.Sprintf("WorkflowType = 'CampaignTaskWorkflow' AND ExecutionStatus != 'Running' AND CloseTime >= '%s'", since.Format(time.RFC3339))
	seen := map[string]bool{} // a page boundary may move as tasks close meanwhile
	var token []byte
	for {
		resp, err := b.temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: token})
		if err != nil {
			return r, fmt.Errorf("list the tasks closed since %s: %w", since.Format(time.RFC3339), err)
		}
		for _, info := range resp.GetExecutions() {
			if run := info.GetExecution().GetRunId(); !seen[run] {
				seen[run] = true
				if err := b.task(ctx, info, &r); err != nil {
					return r, err
				}
			}
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return r, nil
		}
	}
}

// task backfills one closed task; only the ledger's own errors stop the backfill.
func (b *backfiller) task(ctx context.Context, info *workflowpb.WorkflowExecutionInfo, r *backfillReport) error {
	r.TasksRead++
	id, runID := info.GetExecution().GetWorkflowId(), info.GetExecution().GetRunId()
	st, why := b.status(ctx, info)
	facts := workflows.LedgerFactsFromStatus(st, b.manualMinutes(st.Request.TaskType))
	if why == "" && facts == nil {
		why = "its status has no close: the workflow ended while the task was open"
	}
	if why != "" {
		r.Skipped = append(r.Skipped, skippedTask{TaskID: id, RunID: runID, Reason: why})
		return nil
	}
	held, err := b.store.Milestones(ctx, id)
	if err != nil {
		return err
	}
	added := 0
	for _, f := range facts {
		f.TaskID = id // the workflow ID is the task's key, as the workflow records it
		switch {
		case held[f.Milestone]:
			r.FactsPresent++
			continue
		case held["closed"]:
			r.FactsLeftOut++ // the task recorded its own facts: a guess beside them would count twice
			continue
		case !b.dryRun:
			var refused *ledger.FactError
			if err := b.store.Record(ctx, f); errors.As(err, &refused) {
				r.Refused = append(r.Refused, refusedFact{TaskID: id, Milestone: f.Milestone, Problem: refused.Problem})
				continue
			} else if err != nil {
				return err
			}
		}
		r.FactsNew++
		added++
	}
	if added > 0 {
		r.TasksBackfilled++
	}
	return nil
}

// status is a closed task's final status, or why it cannot be had: a completed task's
// result; a cancelled task's status query, which a Lanes worker answers by replaying it.
func (b *backfiller) status(ctx context.Context, info *workflowpb.WorkflowExecutionInfo) (workflows.TaskStatus, string) {
	id, runID := info.GetExecution().GetWorkflowId(), info.GetExecution().GetRunId()
	var st workflows.TaskStatus
	switch info.GetStatus() {
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		var res workflows.TaskResult
		if err := b.temporal.GetWorkflow(ctx, id, runID).Get(ctx, &res); err != nil {
			return st, "its result could not be read: " + err.Error()
		}
		st = res.Status
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED:
		if b.noWorker {
			return st, "cancelled: no Lanes worker answered an earlier status query; run the backfill again while one runs"
		}
		qctx, cancel := context.WithTimeout(ctx, b.wait)
		defer cancel()
		v, err := b.temporal.QueryWorkflow(qctx, id, runID, workflows.QueryStatus)
		if err == nil {
			err = v.Get(&st)
		}
		if err != nil {
			b.noWorker = b.noWorker || qctx.Err() != nil
			return st, fmt.Sprintf("cancelled: its status query failed (%v); run the backfill again while a Lanes worker runs", err)
		}
	default:
		return st, endedAs(info.GetStatus()) + ": the workflow ended without a result, so the task has no close to record"
	}
	return st, ""
}

// endedAs names how a workflow without a result ended, as ops say it.
func endedAs(s enumspb.WorkflowExecutionStatus) string {
	switch s {
	case enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return "terminated"
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		return "failed"
	case enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
		return "timed out"
	}
	return s.String()
}

// manualMinutes is the type's minutes by hand in the catalog starter runs with, which
// a task's status has only when automation did the work.
func (b *backfiller) manualMinutes(taskType string) int {
	tt, _ := b.catalog.TaskType(taskType)
	return tt.ManualMinutes
}
