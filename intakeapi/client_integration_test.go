package intakeapi

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/workflows"
)

// itQueue is where the stand-in task runs.
const itQueue = "intakeapi-it"

// standInTask plays CampaignTaskWorkflow for the service: it answers the status
// query, lets only alice acknowledge, and ends on complete.
func standInTask(ctx workflow.Context, req workflows.TaskRequest) (workflows.TaskResult, error) {
	st := workflows.TaskStatus{TaskID: workflow.GetInfo(ctx).WorkflowExecution.ID, Request: req, Stage: workflows.StageReceived}
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.TaskStatus, error) { return st, nil }); err != nil {
		return workflows.TaskResult{}, err
	}
	finished := false
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(workflow.GetSignalChannel(ctx, workflows.SignalAcknowledge), func(c workflow.ReceiveChannel, _ bool) {
		var s workflows.AcknowledgeSignal
		c.Receive(ctx, &s)
		rec := workflows.SignalRecord{SignalID: s.SignalID, Name: workflows.SignalAcknowledge, Actor: s.Actor, At: workflow.Now(ctx), Accepted: s.Actor == "alice"}
		if rec.Accepted {
			st.Stage = workflows.StageAcknowledged
		} else {
			rec.Reason = "only alice may take this task"
		}
		st.Signals = append(st.Signals, rec)
	})
	sel.AddReceive(workflow.GetSignalChannel(ctx, workflows.SignalComplete), func(c workflow.ReceiveChannel, _ bool) {
		var s workflows.CompleteSignal
		c.Receive(ctx, &s)
		st.Stage = workflows.StageCompleted
		st.Signals = append(st.Signals, workflows.SignalRecord{SignalID: s.SignalID, Name: workflows.SignalComplete, Actor: s.Actor, At: workflow.Now(ctx), Accepted: true})
		finished = true
	})
	for !finished {
		sel.Select(ctx)
	}
	return workflows.TaskResult{Status: st}, nil
}

// serveOn runs the service over the Client backend on c, with no tokens.
func serveOn(t *testing.T, c client.Client, timeout time.Duration) *httptest.Server {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	backend := &Client{Intake: &intake.Client{Temporal: c, Catalog: cat, TaskQueue: itQueue}, Timeout: timeout, ActWait: timeout}
	h, err := New(Config{Backend: backend, InsecureNoAuth: true})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// call sends one request, checks the answer is one openapi.json documents, and returns the status and body.
func call(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	checkAnswer(t, req, resp.StatusCode, resp.Header, data)
	return resp.StatusCode, string(data)
}

func TestClientOnRealTemporal(t *testing.T) {
	ts := temporalserver.Start(t)
	ts.NewWorker(itQueue, func(r worker.Registry) {
		r.RegisterWorkflowWithOptions(standInTask, workflow.RegisterOptions{Name: "CampaignTaskWorkflow"})
	})
	c := ts.Client()
	_, err := c.OperatorService().AddSearchAttributes(context.Background(), &operatorservice.AddSearchAttributesRequest{
		Namespace: ts.Namespace(), SearchAttributes: workflows.SearchAttributes(),
	})
	require.NoError(t, err)
	srv := serveOn(t, c, 10*time.Second)

	code, body := call(t, srv, http.MethodGet, "/readyz", "")
	require.Equal(t, http.StatusOK, code, body)

	code, body = call(t, srv, http.MethodPost, "/v1/tasks", goodBody)
	require.Equal(t, http.StatusCreated, code, body)
	var sub SubmitAnswer
	require.NoError(t, json.Unmarshal([]byte(body), &sub))
	require.Equal(t, "task-req-42", sub.TaskID)
	require.NotNil(t, sub.Status, "the worker answered the status query in time")

	code, body = call(t, srv, http.MethodPost, "/v1/tasks", goodBody)
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"duplicate": true`)

	code, body = call(t, srv, http.MethodGet, "/v1/tasks/task-req-42", "")
	require.Equal(t, http.StatusOK, code, body)
	code, body = call(t, srv, http.MethodGet, "/v1/tasks/task-nope", "")
	require.Equal(t, http.StatusNotFound, code, body)
	code, body = call(t, srv, http.MethodPost, "/v1/tasks/task-nope/acknowledge", `{"actor": "alice"}`)
	require.Equal(t, http.StatusNotFound, code, body)

	code, body = call(t, srv, http.MethodPost, "/v1/tasks/task-req-42/acknowledge", `{"actor": "mallory"}`)
	require.Equal(t, http.StatusConflict, code, body)
	refusal := errorBody(t, []byte(body))
	require.Equal(t, "action", refusal.Field)
	require.Contains(t, refusal.Message, "only alice may take this task")
	require.NotNil(t, refusal.Signal)
	require.False(t, refusal.Signal.Accepted)
	require.Equal(t, "mallory", refusal.Signal.Actor)
	code, body = call(t, srv, http.MethodPost, "/v1/tasks/task-req-42/acknowledge", `{"actor": "alice"}`)
	require.Equal(t, http.StatusOK, code, body)
	require.Contains(t, body, `"accepted": true`)

	code, body = call(t, srv, http.MethodPost, "/v1/tasks/task-req-42/complete", `{"actor": "alice", "outcome": "resolved"}`)
	require.Equal(t, http.StatusOK, code, body)
	code, body = call(t, srv, http.MethodPost, "/v1/tasks/task-req-42/resume", `{"actor": "alice"}`)
	require.Equal(t, http.StatusConflict, code, body)
	ended := errorBody(t, []byte(body))
	require.Equal(t, "id", ended.Field)
	require.Contains(t, ended.Message, "has already ended")
}

func TestClientWithTemporalDownIs503(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now
	c, err := client.NewLazyClient(client.Options{HostPort: addr})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	srv := serveOn(t, c, 500*time.Millisecond)

	for _, r := range []struct{ method, path, body string }{
		{http.MethodGet, "/readyz", ""},
		{http.MethodPost, "/v1/tasks", goodBody},
		{http.MethodGet, "/v1/tasks/task-req-42", ""},
		{http.MethodPost, "/v1/tasks/task-req-42/acknowledge", `{"actor": "alice"}`},
	} {
		code, body := call(t, srv, r.method, r.path, r.body)
		require.Equal(t, http.StatusServiceUnavailable, code, "%s %s: %s", r.method, r.path, body)
		require.Contains(t, body, "retry in 5s")
	}
	code, body := call(t, srv, http.MethodGet, "/healthz", "")
	require.Equal(t, http.StatusOK, code, body)
}
