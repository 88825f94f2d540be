package lanesworker_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// killedTasks is how many automations are in flight when the worker dies.
const killedTasks = 50

// syncType is the automated type the kill test drives: an RPA action, no reviewer.
const syncType = "routine-data-sync"

// A real worker process running 50 automations is killed with SIGKILL while every one
// of them waits on its endpoint; another worker then takes them over. Every task
// completes, each by its own endpoint answer, and the endpoint never sees a task's
// idempotency key on another task's call. With heartbeats, the automations run again
// about one heartbeat timeout after the death; without a heartbeat timeout (a type
// whose timeout is shorter than it), only after the attempt's whole timeout. The test
// logs both; docs/benchmarks.md's "Worker death" figures come from its output.
func TestIntegrationKilledWorkerAutomationsRunElsewhere(t *testing.T) {
	binary := buildWorker(t)
	for _, tc := range []struct {
		name      string
		heartbeat time.Duration // LANES_AUTOMATION_HEARTBEAT_TIMEOUT of both workers
		timeout   time.Duration // the type's automation timeout; 0 keeps the catalog's 15m
	}{
		{name: "heartbeat 2s", heartbeat: 2 * time.Second},
		{name: "no heartbeat timeout, attempt timeout 10s", heartbeat: activities.AutomationHeartbeatTimeout, timeout: 10 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := killAndTakeOver(t, binary, tc.heartbeat, tc.timeout)
			t.Logf("%s: %d automations running elsewhere after the SIGKILL: p50 %s, max %s (heartbeat timeout %s, attempt timeout %s); %d duplicate keys",
				tc.name, len(m.rerun), m.rerun[len(m.rerun)/2], m.rerun[len(m.rerun)-1], tc.heartbeat, m.timeout, m.duplicates)
		})
	}
}

// takeOver is what one kill measured: each task's time from the SIGKILL to its
// automation's next call at the endpoint, sorted, and the repeated keys.
type takeOver struct {
	rerun      []time.Duration
	timeout    time.Duration
	duplicates int
}

