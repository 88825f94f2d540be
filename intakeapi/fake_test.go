package intakeapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// fakeBackend keeps tasks in memory and records every call that would reach Temporal.
type fakeBackend struct {
	mu    sync.Mutex
	cat   *catalog.Catalog
	tasks map[string]workflows.TaskStatus
	// submitters names the intake system that submitted each task.
	submitters map[string]string
	submits    []workflows.TaskRequest
	actions    []Action
	// down makes every call fail as if Temporal were unreachable.
	down bool
	// refuse makes the task reject every action with this reason.
	refuse string
}

func newFake(t testing.TB) *fakeBackend {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	return &fakeBackend{cat: cat, tasks: map[string]workflows.TaskStatus{}}
}

func (f *fakeBackend) Start(_ context.Context, req workflows.TaskRequest, system string) (intake.Submission, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return intake.Submission{}, fmt.Errorf("start task workflow: %w", ErrUnavailable)
	}
	id := workflows.TaskWorkflowID(req.RequestID)
	_, exists := f.tasks[id]
	f.submits = append(f.submits, req)
	if exists {
		return intake.Submission{TaskID: id, RunID: "run-1", Duplicate: true}, nil
	}
	f.tasks[id] = workflows.TaskStatus{TaskID: id, Request: req, Stage: workflows.StageReceived}
	if f.submitters == nil {
		f.submitters = map[string]string{}
	}
	f.submitters[id] = system
	return intake.Submission{TaskID: id, RunID: "run-1"}, nil
}

func (f *fakeBackend) Started(_ context.Context, requestID string) (intake.Submission, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := workflows.TaskWorkflowID(requestID)
	if _, exists := f.tasks[id]; !exists || f.down {
		return intake.Submission{}, false
	}
	return intake.Submission{TaskID: id, RunID: "run-1", Duplicate: true}, true
}

func (f *fakeBackend) Submitter(_ context.Context, taskID string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return "", ErrUnavailable
	}
	if _, ok := f.tasks[taskID]; !ok {
		return "", fmt.Errorf("%s: %w", taskID, intake.ErrTaskNotFound)
	}
	return f.submitters[taskID], nil
}

func (f *fakeBackend) Status(_ context.Context, taskID string) (workflows.TaskStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return workflows.TaskStatus{}, ErrUnavailable
	}
	st, ok := f.tasks[taskID]
	if !ok {
		return st, fmt.Errorf("%s: %w", taskID, intake.ErrTaskNotFound)
	}
	return st, nil
}

func (f *fakeBackend) Act(_ context.Context, taskID string, a Action) (workflows.SignalRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return workflows.SignalRecord{}, ErrUnavailable
	}
	if _, ok := f.tasks[taskID]; !ok {
		return workflows.SignalRecord{}, fmt.Errorf("%s: %w", taskID, intake.ErrTaskNotFound)
	}
	f.actions = append(f.actions, a)
	rec := workflows.SignalRecord{SignalID: a.SignalID, Name: a.Name, Actor: a.Actor, Identity: a.Identity, Accepted: f.refuse == ""}
	rec.Reason = f.refuse
	return rec, nil
}

func (f *fakeBackend) Catalog() *catalog.Catalog { return f.cat }

func (f *fakeBackend) Ready(context.Context) error {
	if f.down {
		return ErrUnavailable
	}
	return nil
}

// calls counts what reached the backend: submits and actions.
func (f *fakeBackend) calls() (submits, actions int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.submits), len(f.actions)
}

// testTokens are the intake systems the tests authenticate as: forms may do
// everything, relaying for the people the tests name; jira has the default scopes.
var testTokens = []Token{
	{
		Name: "forms", Value: "forms-token-0123456789", Scopes: []Scope{ScopeSubmit, ScopeReadAll, ScopeRelay},
		RelayFor: []string{"alice", "bob", "carol", "mallory", "maya"},
	},
	{Name: "jira", Value: "jira-token-0123456789ab", Scopes: DefaultScopes()},
}

// harness is a handler on a fake backend with its log observed.
type harness struct {
	fake    *fakeBackend
	handler http.Handler
	logs    *observer.ObservedLogs
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, testTokens)
}

// newHarnessWith is a harness letting in tokens.
func newHarnessWith(t *testing.T, tokens []Token) *harness {
	t.Helper()
	core, logs := observer.New(zap.InfoLevel)
	fake := newFake(t)
	h, err := New(Config{Backend: fake, Tokens: tokens, Logger: zap.New(core)})
	require.NoError(t, err)
	return &harness{fake: fake, handler: h, logs: logs}
}

// do sends one request with the forms token and checks the answer is JSON.
func (h *harness) do(t *testing.T, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	return h.doAs(t, method, path, body, "Bearer "+testTokens[0].Value)
}

func (h *harness) doAs(t *testing.T, method, path, body, auth string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return h.serve(t, req)
}

// serve answers req and checks the answer: JSON (or no content, as a codec
// preflight's), with a request ID, and as openapi.json documents it.
func (h *harness) serve(t *testing.T, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"), "every answer is JSON: %s", rec.Body)
	} else {
		require.Empty(t, rec.Body.String())
	}
	require.NotEmpty(t, rec.Header().Get(RequestIDHeader))
	checkAnswer(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
	return rec
}
