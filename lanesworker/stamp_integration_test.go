package lanesworker_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// stoppableWorker runs the Lanes worker on a real server and can stop and start it again.
type stoppableWorker struct {
	t      *testing.T
	c      client.Client
	cfg    lanesworker.Config
	cat    *catalog.Catalog
	board  *bench.NoticeBoard
	cancel context.CancelFunc
	done   chan error
}

func (w *stoppableWorker) start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel, w.done = cancel, make(chan error, 1)
	cfg := w.cfg
	cfg.Catalog, cfg.Notifier, cfg.Logger = w.cat, w.board, zaptest.NewLogger(w.t)
	go func() { w.done <- lanesworker.RunWorker(ctx, cfg, w.c) }()
}

func (w *stoppableWorker) stop() {
	w.cancel()
	require.NoError(w.t, <-w.done)
}

// An acknowledgement sent while no worker runs, before the response deadline, counts at
// the time intake.Send stamped it, not when a worker read it after the deadline: the
// person is not charged for the outage.
func TestIntegrationAcknowledgeWhileTheWorkerIsDown(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := bench.WithOutageTimings(def, "15s", "1h", time.Minute)
	require.NoError(t, err)
	ts := temporalserver.Start(t)
	c := ts.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, c, ts.Namespace()))
	srv := httptest.NewServer(&recordingEndpoint{calls: map[string]int{}})
	t.Cleanup(srv.Close)
	w := &stoppableWorker{t: t, c: c, cat: cat, board: bench.NewNoticeBoard(), cfg: lanesworker.Config{
		QueuePrefix: "it", Pools: []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud},
		RPA:   lanesworker.PoolConfig{WebhookURL: srv.URL + "/rpa", Concurrency: 4},
		Cloud: lanesworker.PoolConfig{WebhookURL: srv.URL + "/cloud", Concurrency: 4},
	}}
	w.cfg.Ledger.Path = filepath.Join(t.TempDir(), "ledger.db") // the test's own, kept across restarts
	w.start()
	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(w.cfg.QueuePrefix).Tasks}

	sub, err := in.Submit(ctx, workflows.TaskRequest{RequestID: "it-stamp", TaskType: bench.OutageType, Title: "Ack while the worker is down", CampaignID: "cmp-stamp"})
	require.NoError(t, err)
	st, err := in.WaitFor(ctx, sub.TaskID, booked(func(st workflows.TaskStatus) bool { return true }))
	require.NoError(t, err)
	holder, deadline := st.Assignee, st.Response.Deadline
	require.False(t, workflows.IsRoleAssignee(holder), "booked: %s", holder)

	w.stop()
	var stamp time.Time
	in.Now = func() time.Time { stamp = time.Now(); return stamp }
	sctx, scancel := context.WithTimeout(ctx, time.Second)
	_, err = intake.Send(sctx, in, sub.TaskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}})
	scancel()
	require.ErrorIs(t, err, intake.ErrNoAnswer, "sent and kept by Temporal; no worker answers")
	require.True(t, stamp.Before(deadline), "the acknowledgement was stamped at %s, before the deadline %s", stamp, deadline)

	// Let the response deadline pass with no worker, then bring the worker back.
	time.Sleep(time.Until(deadline) + time.Second)
	w.start()
	t.Cleanup(w.stop)

	st, err = in.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool { return st.Response.MetAt != nil })
	require.NoError(t, err)
	require.True(t, st.Response.MetAt.Equal(stamp), "metAt %s is the stamp %s", st.Response.MetAt, stamp)
	require.True(t, st.Response.MetAt.Before(st.Response.Deadline))
	require.Nil(t, st.Response.BreachedAt, "the timer fired after the acknowledgement it was read with")
	require.Equal(t, workflows.SLAOnTrack, st.SLAState)
	require.Equal(t, holder, st.AcknowledgedBy)
	require.Zero(t, st.EscalationLevel, "no response breach, so no escalation")

	rec, err := intake.Send(ctx, in, sub.TaskID, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}, Outcome: workflows.OutcomeResolved})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	// Critical work: the completion waits for the team's manager, whose approval closes the task.
	rec, err = intake.Send(ctx, in, sub.TaskID, workflows.SignalApprove, workflows.ApproveSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "maya"}})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	var res workflows.TaskResult
	require.NoError(t, c.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	require.Equal(t, workflows.SLAMet, res.Status.SLAState)
}
