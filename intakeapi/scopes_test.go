package intakeapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// jiraAuth is the Authorization of the jira system, which has the default scopes.
var jiraAuth = "Bearer " + testTokens[1].Value

func TestRelayActsOnlyForItsPeople(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)

	rec := h.doAs(t, http.MethodPost, ackPath, `{"actor": "alice"}`, jiraAuth)
	require.Equal(t, http.StatusForbidden, rec.Code)
	e := errorBody(t, rec.Body.Bytes())
	require.Equal(t, "relay", e.Scope)
	require.Equal(t, "Authorization", e.Field)
	require.Contains(t, e.Message, "the jira token lacks scope relay")

	rec = h.do(t, http.MethodPost, ackPath, `{"actor": "omar"}`)
	require.Equal(t, http.StatusForbidden, rec.Code)
	e = errorBody(t, rec.Body.Bytes())
	require.Equal(t, "actor", e.Field)
	require.Contains(t, e.Message, "the forms token may relay actions only for alice, bob, carol, mallory, maya, not omar")
	_, sent := h.fake.calls()
	require.Zero(t, sent, "neither reached the task")

	require.Equal(t, http.StatusOK, h.do(t, http.MethodPost, ackPath, `{"actor": "alice"}`).Code)
}

// A system with read-own reads what it submitted, not another system's tasks, and a
// repeat of another system's request ID tells it only the task's ID.
func TestReadOwnReadsOnlyItsTasks(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
	jiraBody := strings.Replace(goodBody, "req-42", "req-43", 1)
	require.Equal(t, http.StatusCreated, h.doAs(t, http.MethodPost, "/v1/tasks", jiraBody, jiraAuth).Code)

	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/v1/tasks/task-req-43", "", jiraAuth).Code)
	rec := h.doAs(t, http.MethodGet, "/v1/tasks/task-req-42", "", jiraAuth)
	require.Equal(t, http.StatusForbidden, rec.Code)
	require.Equal(t, "read-all", errorBody(t, rec.Body.Bytes()).Scope)
	require.Equal(t, http.StatusOK, h.do(t, http.MethodGet, "/v1/tasks/task-req-43", "").Code, "forms reads all")

	rec = h.doAs(t, http.MethodPost, "/v1/tasks", goodBody, jiraAuth)
	require.Equal(t, http.StatusOK, rec.Code)
	var answer map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &answer))
	require.JSONEq(t, `"task-req-42"`, string(answer["taskId"]))
	require.JSONEq(t, `true`, string(answer["duplicate"]))
	require.NotContains(t, answer, "status")
	require.NotContains(t, answer, "triage")
}

func TestInsecureDevSaysPeopleAreNotVerified(t *testing.T) {
	h, err := New(Config{Backend: newFake(t), InsecureNoAuth: true})
	require.NoError(t, err)
	open := &harness{fake: nil, handler: h}
	for _, path := range []string{"/v1/catalog", "/healthz", "/v1/tasks/task-nope"} {
		rec := open.doAs(t, http.MethodGet, path, "", "")
		require.Equal(t, unverifiedNotice, rec.Header().Get(UnverifiedHeader), path)
	}
	_, err = New(Config{Backend: newFake(t), InsecureNoAuth: true, Tokens: testTokens})
	require.ErrorContains(t, err, "choose one")
}

func TestTokenWithoutScopesIsRefusedAtStart(t *testing.T) {
	_, err := New(Config{Backend: newFake(t), Tokens: []Token{{Name: "forms", Value: "forms-token-0123456789"}}})
	require.ErrorContains(t, err, "token forms: no scopes")
}

// A token with only submit learns its new task's ID and its request's triage, not the
// task's state, and a resend of its own request ID only that the task exists: reading
// a task takes read-own or read-all. The answers are the ones openapi.json documents.
func TestSubmitOnlyTokenSeesNoStatus(t *testing.T) {
	submitOnly := Token{Name: "webform", Value: "webform-token-0123456789", Scopes: []Scope{ScopeSubmit}}
	h := newHarnessWith(t, append([]Token{submitOnly}, testTokens...))
	auth := "Bearer " + submitOnly.Value
	for _, resend := range []bool{false, true} {
		rec := h.doAs(t, http.MethodPost, "/v1/tasks", goodBody, auth)
		require.Equal(t, map[bool]int{false: http.StatusCreated, true: http.StatusOK}[resend], rec.Code, rec.Body.String())
		var answer map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &answer))
		require.JSONEq(t, `"task-req-42"`, string(answer["taskId"]))
		require.NotContains(t, answer, "status", "resend=%t", resend)
		if resend {
			require.NotContains(t, answer, "triage")
		} else {
			require.Contains(t, answer, "triage", "the triage of the request it sent")
		}
	}
	rec := h.doAs(t, http.MethodGet, "/v1/tasks/task-req-42", "", auth)
	require.Equal(t, http.StatusForbidden, rec.Code)
	require.Equal(t, "read-own", errorBody(t, rec.Body.Bytes()).Scope)

	readOwn := h.doAs(t, http.MethodPost, "/v1/tasks", strings.Replace(goodBody, "req-42", "req-43", 1), jiraAuth)
	require.Equal(t, http.StatusCreated, readOwn.Code)
	require.Contains(t, readOwn.Body.String(), `"status"`, "read-own sees its new task's state")
}