func killAndTakeOver(t *testing.T, binary string, heartbeat, timeout time.Duration) takeOver {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cat, err := catalog.Default()
	require.NoError(t, err)
	if timeout > 0 {
		cat, err = withAutomationTimeout(cat, syncType, timeout)
		require.NoError(t, err)
	}
	tt, _ := cat.TaskType(syncType)
	catalogPath := filepath.Join(t.TempDir(), "catalog.json")
	data, err := json.Marshal(cat)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(catalogPath, data, 0o644))

	ts := temporalserver.Start(t)
	c := ts.Client()
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, c, ts.Namespace()))
	endpoint := newBlockingEndpoint()
	srv := httptest.NewServer(endpoint)
	defer srv.Close()
	defer endpoint.releaseAll()
	base := lanesworker.Config{QueuePrefix: "kill", AutomationHeartbeatTimeout: heartbeat}

	tasks := base
	tasks.Pools = []string{lanesworker.PoolTasks}
	stopTasks := runWorkerInTest(t, tasks, c, cat)
	defer stopTasks()

	// Worker A: the production binary, running only the RPA pool.
	a := exec.Command(binary)
	a.Env = []string{
		"TEMPORAL_ADDRESS=" + ts.HostPort(), "TEMPORAL_NAMESPACE=" + ts.Namespace(),
		"LANES_CATALOG=" + catalogPath, "LANES_QUEUE_PREFIX=" + base.QueuePrefix, "LANES_POOLS=" + lanesworker.PoolRPA,
		"LANES_RPA_WEBHOOK_URL=" + srv.URL + "/rpa", fmt.Sprintf("LANES_RPA_CONCURRENCY=%d", killedTasks), "LANES_RPA_RATE_PER_SECOND=0",
		"LANES_AUTOMATION_HEARTBEAT_TIMEOUT=" + heartbeat.String(), "LANES_LOG_LEVEL=warn",
	}
	a.Stdout, a.Stderr = os.Stderr, os.Stderr
	require.NoError(t, a.Start())
	waitA := sync.OnceValue(a.Wait)
	defer func() {
		_ = a.Process.Kill()
		_ = waitA()
	}()

	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(base.QueuePrefix).Tasks}
	ids := make([]string, killedTasks)
	for i := range ids {
		sub, err := in.Submit(ctx, workflows.TaskRequest{RequestID: fmt.Sprintf("kill-%02d", i), TaskType: syncType, Title: fmt.Sprintf("Sync list %d", i)})
		require.NoError(t, err)
		ids[i] = sub.TaskID
	}
	t.Logf("submitted %d tasks", len(ids))
	require.NoError(t, endpoint.waitCalls(ctx, ids, 1), "every automation reached the endpoint on worker A")
	t.Logf("all %d automations wait on the endpoint; killing worker A", len(ids))
	require.NoError(t, a.Process.Kill())
	killedAt := time.Now()
	require.ErrorContains(t, waitA(), "killed")

	// Worker B: another worker, in this process, on the same queue.
	b := base
	b.Pools = []string{lanesworker.PoolRPA}
	b.RPA = lanesworker.PoolConfig{WebhookURL: srv.URL + "/rpa", Concurrency: killedTasks}
	stopB := runWorkerInTest(t, b, c, cat)
	defer stopB()
	require.NoError(t, endpoint.waitCalls(ctx, ids, 2), "every automation ran again on worker B")
	m := takeOver{timeout: time.Duration(tt.Automation.Timeout)}
	for _, id := range ids {
		m.rerun = append(m.rerun, endpoint.arrival(id, 1).Sub(killedAt))
	}
	slices.Sort(m.rerun)
	require.NoError(t, endpoint.waitAbandoned(ctx, killedTasks), "worker A's calls all died with it, unanswered")
	endpoint.releaseAll()

	action := tt.Automation.Action
	for _, id := range ids {
		var res workflows.TaskResult
		require.NoError(t, c.GetWorkflow(ctx, id, "").Get(ctx, &res))
		require.Equal(t, workflows.OutcomeAutomated, res.Status.Outcome, id)
		require.Equal(t, "automation:"+action, res.Status.CompletedBy, id)
		require.Equal(t, "synced for "+id+"/"+action, res.Status.Note, "each task closes on its own answer")
	}
	m.duplicates = endpoint.checkKeys(t, action)
	return m
}

// runWorkerInTest runs lanesworker.RunWorker with cfg until the returned stop is called.
func runWorkerInTest(t *testing.T, cfg lanesworker.Config, c client.Client, cat *catalog.Catalog) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	cfg.Catalog, cfg.Notifier, cfg.Logger = cat, bench.NewNoticeBoard(), zaptest.NewLogger(t)
	cfg.Ledger.Path = filepath.Join(t.TempDir(), "ledger.db") // the test's own, not one beside the package
	go func() { done <- lanesworker.RunWorker(ctx, cfg, c) }()
	return func() {
		cancel()
		require.NoError(t, <-done)
	}
}

// buildWorker builds the worker command once, so a test can run and kill it as a process.
func buildWorker(t *testing.T) string {
	t.Helper()
	binary := filepath.Join(t.TempDir(), "lanes-worker")
	out, err := exec.Command("go", "build", "-o", binary, "github.com/lanes-dev/lanes/worker").CombinedOutput()
	require.NoError(t, err, string(out))
	return binary
}

// withAutomationTimeout copies cat with one type's automation timeout replaced.
func withAutomationTimeout(cat *catalog.Catalog, typeID string, timeout time.Duration) (*catalog.Catalog, error) {
	return bench.EditTaskType(cat, typeID, func(tt *catalog.TaskType) {
		a := *tt.Automation
		a.Timeout = catalog.Duration(timeout)
		tt.Automation = &a
	})
}
