package lanesworker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// callbackSecret is the secret the test's executor shares with the worker.
var callbackSecret = strings.Repeat("k", activities.MinCallbackSecret)

// acceptingEndpoint plays a robot whose long jobs answer 202 Accepted and call back:
// it keeps each task's callback URL and ID.
type acceptingEndpoint struct {
	mu        sync.Mutex
	callbacks map[string][2]string // task → URL, ID
	arrived   chan string
}

func (e *acceptingEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req activities.AutomationRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.Header.Get(activities.CallbackURLHeader) == "" {
		http.Error(w, "no callback offered", http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.callbacks[req.TaskID] = [2]string{r.Header.Get(activities.CallbackURLHeader), r.Header.Get(activities.CallbackIDHeader)}
	e.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
	e.arrived <- req.TaskID
}

func (e *acceptingEndpoint) callback(task string) (string, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.callbacks[task][0], e.callbacks[task][1]
}

// callBack posts outcome to a callback URL signed for id, and returns the status.
func callBack(t *testing.T, url, id string, outcome any) int {
	t.Helper()
	body, err := json.Marshal(outcome)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set(activities.SignatureHeader, activities.Sign([]byte(callbackSecret), id, body))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

// A long robot job answers 202 Accepted and calls back: the task waits with the
// job's own timeout and no heartbeat timeout, a callback that is not signed with the
// secret, or names a callback Lanes did not issue, is refused, and the signed result
// completes the task. A job that reports failure makes its task an exception.
func TestIntegrationAutomationCallsBack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := withCallbackJob(def, syncType, 2*time.Hour)
	require.NoError(t, err)

	ts := temporalserver.Start(t)
	c := ts.Client()
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, c, ts.Namespace()))
	endpoint := &acceptingEndpoint{callbacks: map[string][2]string{}, arrived: make(chan string, 4)}
	srv := httptest.NewServer(endpoint)
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	cfg := lanesworker.Config{
		QueuePrefix: "cb", Pools: []string{lanesworker.PoolTasks, lanesworker.PoolRPA}, Temporal: connect.Config{Namespace: ts.Namespace()},
		RPA:            lanesworker.PoolConfig{WebhookURL: srv.URL + "/rpa", Concurrency: 4},
		CallbackSecret: callbackSecret, CallbackURL: "http://" + ln.Addr().String(), CallbackListener: ln,
	}
	stop := runWorkerInTest(t, cfg, c, cat)
	defer stop()
	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks}

	done, err := in.Submit(ctx, workflows.TaskRequest{RequestID: "cb-done", TaskType: syncType, Title: "Overnight CRM sync"})
	require.NoError(t, err)
	failed, err := in.Submit(ctx, workflows.TaskRequest{RequestID: "cb-failed", TaskType: syncType, Title: "Overnight ERP sync"})
	require.NoError(t, err)
	for range 2 {
		select {
		case <-endpoint.arrived:
		case <-ctx.Done():
			t.Fatal("the jobs never reached the endpoint")
		}
	}

	// The activity waits with the job's own timeout and no heartbeat timeout.
	hist := c.GetWorkflowHistory(ctx, done.TaskID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	scheduled := 0
	for hist.HasNext() {
		e, err := hist.Next()
		require.NoError(t, err)
		if a := e.GetActivityTaskScheduledEventAttributes(); a != nil && a.GetActivityType().GetName() == "sync-marketing-data" {
			scheduled++
			require.Equal(t, 2*time.Hour, a.GetStartToCloseTimeout().AsDuration())
			require.Zero(t, a.GetHeartbeatTimeout().AsDuration())
		}
	}
	require.Equal(t, 1, scheduled)

	url, id := endpoint.callback(done.TaskID)
	result := activities.CallbackOutcome{Result: &activities.AutomationResult{Summary: "synced 1,204 contacts", ExternalRef: "job-77"}}
	body, err := json.Marshal(result)
	require.NoError(t, err)
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "unsigned")
	otherURL, otherID := endpoint.callback(failed.TaskID)
	require.Equal(t, http.StatusUnauthorized, callBack(t, url, otherID, result), "signed for another callback")
	forged := strings.SplitN(otherID, ".", 2)[0] + "." + strings.SplitN(id, ".", 2)[1]
	require.Equal(t, http.StatusNotFound, callBack(t, strings.Replace(url, id, forged, 1), forged, result), "an ID Lanes did not issue")
	require.Equal(t, http.StatusBadRequest, callBack(t, url, id, map[string]any{}), "neither result nor error")

	require.Equal(t, http.StatusNoContent, callBack(t, url, id, result))
	var res workflows.TaskResult
	require.NoError(t, c.GetWorkflow(ctx, done.TaskID, "").Get(ctx, &res))
	require.Equal(t, workflows.OutcomeAutomated, res.Status.Outcome)
	require.Equal(t, "synced 1,204 contacts", res.Status.Note)
	require.Equal(t, "job-77", res.Status.Automation.Result.ExternalRef)
	require.Equal(t, http.StatusNotFound, callBack(t, url, id, result), "nothing waits any more")

	require.Equal(t, http.StatusNoContent, callBack(t, otherURL, otherID, activities.CallbackOutcome{Error: &activities.CallbackError{Message: "ERP login expired"}}))
	st, err := in.WaitFor(ctx, failed.TaskID, func(st workflows.TaskStatus) bool { return st.HumanStep == workflows.StepException })
	require.NoError(t, err)
	require.Contains(t, st.Exception, "the executor reported: ERP login expired")
}

// A worker whose catalog has a job that calls back refuses to start without the secret.
func TestCallbackJobsNeedTheSecret(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	cat, err := withCallbackJob(def, syncType, 2*time.Hour)
	require.NoError(t, err)
	cfg := lanesworker.Config{QueuePrefix: "cb", Pools: []string{lanesworker.PoolRPA}, CallbackURL: "http://127.0.0.1:1", Catalog: cat, Logger: zaptest.NewLogger(t)}
	err = lanesworker.RunWorker(context.Background(), cfg, nil)
	require.ErrorContains(t, err, `task type "routine-data-sync" calls back (automation.callback): set LANES_CALLBACK_SECRET`)
}

// withCallbackJob copies cat with one type's automation made a job that calls back.
func withCallbackJob(cat *catalog.Catalog, typeID string, timeout time.Duration) (*catalog.Catalog, error) {
	return bench.EditTaskType(cat, typeID, func(tt *catalog.TaskType) {
		a := *tt.Automation
		a.Callback, a.Timeout = true, catalog.Duration(timeout)
		tt.Automation = &a
	})
}
