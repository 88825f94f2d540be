package intakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

func TestEveryActionIsSentAsItsSignal(t *testing.T) {
	bodies := map[string]string{
		workflows.SignalAcknowledge:     `{"actor": "alice", "note": "on it"}`,
		workflows.SignalComplete:        `{"actor": "alice", "outcome": "resolved", "hours": 1.5}`,
		workflows.SignalHandBack:        `{"actor": "alice", "reason": "wrong team"}`,
		workflows.SignalReassign:        `{"actor": "alice", "to": "bob"}`,
		workflows.SignalWaitOnRequester: `{"actor": "alice", "reason": "needs the brief"}`,
		workflows.SignalResume:          `{"actor": "alice"}`,
		workflows.SignalRaiseSeverity:   `{"actor": "alice", "scores": {"latency": 5, "criticality": 5, "automation": 2}}`,
		workflows.SignalBlock:           `{"actor": "alice", "dependency": "creative"}`,
		workflows.SignalFlagCompliance:  `{"actor": "alice", "reason": "uncleared claim"}`,
		workflows.SignalApprove:         `{"actor": "carol", "signalId": "sig-7"}`,
		workflows.SignalEscalationAck:   `{"actor": "maya", "note": "on it"}`,
	}
	require.Len(t, bodies, len(Actions()), "a body for every action")
	for _, name := range Actions() {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
			rec := h.do(t, http.MethodPost, "/v1/tasks/task-req-42/"+name, bodies[name])
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			var got workflows.SignalRecord
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			require.True(t, got.Accepted)
			require.Equal(t, name, got.Name)
			require.NotEmpty(t, got.SignalID, "a signal ID is filled in when the body has none")
			require.Len(t, h.fake.actions, 1)
			require.NotNil(t, h.fake.actions[0].send, "the action carries its typed signal")
		})
	}
}

func TestActionKeepsTheClientsSignalID(t *testing.T) {
	approve, known := workflows.LookupAction(workflows.SignalApprove)
	require.True(t, known)
	a, err := decodeAction(approve, []byte(`{"actor": "carol", "signalId": "sig-7"}`), Caller{Unverified: true})
	require.NoError(t, err)
	require.Equal(t, "sig-7", a.SignalID)
	require.Equal(t, "carol", a.Actor)
}

// A refusal is an error answer like any other: 409 naming the action, with the
// task's reason and its record of the refused action.
func TestRefusedActionIs409ErrorWithTheSignalRecord(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
	h.fake.refuse = "only the assignee may complete the task"
	rec := h.do(t, http.MethodPost, "/v1/tasks/task-req-42/complete", `{"actor": "mallory", "outcome": "resolved"}`)
	require.Equal(t, http.StatusConflict, rec.Code)
	e := errorBody(t, rec.Body.Bytes())
	require.Equal(t, "action", e.Field)
	require.Equal(t, "the task refused complete: only the assignee may complete the task", e.Message)
	require.NotNil(t, e.Signal, "the task's record of the refused action: %s", rec.Body)
	require.False(t, e.Signal.Accepted)
	require.Equal(t, workflows.SignalComplete, e.Signal.Name)
	require.Equal(t, "mallory", e.Signal.Actor)
	require.NotEmpty(t, e.Signal.SignalID)
	require.Equal(t, "only the assignee may complete the task", e.Signal.Reason)
}

// An action on a task that has ended is refused before it is sent: 409 naming the task.
func TestActionOnEndedTaskIs409NamingTheTask(t *testing.T) {
	fake := newFake(t)
	ended := fmt.Errorf("task task-req-42 %w (Completed); nothing was sent", intake.ErrTaskEnded)
	handler, err := New(Config{Backend: failingBackend{fakeBackend: fake, err: ended}, Tokens: testTokens})
	require.NoError(t, err)
	h := &harness{fake: fake, handler: handler}
	rec := h.do(t, http.MethodPost, "/v1/tasks/task-req-42/resume", `{"actor": "alice"}`)
	require.Equal(t, http.StatusConflict, rec.Code, rec.Body.String())
	e := errorBody(t, rec.Body.Bytes())
	require.Equal(t, "id", e.Field)
	require.Contains(t, e.Message, "task task-req-42 has already ended")
	require.Nil(t, e.Signal, "nothing was sent, so the task kept no record")
}

func TestActionBadInputSendsNothing(t *testing.T) {
	tests := []struct {
		name, path, body string
		status           int
		field, says      string
	}{
		{name: "unknown action", path: "/v1/tasks/task-req-42/delete", body: `{"actor": "alice"}`, status: http.StatusNotFound, field: "action", says: "use one of acknowledge, acknowledge-escalation, approve"},
		{name: "unknown task", path: "/v1/tasks/task-nope/acknowledge", body: `{"actor": "alice"}`, status: http.StatusNotFound, field: "id", says: "no task task-nope"},
		{name: "malformed JSON", path: "/v1/tasks/task-req-42/acknowledge", body: `{"actor": `, status: http.StatusBadRequest, field: "body", says: "not JSON"},
		{name: "empty body", path: "/v1/tasks/task-req-42/acknowledge", body: ``, status: http.StatusBadRequest, field: "body", says: "empty"},
		{name: "null body", path: "/v1/tasks/task-req-42/acknowledge", body: `null`, status: http.StatusBadRequest, field: "body", says: "body: null; send a JSON action"},
		{name: "unknown field", path: "/v1/tasks/task-req-42/acknowledge", body: `{"actor": "alice", "mood": "happy"}`, status: http.StatusBadRequest, field: "mood", says: "the fields are signalId, actor, note"},
		{name: "wrong type", path: "/v1/tasks/task-req-42/complete", body: `{"actor": "alice", "outcome": "resolved", "hours": "two"}`, status: http.StatusBadRequest, field: "hours", says: "wrong type"},
		{name: "missing actor", path: "/v1/tasks/task-req-42/acknowledge", body: `{"note": "x"}`, status: http.StatusBadRequest, field: "actor", says: "required"},
		{name: "missing dependency", path: "/v1/tasks/task-req-42/block", body: `{"actor": "alice"}`, status: http.StatusBadRequest, field: "dependency", says: "required"},
		{name: "bad outcome", path: "/v1/tasks/task-req-42/complete", body: `{"actor": "alice", "outcome": "done"}`, status: http.StatusBadRequest, field: "outcome", says: "not an outcome"},
		{name: "score out of range", path: "/v1/tasks/task-req-42/raise-severity", body: `{"actor": "alice", "scores": {"latency": 7, "criticality": 5, "automation": 2}}`, status: http.StatusBadRequest, field: "scores.latency", says: "outside 1–5"},
		{name: "body over 1 MiB", path: "/v1/tasks/task-req-42/acknowledge", body: `{"actor": "alice", "note": "` + strings.Repeat("a", MaxBodyBytes) + `"}`, status: http.StatusRequestEntityTooLarge, field: "body", says: "over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
			rec := h.do(t, http.MethodPost, tt.path, tt.body)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := errorBody(t, rec.Body.Bytes())
			require.Equal(t, tt.field, e.Field)
			require.Contains(t, e.Message, tt.says)
			if tt.name == "unknown action" {
				require.Equal(t, Actions(), e.Allowed)
			}
			_, actions := h.fake.calls()
			require.Zero(t, actions, "bad input must send nothing")
		})
	}
}
