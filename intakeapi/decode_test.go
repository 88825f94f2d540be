package intakeapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/workflows"
)

// Inputs the fuzz tests found: each is refused or repaired, and answered in JSON.
func TestFuzzFindings(t *testing.T) {
	h := newHarness(t)
	rec := h.do(t, http.MethodPost, "/v1/tasks", `{"taskType": "utm-naming-validation", "title": "x"}]]]not json`)
	assert.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "more than one JSON value")
	submits, _ := h.fake.calls()
	assert.Zero(t, submits, "trailing bytes start nothing")

	h.fake.mu.Lock()
	h.fake.tasks["task-req-42"] = workflows.TaskStatus{TaskID: "task-req-42", Stage: workflows.StageAssigned}
	h.fake.mu.Unlock()
	rec = h.do(t, http.MethodPost, "/v1/tasks/task-req-42/acknowledge", `{"actor": "alice", "signalId": null}`)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	rec = h.do(t, http.MethodPost, "/v1/tasks/task-req-42/acknowledge", `{"actor":"alice","signalId":"","signalid":""}`)
	require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
	require.Equal(t, "signalid", errorBody(t, rec.Body.Bytes()).Field, "a name in another case is unknown")
	h.fake.mu.Lock()
	for _, a := range h.fake.actions {
		assert.NotEmpty(t, a.SignalID, "a missing signal ID is given one")
	}
	h.fake.mu.Unlock()

	rec = h.do(t, http.MethodPost, "/v1/tasks/task-req-42/..", `{"actor": "alice"}`) // do checks the answer is JSON
	assert.Equal(t, http.StatusNotFound, rec.Code)
}
