package lanesworker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/workflows"
)

// The large-notes attack of issue 11, on a real server: megabyte notes sent through the
// HTTP service are refused there by name and reach nothing; sent straight to Temporal
// (a raw signal, which no door checks), three by people not assigned and one by the
// holder, they are refused by the task, which keeps only a bounded summary. The task
// stays readable by query and over HTTP, and its holder completes it.
func TestIntegrationLargeNotesLeaveTheTaskReadableAndCompletable(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sub, err := ls.intake.Submit(ctx, reviewRequest("it-large-notes"))
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(func(workflows.TaskStatus) bool { return true }))
	require.NoError(t, err)
	holder := st.Assignee
	megabyte := strings.Repeat("n", 1<<20-1024) // under the 1 MiB body limit with the rest of the body
	// A system relaying for everyone who tries, so only the note's size refuses them.
	const token = "notes-token-0123456789"
	notes := intakeapi.Token{Name: "notes", Value: token, Scopes: []intakeapi.Scope{intakeapi.ScopeReadAll, intakeapi.ScopeRelay}, RelayFor: []string{"mallory", "trent", "eve", holder}}
	h, err := intakeapi.New(intakeapi.Config{Backend: &intakeapi.Client{Intake: ls.intake}, Tokens: []intakeapi.Token{notes}, Logger: zaptest.NewLogger(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	post := func(path string, body any) (int, string) {
		data, err := json.Marshal(body)
		require.NoError(t, err)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, bytes.NewReader(data))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		answer, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(answer)
	}

	// The HTTP door: refused with 400 naming the field and its limit.
	for _, actor := range []string{"mallory", "trent", "eve", holder} {
		code, answer := post("/v1/tasks/"+sub.TaskID+"/"+workflows.SignalAcknowledge, map[string]string{"actor": actor, "note": megabyte})
		require.Equal(t, http.StatusBadRequest, code, answer)
		require.Contains(t, answer, "note")
		require.Contains(t, answer, fmt.Sprint(workflows.MaxNoteLength))
	}
	// Straight to Temporal: the task refuses each and keeps a bounded summary.
	for _, actor := range []string{"mallory", "trent", "eve", holder} {
		raw := map[string]string{"signalId": "raw-" + actor, "actor": actor, "note": megabyte}
		require.NoError(t, ls.client.SignalWorkflow(ctx, sub.TaskID, "", workflows.SignalAcknowledge, raw))
	}
	st, err = ls.intake.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool { return st.RejectedSignals >= 4 })
	require.NoError(t, err)
	require.Empty(t, st.AcknowledgedBy, "a refused acknowledgement acknowledges nothing")
	status, err := json.Marshal(st)
	require.NoError(t, err)
	require.Less(t, len(status), workflows.StatusBudget/4, "the status keeps summaries, not the notes")

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/tasks/"+sub.TaskID, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusOK, res.StatusCode)

	require.NoError(t, finishAs(ctx, ls.intake, sub.TaskID, holder))
	var result workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &result))
	require.Equal(t, holder, result.Status.CompletedBy)
}
