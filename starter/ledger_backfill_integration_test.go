package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/workflows"
)

// backfillQueue is where the test's stand-in tasks run.
const backfillQueue = "starter-backfill-it"

// closedTask stands in for CampaignTaskWorkflow as a task that closed before the
// ledger: it ends with the status it is given as its result; one given no close waits
// until it is cancelled, then answers the status query as a cancelled task does.
func closedTask(ctx workflow.Context, st workflows.TaskStatus) (workflows.TaskResult, error) {
	if st.CompletedAt != nil {
		return workflows.TaskResult{Status: st}, nil
	}
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.TaskStatus, error) { return st, nil }); err != nil {
		return workflows.TaskResult{}, err
	}
	_ = workflow.Await(ctx, func() bool { return false }) // until cancelled or terminated
	cancelledAt := st.ReceivedAt.Add(time.Hour)
	st.Stage, st.Outcome, st.CompletedAt = workflows.StageCompleted, workflows.OutcomeCancelled, &cancelledAt
	return workflows.TaskResult{}, ctx.Err()
}

// backfillReceived is when the stand-in tasks came in: fixed, so any date and zone run alike.
var backfillReceived = time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)

// reviewStatus is a creative review bob took from the queue and closed, with its clocks met.
func reviewStatus(id string) workflows.TaskStatus {
	took, done := backfillReceived.Add(2*time.Hour), backfillReceived.Add(121*time.Minute)
	return workflows.TaskStatus{
		TaskID: id, Request: workflows.TaskRequest{TaskType: "creative-stakeholder-review", Requester: "pat"},
		Team: "marketing-ops", Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman,
		Assignee: "bob", AcknowledgedBy: "bob", ReceivedAt: backfillReceived,
		Response:   workflows.SLAClock{Target: "1 business day", Budget: 8 * time.Hour, Used: 2 * time.Hour, Deadline: backfillReceived.Add(24 * time.Hour), MetAt: &took},
		Resolution: workflows.SLAClock{Target: "3 business days", Budget: 24 * time.Hour, Used: 121 * time.Minute, Deadline: backfillReceived.Add(72 * time.Hour), MetAt: &done},
		Outcome:    workflows.OutcomeResolved, CompletedBy: "bob", CompletedAt: &done,
		Signals: []workflows.SignalRecord{{Name: workflows.SignalAcknowledge, Actor: "bob", At: took, Accepted: true}},
	}
}

// Closed tasks on a real server: the completed ones and the cancelled one are
// backfilled, the terminated one is skipped with why, and the one that recorded its own
// facts gets nothing new; a dry run before records nothing, and a second run adds nothing.
func TestLedgerBackfillRecordsClosedTasksOnce(t *testing.T) {
	ts, c := newLanesServer(t)
	ts.NewWorker(backfillQueue, func(r worker.Registry) {
		r.RegisterWorkflowWithOptions(closedTask, workflow.RegisterOptions{Name: "CampaignTaskWorkflow"})
	})
	path := filepath.Join(t.TempDir(), "ledger.db")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// task-recorded ran on the ledger's version: its facts, and one a backfill cannot rebuild, are in.
	store, err := ledger.Open(ctx, ledger.Config{Path: path})
	require.NoError(t, err)
	recorded := reviewStatus("task-recorded")
	for _, f := range append(workflows.LedgerFactsFromStatus(recorded, 60), ledger.Fact{TaskID: "task-recorded", Milestone: "queued-1", Kind: ledger.KindQueued, At: backfillReceived}) {
		require.NoError(t, store.Record(ctx, f))
	}
	require.NoError(t, store.Close())

	open := reviewStatus("")
	open.CompletedAt, open.Outcome, open.Response.MetAt, open.Resolution.MetAt, open.Signals = nil, "", nil, nil, nil
	for id, st := range map[string]workflows.TaskStatus{"task-review": reviewStatus("task-review"), "task-recorded": recorded, "task-cancelled": open, "task-terminated": open} {
		st.TaskID = id
		_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: backfillQueue}, "CampaignTaskWorkflow", st)
		require.NoError(t, err)
	}
	require.NoError(t, c.CancelWorkflow(ctx, "task-cancelled", ""))
	require.NoError(t, c.TerminateWorkflow(ctx, "task-terminated", "", "started by mistake"))
	for _, id := range []string{"task-review", "task-recorded", "task-cancelled", "task-terminated"} {
		_ = c.GetWorkflow(ctx, id, "").Get(ctx, nil) // closed, whichever way
	}

	backfill := func(args ...string) backfillReport {
		t.Helper()
		e, out := newTestEnv(t, map[string]string{"TEMPORAL_NAMESPACE": ts.Namespace(), "LANES_LEDGER_PATH": path}, nil)
		cat, err := catalog.Default()
		require.NoError(t, err)
		e.dial = func(context.Context) (*intake.Client, func(), error) {
			return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: backfillQueue}, func() {}, nil
		}
		// Visibility lags the closes a moment: read until it lists all four.
		var report backfillReport
		require.Eventually(t, func() bool {
			out.Reset()
			require.NoError(t, e.run(ctx, "ledger", append([]string{"backfill", "--json"}, args...)))
			report = backfillReport{}
			require.NoError(t, json.Unmarshal(out.Bytes(), &report), out.String())
			return report.TasksRead == 4
		}, 20*time.Second, 200*time.Millisecond)
		require.Equal(t, []skippedTask{{TaskID: "task-terminated", RunID: report.Skipped[0].RunID,
			Reason: "terminated: the workflow ended without a result, so the task has no close to record"}}, report.Skipped)
		require.Empty(t, report.Refused)
		return report
	}

	// task-review's six facts, task-cancelled's classified and closed, task-recorded's six present.
	dry := backfill("--dry-run")
	require.Equal(t, []int{8, 6, 2}, []int{dry.FactsNew, dry.FactsPresent, dry.TasksBackfilled})
	first := backfill()
	require.Equal(t, []int{8, 6, 2}, []int{first.FactsNew, first.FactsPresent, first.TasksBackfilled})
	second := backfill("--since", "720h")
	require.Equal(t, []int{0, 14, 0}, []int{second.FactsNew, second.FactsPresent, second.TasksBackfilled})
	require.Contains(t, first.SinceFrom, "the namespace's retention")
	require.Equal(t, "--since", second.SinceFrom)

	store, err = ledger.Open(ctx, ledger.Config{Path: path})
	require.NoError(t, err)
	defer func() { require.NoError(t, store.Close()) }()
	for id, want := range map[string]int{"task-review": 6, "task-recorded": 7, "task-cancelled": 2, "task-terminated": 0} {
		keys, err := store.Milestones(ctx, id)
		require.NoError(t, err)
		require.Len(t, keys, want, id)
	}
}
