package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/workflows"
)

// importQueue is where the test's stand-in task runs.
const importQueue = "starter-import-it"

// importedTask stands in for CampaignTaskWorkflow: it stays open like a task waiting
// for its person and answers the status query with the request it was started with,
// which is all of the task an import relies on. Whether a start is a duplicate is the
// server's answer to intake's ID policy, not the workflow's.
func importedTask(ctx workflow.Context, req workflows.TaskRequest) error {
	st := workflows.TaskStatus{TaskID: workflow.GetInfo(ctx).WorkflowExecution.ID, Request: req, Stage: workflows.StageReceived}
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.TaskStatus, error) { return st, nil }); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return false })
}

// startImportServer runs a real Temporal server with Lanes' search attributes and the
// stand-in task, and returns its client and a starter env whose dial reaches it.
func startImportServer(t *testing.T) (client.Client, *env, *bytes.Buffer) {
	t.Helper()
	ts, c := newLanesServer(t)
	ts.NewWorker(importQueue, func(r worker.Registry) {
		r.RegisterWorkflowWithOptions(importedTask, workflow.RegisterOptions{Name: "CampaignTaskWorkflow"})
	})
	cat, err := catalog.Default()
	require.NoError(t, err)
	e, out := importTestEnv(t, "")
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: importQueue, Now: e.now}, func() {}, nil
	}
	return c, e, out
}

// importJSON runs `starter import FILE --json` and returns the report and the command's error.
func importJSON(t *testing.T, e *env, out *bytes.Buffer, args ...string) (importReport, error) {
	t.Helper()
	out.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := e.run(ctx, "import", append(args, "--json"))
	var report importReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &report), out.String())
	return report, err
}

// runIDs describes each task and returns its current run's ID.
func runIDs(t *testing.T, c client.Client, taskIDs []string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, id := range taskIDs {
		d, err := c.DescribeWorkflowExecution(context.Background(), id, "")
		require.NoError(t, err, id)
		ids[id] = d.WorkflowExecutionInfo.Execution.RunId
	}
	return ids
}

// The sample file on a real server: the valid rows start, the repeated row and the
// bad rows do not; a rerun of the file starts nothing new.
func TestIntegrationImport(t *testing.T) {
	c, e, out := startImportServer(t)
	sample := filepath.Join("testdata", "import.csv")
	started := []string{"task-INT-3001", "task-import-952058b02c61cd47", "task-INT-3003", "task-import-958a638434d23664"}

	want := sampleReport(sample)
	want.DryRun = false
	for _, i := range []int{0, 1, 2, 3} {
		want.Rows[i].Outcome = outcomeStarted
	}
	want.Totals = importTotals{Rows: 7, Started: 4, Duplicate: 1, Rejected: 2}
	got, err := importJSON(t, e, out, sample, "--concurrency", "3")
	require.EqualError(t, err, "import testdata/import.csv: 2 of 7 rows rejected, 0 failed; fix the rejected rows and rerun the file: rows already started come back as duplicates")
	require.Equal(t, want, got)
	first := runIDs(t, c, started)

	st, err := (&intake.Client{Temporal: c}).Status(context.Background(), "task-INT-3001")
	require.NoError(t, err)
	req := st.Request
	require.Equal(t, "Review spring hero banner", req.Title)
	require.True(t, req.Rush)
	require.Equal(t, []string{"https://drive.example.com/hero-v3.png", "https://drive.example.com/spring-brief.pdf"}, req.Assets)
	require.Equal(t, []string{"CTR ≥ 2%", "Approved before the 3 Mar send"}, req.SuccessMetrics)
	require.Equal(t, &catalog.RICE{Reach: 4000, Impact: 2, Confidence: 80, Effort: 1}, req.RICE)
	require.Equal(t, &workflows.Governance{Driver: "pat", Approver: "maya", Consultants: []string{"lena", "omar"}, Informed: []string{"rosa"}}, req.DACI)
	require.Equal(t, catalog.TierFull, req.Triage.Tier, "the task starts with intake's triage")

	for _, i := range []int{0, 1, 2, 3} {
		want.Rows[i].Outcome = outcomeDuplicate
	}
	want.Totals = importTotals{Rows: 7, Duplicate: 5, Rejected: 2}
	got, err = importJSON(t, e, out, sample)
	require.ErrorContains(t, err, "2 of 7 rows rejected, 0 failed")
	require.Equal(t, want, got, "a rerun starts nothing new")
	require.Equal(t, first, runIDs(t, c, started), "each task is still its first run")

	out.Reset()
	require.Error(t, e.run(context.Background(), "import", []string{sample}))
	require.Contains(t, out.String(), "\nTotals: 7 rows, 0 started, 5 duplicate, 2 rejected, 0 failed.\n")

	require.Eventually(t, func() bool {
		n, err := c.CountWorkflow(context.Background(), &workflowservice.CountWorkflowExecutionsRequest{Query: "WorkflowType = 'CampaignTaskWorkflow'"})
		return err == nil && n.Count == int64(len(started))
	}, 10*time.Second, 100*time.Millisecond, "three imports of the file started four tasks in all")
}

