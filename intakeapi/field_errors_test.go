package intakeapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/strictjson"
)

// The HTTP door answers a check's typed error whole: its field in field, and its
// field, message and fix in message, colons in the message included.
func TestErrorAnswerKeepsFieldMessageAndFix(t *testing.T) {
	for _, tt := range []struct {
		name, path, body string
		status           int
		want             strictjson.FieldError
	}{
		{
			name: "a request's check", path: "/v1/tasks", body: `{"taskType": "creative-stakeholder-review", "title": " "}`, status: http.StatusUnprocessableEntity,
			want: strictjson.FieldError{Field: "title", Message: "required", Fix: "say in one line what is asked"},
		},
		{
			name: "a message with colons", path: "/v1/tasks", body: `{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": "2026-12-01 17:00"}`, status: http.StatusUnprocessableEntity,
			want: strictjson.FieldError{Field: "dueDate", Message: `"2026-12-01 17:00" is not a date`, Fix: "write it as 2026-12-01 or 2026-12-01T17:00:00-05:00"},
		},
		{
			name: "a value with a colon", path: "/v1/tasks", body: `{"taskType": "creative-stakeholder-review", "title": "x", "daci": {"informed": ["role:cmo"]}}`, status: http.StatusUnprocessableEntity,
			want: strictjson.FieldError{Field: "daci.informed[0]", Message: `"role:cmo" is a role queue`, Fix: "name a person"},
		},
		{
			name: "intake's check against the catalog", path: "/v1/tasks", body: `{"taskType": "creative-stakeholder-review", "title": "x", "requester": "pat", "daci": {"approver": "pat"}}`,
			status: http.StatusUnprocessableEntity,
			want:   strictjson.FieldError{Field: "daci.approver", Message: "pat is the requester", Fix: "approval is someone else's check, so name another person"},
		},
		{
			name: "strict JSON", path: "/v1/tasks", body: `{"taskType": "creative-stakeholder-review", "title": "a", "title": "b"}`, status: http.StatusBadRequest,
			want: strictjson.FieldError{Field: "title", Message: "appears twice in its object", Fix: "send each field once"},
		},
		{
			name: "an action's check", path: "/v1/tasks/task-req-42/block", body: `{"actor": "alice"}`, status: http.StatusBadRequest,
			want: strictjson.FieldError{Field: "dependency", Message: "required", Fix: "say what blocks the task"},
		},
		{
			name: "an action's bound", path: "/v1/tasks/task-req-42/acknowledge", body: `{"actor": "alice", "note": "` + strings.Repeat("n", 1001) + `"}`, status: http.StatusBadRequest,
			want: strictjson.FieldError{Field: "note", Message: "over 1000 characters (1001)", Fix: "shorten it and link a longer text"},
		},
		{
			name: "an action's quoted values", path: "/v1/tasks/task-req-42/complete", body: `{"actor": "alice", "outcome": "done: really"}`, status: http.StatusBadRequest,
			want: strictjson.FieldError{Field: "outcome", Message: `"done: really" is not an outcome`, Fix: `use "resolved", "declined" or "duplicate"`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
			rec := h.do(t, http.MethodPost, tt.path, tt.body)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := errorBody(t, rec.Body.Bytes())
			require.Equal(t, tt.want.Field, e.Field)
			require.Equal(t, tt.want.Error(), e.Message)
		})
	}
}
