package intakeapi

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/internal/temporalserver"
)

// Request and task IDs that cannot be Temporal workflow IDs get a 4xx naming the
// field, never a 500, on a real server: Temporal refuses them in a gRPC header.
func TestIDsTemporalCannotCarryAreRefusedByName(t *testing.T) {
	ts := temporalserver.Start(t)
	ts.NewWorker(itQueue, func(r worker.Registry) {
		r.RegisterWorkflowWithOptions(standInTask, workflow.RegisterOptions{Name: "CampaignTaskWorkflow"})
	})
	srv := serveOn(t, ts.Client(), 10*time.Second)

	for _, tt := range []struct {
		name, body string
		status     int
		says       string
	}{
		{"a non-ASCII letter", `{"requestId": "spring-café-1", "taskType": "utm-naming-validation", "title": "x"}`, http.StatusUnprocessableEntity, "is not ASCII"},
		{"a lone surrogate", `{"requestId": "spring-\ud800-1", "taskType": "utm-naming-validation", "title": "x"}`, http.StatusBadRequest, "is not valid UTF-8"},
		{"invalid UTF-8", "{\"requestId\": \"spring-caf\xe9-1\", \"taskType\": \"utm-naming-validation\", \"title\": \"x\"}", http.StatusBadRequest, "is not valid UTF-8"},
		{"an escaped control character", `{"requestId": "spring\u0007", "taskType": "utm-naming-validation", "title": "x"}`, http.StatusBadRequest, "control character U+0007"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(t, srv, http.MethodPost, "/v1/tasks", tt.body)
			require.Equal(t, tt.status, code, body)
			var answer struct{ Error apiError }
			require.NoError(t, json.Unmarshal([]byte(body), &answer), body)
			require.Equal(t, "requestId", answer.Error.Field, body)
			require.Contains(t, answer.Error.Message, tt.says)
		})
	}
	for _, path := range []string{"/v1/tasks/task-spring-caf%C3%A9-1", "/v1/tasks/task-caf%E9", "/v1/tasks/task-a%20b"} {
		code, body := call(t, srv, http.MethodGet, path, "")
		require.Equal(t, http.StatusNotFound, code, "%s: %s", path, body)
		require.Contains(t, body, `"field": "id"`)
		code, body = call(t, srv, http.MethodPost, path+"/acknowledge", `{"actor": "alice"}`)
		require.Equal(t, http.StatusNotFound, code, "%s: %s", path, body)
	}
}