// A row Temporal does not take is reported failed, with the advice that a rerun is safe.
func TestIntegrationImportReportsFailedRows(t *testing.T) {
	ts := temporalserver.Start(t)
	// A namespace nobody registered: every start fails on the server.
	c := ts.Dial(client.Options{Namespace: "no-such-namespace"})
	cat, err := catalog.Default()
	require.NoError(t, err)
	e, out := importTestEnv(t, "")
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: importQueue, Now: e.now}, func() {}, nil
	}
	file := writeFile(t, "sync.csv", []byte("requestId,taskType,title\nR-1,routine-data-sync,Sync sign-ups\nR-2,routine-data-sync,Sync leads\n"))
	got, err := importJSON(t, e, out, file)
	require.ErrorContains(t, err, "0 of 2 rows rejected, 2 failed; fix the rejected rows and rerun the file")
	require.Equal(t, importTotals{Rows: 2, Failed: 2}, got.Totals)
	for _, row := range got.Rows {
		require.Equal(t, outcomeFailed, row.Outcome)
		require.Contains(t, row.Reason, "start task workflow: Namespace no-such-namespace is not found; rerunning")
		require.Contains(t, row.Reason, "; rerunning the file is safe: a row that did start comes back as a duplicate")
	}
}

// Rerunning a file after its due dates passed still starts nothing new: a row an
// earlier run started is a duplicate, and only a row nothing started is refused.
func TestIntegrationImportRerunAfterTheDueDates(t *testing.T) {
	_, e, out := startImportServer(t)
	first := writeFile(t, "first.csv", []byte("requestId,taskType,title,dueDate\nDUE-1,creative-stakeholder-review,Review the banner,2026-12-15\n"))
	report, err := importJSON(t, e, out, first)
	require.NoError(t, err)
	require.Equal(t, outcomeStarted, report.Rows[0].Outcome)

	e.now = func() time.Time { return time.Date(2027, 1, 4, 15, 0, 0, 0, time.UTC) } // both dates have passed
	both := writeFile(t, "both.csv", []byte("requestId,taskType,title,dueDate\n"+
		"DUE-1,creative-stakeholder-review,Review the banner,2026-12-15\n"+
		"DUE-2,creative-stakeholder-review,Review the footer,2026-12-15\n"))
	report, err = importJSON(t, e, out, both)
	require.Error(t, err, "a rejected row makes the import fail")
	require.Equal(t, outcomeDuplicate, report.Rows[0].Outcome, report.Rows[0].Reason)
	require.Equal(t, "task-DUE-1", report.Rows[0].TaskID)
	require.Equal(t, outcomeRejected, report.Rows[1].Outcome)
	require.Contains(t, report.Rows[1].Reason, "dueDate: 2026-12-15 is in the past")
	require.Equal(t, importTotals{Rows: 2, Duplicate: 1, Rejected: 1}, report.Totals)
}
