package lanesworker_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// The ledger's database refuses every write while tasks do their work: another
// connection holds SQLite's write lock, as a long migration or a stuck backup would.
// The tasks finish their work but stay open, each waiting on its record with the
// database's error as the retry reason; once the lock goes, every fact arrives, each
// exactly once, and only then do the tasks close.
func TestIntegrationLedgerOutage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	ls := startLanesWith(t, defaultCatalog(t), func(cfg *lanesworker.Config) { cfg.Ledger.Path = path })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	db := openLedgerFile(t, path)
	require.Eventually(t, func() bool { // the worker has opened and migrated the ledger
		_, err := db.Exec(`SELECT 1 FROM milestones LIMIT 1`)
		return err == nil
	}, time.Minute, 100*time.Millisecond)

	outage := holdWriteLock(ctx, t, path)
	var runs []string
	for _, task := range ledgerTasks {
		sub, err := ls.intake.Submit(ctx, task.req)
		require.NoError(t, err)
		runs = append(runs, sub.TaskID)
		if task.person != "" {
			_, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(stageIs(workflows.StageAssigned)))
			require.NoError(t, err)
			act(ctx, t, ls.intake, sub.TaskID, task.person)
		}
	}
	for _, id := range runs {
		_, err := ls.intake.WaitFor(ctx, id, stageIs(workflows.StageCompleted))
		require.NoError(t, err)
		waitOnLedgerRetry(ctx, t, ls, id)
		require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, taskStatus(ctx, t, ls, id), "%s closed before its records were written", id)
	}
	require.Empty(t, milestoneKeys(t, db, runs[0]), "nothing written during the outage")

	restored := time.Now()
	require.NoError(t, outage.Rollback())
	for i, task := range ledgerTasks {
		id := runs[i]
		var res workflows.TaskResult
		require.NoError(t, ls.client.GetWorkflow(ctx, id, "").Get(ctx, &res))
		desc, err := ls.client.DescribeWorkflowExecution(ctx, id, "")
		require.NoError(t, err)
		require.False(t, desc.GetWorkflowExecutionInfo().GetCloseTime().AsTime().Before(restored), "%s closed during the outage", id)
		require.Equal(t, task.keys, milestoneKeys(t, db, id), id)
	}
	var holders, attempts int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM holders WHERE task_id = $1`, runs[1]).Scan(&holders))
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM automation_attempts WHERE task_id = $1`, runs[0]).Scan(&attempts))
	require.Equal(t, []int{1, 1}, []int{holders, attempts}, "a retried write adds no second row")
}

// holdWriteLock takes the ledger file's write lock in a transaction of its own and
// keeps it until the transaction ends: every other writer waits, then fails busy.
func holdWriteLock(ctx context.Context, t *testing.T, path string) *sql.Tx {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_txlock=exclusive")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tx.Rollback() }) // ended already unless the test failed first
	return tx
}

// waitOnLedgerRetry waits until the task's ledger write has failed and is retrying,
// with the database's refusal as the reason its history and the UI show.
func waitOnLedgerRetry(ctx context.Context, t *testing.T, ls *lanesServer, id string) {
	t.Helper()
	require.Eventually(t, func() bool {
		desc, err := ls.client.DescribeWorkflowExecution(ctx, id, "")
		require.NoError(t, err)
		for _, a := range desc.GetPendingActivities() {
			if a.GetActivityType().GetName() == "RecordFacts" && a.GetAttempt() >= 2 {
				return strings.Contains(a.GetLastFailure().GetMessage(), "database is locked")
			}
		}
		return false
	}, time.Minute, 200*time.Millisecond, "%s: no ledger write retrying on the locked database", id)
}
