package lanesworker_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
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

// restartTasks is how many outages wait on their response SLA across the restart.
const restartTasks = 4

// A server restart with pending SLA timers on a file database: outages wait on a 10s
// response SLA when the server stops; it stays down until every deadline has passed,
// then starts again on the same file and ports. Every task's response SLA breaches and
// its escalation starts, after the restart. The worker either stops before the server
// and starts after it, or runs through the restart on its client, as a deployed worker
// does. Each case logs how long after the server was back that took.
func TestIntegrationRestartEscalatesEveryOverdueTask(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := bench.WithOutageTimings(def, "10s", "1h", time.Minute)
	require.NoError(t, err)
	for _, tc := range []struct {
		name       string
		keepWorker bool
	}{{"worker restarted", false}, {"worker kept running", true}} {
		t.Run(tc.name, func(t *testing.T) { restartWithOverdueTasks(t, cat, tc.keepWorker) })
	}
}

// restartWithOverdueTasks runs one restart of TestIntegrationRestartEscalatesEveryOverdueTask.
func restartWithOverdueTasks(t *testing.T, cat *catalog.Catalog, keepWorker bool) {
	srv := temporalserver.StartOnFile(t, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := srv.Dial(client.Options{})
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, c, srv.Namespace()))

	var ids []string
	for i := range restartTasks {
		ids = append(ids, workflows.TaskWorkflowID(fmt.Sprintf("it-restart-%d", i)))
	}
	ledgerPath := filepath.Join(t.TempDir(), "ledger.db") // the test's own, kept across restarts
	stopWorker, board := runRestartWorker(t, c, srv.Namespace(), ledgerPath, cat, ids...)
	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix("it").Tasks}
	var lastDeadline time.Time
	for i := range restartTasks {
		req := workflows.TaskRequest{RequestID: fmt.Sprintf("it-restart-%d", i), TaskType: bench.OutageType,
			Title: "Spend on a dead landing page", Requester: "maya", CampaignID: fmt.Sprintf("cmp-restart-%d", i)}
		sub, err := in.Submit(ctx, req)
		require.NoError(t, err)
		require.Equal(t, ids[i], sub.TaskID)
		st, err := in.WaitFor(ctx, sub.TaskID, intake.Classified)
		require.NoError(t, err)
		lastDeadline = st.Response.Deadline
	}
	for _, id := range ids {
		st, err := in.Status(ctx, id)
		require.NoError(t, err)
		require.Equal(t, workflows.SLAOnTrack, st.SLAState, "%s breached before the restart: raise the response SLA", id)
		require.Empty(t, st.Escalating, id)
	}
	if !keepWorker {
		stopWorker()
	}
	srv.Stop()
	stoppedAt := time.Now()
	// Down until every response timer is overdue, so the restart is what fires them.
	time.Sleep(time.Until(lastDeadline.Add(time.Second)))

	restartAt := time.Now()
	srv.Start()
	backAt := time.Now()
	if !keepWorker {
		c = srv.Dial(client.Options{})
		in.Temporal = c
		stopWorker, board = runRestartWorker(t, c, srv.Namespace(), ledgerPath, cat, ids...)
	}
	defer stopWorker()

	var firstBreach, firstEscalation, lastEscalation, firstTold time.Time
	for _, id := range ids {
		st, err := in.WaitFor(ctx, id, func(st workflows.TaskStatus) bool { return st.Escalating != "" })
		require.NoError(t, err)
		escalationID := workflows.EscalationWorkflowID(id, 1)
		require.Equal(t, escalationID, st.Escalating)
		require.Equal(t, workflows.SLABreached, st.SLAState)
		require.NotNil(t, st.Response.BreachedAt)
		require.True(t, st.Response.BreachedAt.After(restartAt), "%s breached at %s, before the restart", id, st.Response.BreachedAt)
		require.Equal(t, 1, st.EscalationLevel)

		// The status names the climb once the task asks for it; its notice says it runs.
		told, err := bench.AwaitNotice(ctx, board[id], "escalation", time.Now().Add(time.Minute))
		require.NoError(t, err, "level 1 of %s told", id)
		desc, err := c.DescribeWorkflowExecution(ctx, escalationID, "")
		require.NoError(t, err)
		info := desc.GetWorkflowExecutionInfo()
		require.Equal(t, id, info.GetParentExecution().GetWorkflowId())
		started := info.GetStartTime().AsTime()
		require.True(t, started.After(restartAt), "%s's escalation started at %s, before the restart", id, started)
		firstBreach = earliest(firstBreach, *st.Response.BreachedAt)
		firstEscalation, firstTold = earliest(firstEscalation, started), earliest(firstTold, told)
		if started.After(lastEscalation) {
			lastEscalation = started
		}
	}
	t.Logf("server down %s, start took %s; after the server was back: first breach %s, escalations started from %s to %s, first level 1 told %s",
		restartAt.Sub(stoppedAt).Round(time.Millisecond), backAt.Sub(restartAt).Round(time.Millisecond),
		firstBreach.Sub(backAt).Round(time.Millisecond), firstEscalation.Sub(backAt).Round(time.Millisecond), lastEscalation.Sub(backAt).Round(time.Millisecond),
		firstTold.Sub(backAt).Round(time.Millisecond))
}

// runRestartWorker runs the Lanes worker on c as startLanesWith does, with its ledger
// at ledgerPath, following the notices of the given tasks; stop ends it and may be
// called more than once.
func runRestartWorker(t *testing.T, c client.Client, ns, ledgerPath string, cat *catalog.Catalog, follow ...string) (stop func(), notices map[string]<-chan activities.Notification) {
	t.Helper()
	endpoint := httptest.NewServer(&recordingEndpoint{calls: map[string]int{}})
	cfg := lanesworker.Config{
		QueuePrefix: "it", Pools: []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud},
		RPA:   lanesworker.PoolConfig{WebhookURL: endpoint.URL + "/rpa", Concurrency: 4},
		Cloud: lanesworker.PoolConfig{WebhookURL: endpoint.URL + "/cloud", Concurrency: 4},
	}
	cfg.Temporal.Namespace, cfg.Ledger.Path = ns, ledgerPath
	board := bench.NewNoticeBoard()
	notices = map[string]<-chan activities.Notification{}
	for _, id := range follow {
		notices[id] = board.Follow(id)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	cfg.Catalog, cfg.Notifier, cfg.Logger = cat, board, zaptest.NewLogger(t)
	go func() { done <- lanesworker.RunWorker(ctx, cfg, c) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		require.NoError(t, <-done)
		endpoint.Close()
	}
	t.Cleanup(stop)
	return stop, notices
}

// earliest is the earlier of two times, where zero means none yet.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() {
		return b
	}
	return slices.MinFunc([]time.Time{a, b}, time.Time.Compare)
}
