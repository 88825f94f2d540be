package lanesworker_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/workflows"
)

// acknowledge-escalation works through the HTTP service and intake.Send on a real
// server: it reaches the task's climbing escalation, which stops on it and records
// who took it; with no climb, it is refused with the reason.
func TestIntegrationAcknowledgeEscalationOverHTTP(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h, err := intakeapi.New(intakeapi.Config{Backend: &intakeapi.Client{Intake: ls.intake}, InsecureNoAuth: true, Logger: zaptest.NewLogger(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	post := func(path, body string) (int, string) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(data)
	}

	sub, err := ls.intake.Submit(ctx, workflows.TaskRequest{RequestID: "esc-ack-1", TaskType: "creative-stakeholder-review", Title: "Review the hero"})
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool {
		return st.Staffing != nil && st.Staffing.Person != "" && !workflows.IsRoleAssignee(st.Assignee)
	})
	require.NoError(t, err)
	holder := st.Assignee
	code, body := post("/v1/tasks/"+sub.TaskID+"/acknowledge-escalation", `{"actor": "maya"}`)
	require.Equal(t, http.StatusConflict, code, body)
	require.Contains(t, body, "no escalation is climbing on "+sub.TaskID)

	rec, err := intake.Send(ctx, ls.intake, sub.TaskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	rec, err = intake.Send(ctx, ls.intake, sub.TaskID, workflows.SignalBlock, workflows.BlockSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: holder}, Dependency: "legal sign-off"})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	_, err = ls.intake.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool { return st.Escalating != "" && st.EscalationLevel == 1 })
	require.NoError(t, err)

	code, body = post("/v1/tasks/"+sub.TaskID+"/acknowledge-escalation", `{"actor": "maya", "note": "chasing legal"}`)
	require.Equal(t, http.StatusOK, code, body)
	var got workflows.SignalRecord
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	require.True(t, got.Accepted)
	require.Equal(t, "maya", got.Actor)
	require.Equal(t, "stopped escalation 1 at level 1", got.Detail)

	st, err = ls.intake.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool { return st.Escalating == "" && len(st.Escalations) == 1 })
	require.NoError(t, err)
	require.Equal(t, workflows.EndAcknowledged, st.Escalations[0].Ended)
	require.Equal(t, "maya", st.Escalations[0].EndedBy)
	code, body = post("/v1/tasks/"+sub.TaskID+"/acknowledge-escalation", `{"actor": "maya"}`)
	require.Equal(t, http.StatusConflict, code, body)
	require.Contains(t, body, "no escalation is climbing")
}
