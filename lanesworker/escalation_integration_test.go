package lanesworker_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// startLanesWith is startLanes with a catalog of the test's own and a chance to change the config.
func startLanesWith(t *testing.T, cat *catalog.Catalog, tweak func(*lanesworker.Config)) *lanesServer {
	t.Helper()
	ts := temporalserver.Start(t)
	c := ts.Client()
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, c, ts.Namespace()))
	endpoint := &recordingEndpoint{calls: map[string]int{}}
	srv := httptest.NewServer(endpoint)
	cfg := lanesworker.Config{
		QueuePrefix: "it", Pools: []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud},
		RPA:   lanesworker.PoolConfig{WebhookURL: srv.URL + "/rpa", Concurrency: 4},
		Cloud: lanesworker.PoolConfig{WebhookURL: srv.URL + "/cloud", Concurrency: 4},
	}
	cfg.Ledger.Path = filepath.Join(t.TempDir(), "ledger.db") // the test's own, not one beside the package
	if tweak != nil {
		tweak(&cfg)
	}
	board := bench.NewNoticeBoard()
	done := make(chan error, 1)
	cfg.Catalog, cfg.Notifier, cfg.Logger = cat, board, zaptest.NewLogger(t)
	go func() { done <- lanesworker.RunWorker(ctx, cfg, c) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
		srv.Close()
	})
	return &lanesServer{
		client: c, ns: ts.Namespace(), board: board, webhook: endpoint,
		intake: &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks},
	}
}

// pauseEndpoint plays the ad platform: it records each pause and answers that it paused.
type pauseEndpoint struct {
	mu     sync.Mutex
	pauses []string // "campaignId idempotencyKey"
}

func (e *pauseEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req activities.PauseRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad pause request", http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.pauses = append(e.pauses, req.CampaignID+" "+r.Header.Get("Idempotency-Key"))
	e.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"paused":true,"summary":"paused"}`)
}

func (e *pauseEndpoint) received() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.pauses...)
}

// An outage nobody acknowledges breaches its response SLA and climbs all three
// escalation levels in a child workflow, one notice per recipient; when its resolution
// SLA runs out the campaign is paused once. A person then takes it and closes it.
func TestIntegrationOutageEscalatesAndPauses(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := bench.WithOutageTimings(def, "2s", "8s", 2*time.Second)
	require.NoError(t, err)
	ads := &pauseEndpoint{}
	adSrv := httptest.NewServer(ads)
	t.Cleanup(adSrv.Close)
	ls := startLanesWith(t, cat, func(cfg *lanesworker.Config) { cfg.AdPlatformWebhookURL = adSrv.URL })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	req := workflows.TaskRequest{RequestID: "it-outage", TaskType: bench.OutageType, Title: "Spend on a dead landing page", Requester: "maya", CampaignID: "cmp-outage"}
	taskID, childID := workflows.TaskWorkflowID(req.RequestID), workflows.EscalationWorkflowID(workflows.TaskWorkflowID(req.RequestID), 1)
	notices := ls.board.Follow(taskID)
	sub, err := ls.intake.Submit(ctx, req)
	require.NoError(t, err)
	require.Equal(t, taskID, sub.TaskID)

	wctx, wcancel := context.WithTimeout(ctx, time.Minute)
	defer wcancel()
	st, err := ls.intake.WaitFor(wctx, taskID, func(st workflows.TaskStatus) bool {
		return st.Fallback != nil && strings.Contains(st.Fallback.Detail, "paused") && len(st.Escalations) == 1
	})
	require.NoError(t, err)
	require.Equal(t, 3, st.Escalations[0].LevelReached)
	require.True(t, st.Escalations[0].Exhausted)
	require.Empty(t, st.Escalations[0].Ended)
	require.Equal(t, catalog.FallbackPause, st.Fallback.Action)
	require.Equal(t, []string{
		"level-1→devon", "level-2→maya",
		"level-3→role:marketing-director", "level-3→role:it-on-call",
	}, escalationNotices(t, notices, childID), "each level's people told once, in order: the roster's manager by name, then the path's roles")
	require.Equal(t, []string{"cmp-outage " + taskID + "/pause/cmp-outage"}, ads.received(), "one pause, keyed by the task")

	require.Eventually(t, func() bool {
		resp, err := ls.client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: ls.ns, Query: "WorkflowType = 'EscalationWorkflow'",
		})
		if err != nil {
			return false
		}
		for _, info := range resp.GetExecutions() {
			if info.GetExecution().GetWorkflowId() == childID {
				return info.GetParentExecution().GetWorkflowId() == taskID
			}
		}
		return false
	}, 30*time.Second, 200*time.Millisecond, "the escalation is listed in visibility as the task's child")
	attrs := searchAttributes(ctx, t, ls.client, taskID)
	require.Equal(t, int64(3), asInt64(t, attrs["LanesEscalationLevel"]))
	require.Equal(t, "breached", attrs["LanesSLAState"])

	act(ctx, t, ls.intake, taskID, "devon")
	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	require.Equal(t, workflows.OutcomeResolved, res.Status.Outcome)
	require.Equal(t, workflows.StageCompleted, res.Status.Stage)
	require.Equal(t, workflows.SLAMissed, res.Status.SLAState)
	require.Len(t, ads.received(), 1, "no second pause")
	recordHistory(ctx, t, ls.client, taskID, "outage-escalation-pause")
	recordHistory(ctx, t, ls.client, childID, "escalation-child")
}

// escalationNotices drains the notices a task got so far and lists its escalation's as
// "level-N→recipient", checking each came from the escalation childID.
func escalationNotices(t *testing.T, notices <-chan activities.Notification, childID string) []string {
	t.Helper()
	var out []string
	got := 0
	for ; ; got++ {
		select {
		case n := <-notices:
			if n.Kind != "escalation" {
				continue
			}
			key, ok := strings.CutPrefix(n.IdempotencyKey, childID+"/")
			require.True(t, ok, "escalation notice %q from another climb", n.IdempotencyKey)
			out = append(out, strings.Replace(key, "/", "→", 1))
		default:
			// noticeBoard drops what does not fit, so a full buffer could hide a repeat.
			require.Less(t, got, cap(notices), "notices may have been dropped")
			return out
		}
	}
}

// asInt64 reads an Int search attribute, which decodes from JSON as float64 or int64.
func asInt64(t *testing.T, v any) int64 {
	t.Helper()
	switch n := v.(type) {
	case float64:
		return int64(n)
	case int64:
		return n
	}
	t.Fatalf("search attribute %v is %T, not a number", v, v)
	return 0
}
