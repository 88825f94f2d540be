package lanesworker_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/lanesworker"
	_ "github.com/lanes-dev/lanes/ledger" // registers the SQLite driver the checks read the file with
	"github.com/lanes-dev/lanes/workflows"
)

// ledgerTasks are a task of each kind the ledger must tell apart: automated work
// closed by its automation, and human work the roster books for lena. Each lists the
// milestone keys it records, once each, people's actions included.
var ledgerTasks = []struct {
	req    workflows.TaskRequest
	person string // who takes the human work; empty for automated work
	keys   []string
}{
	{
		req: workflows.TaskRequest{RequestID: "ledger-utm", TaskType: "utm-naming-validation", Title: "UTMs of the spring mail",
			Payload: json.RawMessage(`{"urls":["https://example.com/?utm_source=news&utm_medium=email&utm_campaign=spring"]}`)},
		keys: []string{"acknowledged-1", "automation-1", "classified", "clock-resolution", "clock-response", "closed"},
	},
	{
		req:    workflows.TaskRequest{RequestID: "ledger-qa", TaskType: "weekly-lifecycle-email-qa", Title: "QA the winback series", Requester: "maya", BusinessUnit: "growth"},
		person: "lena",
		// The actions act sends: a stranger's refused completion, lena's acknowledge and
		// completion, and the manager's approval.
		keys: []string{"acknowledged-1", "action-1", "action-2", "action-3", "action-4", "booked-1", "classified", "clock-resolution", "clock-response", "closed"},
	},
}

// Tasks run to completion on the real server with the ledger on SQLite; the ledger
// then holds exactly each task's facts, once, and the task's row says how it ended.
func TestIntegrationLedgerRecordsEachFactOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	ls := startLanesWith(t, defaultCatalog(t), func(cfg *lanesworker.Config) { cfg.Ledger.Path = path })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	for _, task := range ledgerTasks {
		runLedgerTask(ctx, t, ls, task.req, task.person)
	}

	db := openLedgerFile(t, path)
	for _, task := range ledgerTasks {
		id := workflows.TaskWorkflowID(task.req.RequestID)
		require.Equal(t, task.keys, milestoneKeys(t, db, id), id)
	}
	var outcome string
	var byAutomation int
	require.NoError(t, db.QueryRow(`SELECT outcome, closed_by_automation FROM tasks WHERE task_id = $1`, workflows.TaskWorkflowID("ledger-utm")).Scan(&outcome, &byAutomation))
	require.Equal(t, "completed 1", fmt.Sprintf("%s %d", outcome, byAutomation))
}

// runLedgerTask submits a task and, for human work, has person take and complete it
// once the roster booked them; it returns when the workflow has closed.
func runLedgerTask(ctx context.Context, t *testing.T, ls *lanesServer, req workflows.TaskRequest, person string) {
	t.Helper()
	sub, err := ls.intake.Submit(ctx, req)
	require.NoError(t, err)
	if person != "" {
		_, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(stageIs(workflows.StageAssigned)))
		require.NoError(t, err)
		act(ctx, t, ls.intake, sub.TaskID, person)
	}
	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	require.Equal(t, workflows.StageCompleted, res.Status.Stage)
}

// openLedgerFile opens the ledger's SQLite file to read what the tasks wrote.
func openLedgerFile(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return db
}

// milestoneKeys lists the milestone keys a task recorded, sorted; the table's key
// makes each one appear once at most.
func milestoneKeys(t *testing.T, db *sql.DB, taskID string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT milestone_key FROM milestones WHERE task_id = $1 ORDER BY milestone_key`, taskID)
	require.NoError(t, err)
	defer func() { require.NoError(t, rows.Close()) }()
	var keys []string
	for rows.Next() {
		var k string
		require.NoError(t, rows.Scan(&k))
		keys = append(keys, k)
	}
	require.NoError(t, rows.Err())
	return keys
}

func defaultCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	return cat
}

// taskStatus is the workflow's own state as Temporal reports it.
func taskStatus(ctx context.Context, t *testing.T, ls *lanesServer, id string) enumspb.WorkflowExecutionStatus {
	t.Helper()
	desc, err := ls.client.DescribeWorkflowExecution(ctx, id, "")
	require.NoError(t, err)
	return desc.GetWorkflowExecutionInfo().GetStatus()
}
