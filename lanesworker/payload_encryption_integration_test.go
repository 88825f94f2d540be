package lanesworker_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
	"go.uber.org/zap/zaptest"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/payloadcrypt"
	"github.com/lanes-dev/lanes/workflows"
)

// The payload keys of the test: 2026-q1 first, then 2026-q2 put in front of it.
const (
	keyQ1 = "2026-q1=cTFxMXExcTFxMXExcTFxMXExcTFxMXExcTFxMXExcTE="
	keyQ2 = "2026-q2=cTJxMnEycTJxMnEycTJxMnEycTJxMnEycTJxMnEycTI="
)

// secrets are the brief's confidential words, which no raw byte on the server may show.
var secrets = []string{"Layoff announcement", "Quinlan", "before the works council", "looks fine to me"}

// encryptedLanes is the Lanes worker on ts with payload keys, as the worker binary runs
// it: the client from connect's options; stop ends the worker and waits for it.
func encryptedLanes(t *testing.T, ts *temporalserver.Server, keys string, cat *catalog.Catalog) (in *intake.Client, stop func()) {
	t.Helper()
	conn, err := connect.FromEnv(func(name string) string {
		return map[string]string{"TEMPORAL_ADDRESS": ts.HostPort(), "TEMPORAL_NAMESPACE": ts.Namespace(), payloadcrypt.EnvKeys: keys}[name]
	})
	require.NoError(t, err)
	opts, err := conn.ClientOptions(zaptest.NewLogger(t))
	require.NoError(t, err)
	c := ts.Dial(opts)
	cfg := lanesworker.Config{Temporal: conn, QueuePrefix: "it", Pools: []string{lanesworker.PoolTasks},
		Catalog: cat, Notifier: bench.NewNoticeBoard(), Logger: zaptest.NewLogger(t)}
	cfg.Ledger.Path = filepath.Join(t.TempDir(), "ledger.db")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lanesworker.RunWorker(ctx, cfg, c) }()
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			require.NoError(t, <-done)
		}
	}
	t.Cleanup(stop)
	return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks}, stop
}

// rawHistory reads a task's history with a client without the keys, as anyone with
// access to the Temporal server or its database sees it.
func rawHistory(ctx context.Context, t *testing.T, ts *temporalserver.Server, id string) []*historypb.HistoryEvent {
	t.Helper()
	var events []*historypb.HistoryEvent
	it := ts.Client().GetWorkflowHistory(ctx, id, "", false, 0)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		events = append(events, e)
	}
	return events
}

// keyIDsIn lists the key IDs of a history's encrypted payloads, and fails on any
// payload in clear: inputs, results, signals, updates, summaries alike.
func keyIDsIn(t *testing.T, events []*historypb.HistoryEvent) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, e := range events {
		raw, err := proto.Marshal(e)
		require.NoError(t, err)
		for _, s := range secrets {
			require.NotContains(t, string(raw), s, "event %d (%s) shows the brief", e.GetEventId(), e.GetEventType())
		}
		forEachPayload(e.ProtoReflect(), func(p *commonpb.Payload) {
			require.Equal(t, payloadcrypt.EncodingEncrypted, string(p.GetMetadata()[converter.MetadataEncoding]),
				"event %d (%s) holds a payload in clear", e.GetEventId(), e.GetEventType())
			ids[string(p.GetMetadata()[payloadcrypt.MetadataKeyID])]++
		})
	}
	return ids
}

func TestIntegrationPayloadsAreCiphertextOnTheServerAndClearToLanes(t *testing.T) {
	ts := temporalserver.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, ts.Client(), ts.Namespace()))
	cat, err := catalog.Default()
	require.NoError(t, err)
	in, stopQ1 := encryptedLanes(t, ts, keyQ1, cat)

	req := workflows.TaskRequest{RequestID: "it-sealed", TaskType: "creative-stakeholder-review", Title: "Layoff announcement banner",
		Requester: "Pat Quinlan", Description: "Hold it before the works council meets", BusinessUnit: "consumer"}
	sub, err := in.Submit(ctx, req)
	require.NoError(t, err)
	st, err := in.WaitFor(ctx, sub.TaskID, booked(stageIs(workflows.StageAssigned)))
	require.NoError(t, err)
	require.Equal(t, req.Title, st.Request.Title, "Lanes reads the brief in clear")

	events := rawHistory(ctx, t, ts, sub.TaskID)
	require.Equal(t, map[string]int{"2026-q1": keyIDsIn(t, events)["2026-q1"]}, keyIDsIn(t, events))
	started := events[0].GetWorkflowExecutionStartedEventAttributes().GetInput()
	var timerSummaries int
	for _, e := range events {
		if e.GetTimerStartedEventAttributes() != nil && e.GetUserMetadata().GetSummary() != nil {
			timerSummaries++
		}
	}
	require.Positive(t, timerSummaries, "the SLA timers' summaries are payloads, encrypted like the rest")
	desc, err := ts.Client().DescribeWorkflowExecution(ctx, sub.TaskID, "")
	require.NoError(t, err)
	raw, err := proto.Marshal(desc)
	require.NoError(t, err)
	for _, s := range secrets {
		require.NotContains(t, string(raw), s, "the search attributes and summary show nothing of the brief")
	}

	// The HTTP service reads the task in clear, and its codec route opens the raw input.
	token := intakeapi.Token{Name: "ops", Value: "ops-token-0123456789", Scopes: []intakeapi.Scope{intakeapi.ScopeReadAll}}
	h, err := intakeapi.New(intakeapi.Config{Backend: &intakeapi.Client{Intake: in}, Tokens: []intakeapi.Token{token}, PayloadKeys: mustKeys(t, keyQ1)})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	require.Contains(t, get(t, srv.URL+"/v1/tasks/"+sub.TaskID, token.Value), req.Title)
	body, err := protojson.Marshal(started)
	require.NoError(t, err)
	opened := post(t, srv.URL+intakeapi.CodecPath+"/decode", token.Value, string(body))
	var clear commonpb.Payloads
	require.NoError(t, protojson.Unmarshal([]byte(opened), &clear))
	var decoded workflows.TaskRequest
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(&clear, &decoded))
	require.Equal(t, req.Requester, decoded.Requester)

	// Rotation: 2026-q2 goes first; the task begun under 2026-q1 still reads and acts.
	stopQ1()
	in, _ = encryptedLanes(t, ts, keyQ2+","+keyQ1, cat)
	st, err = in.Status(ctx, sub.TaskID)
	require.NoError(t, err, "a worker with the new key first replays the old history")
	require.Equal(t, req.Requester, st.Request.Requester)
	rec, err := intake.Send(ctx, in, sub.TaskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{
		ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: st.Assignee}, Note: "Brief looks fine to me"})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	ids := keyIDsIn(t, rawHistory(ctx, t, ts, sub.TaskID))
	require.Positive(t, ids["2026-q1"])
	require.Positive(t, ids["2026-q2"], "what happened after the rotation is under the new key")
}

// mustKeys parses a keyring as the service would read LANES_PAYLOAD_KEYS.
func mustKeys(t *testing.T, text string) *payloadcrypt.Keyring {
	t.Helper()
	k, err := payloadcrypt.Parse(text, payloadcrypt.EnvKeys)
	require.NoError(t, err)
	return k
}

func get(t *testing.T, url, token string) string { return send(t, http.MethodGet, url, token, "") }

func post(t *testing.T, url, token, body string) string {
	return send(t, http.MethodPost, url, token, body)
}

// send makes one request with the token and returns the body of its 200 answer.
func send(t *testing.T, method, url, token, body string) string {
	t.Helper()
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	return string(b)
}

// forEachPayload calls f on every payload in m, however deep, except search
// attributes: Temporal indexes those, so they are never encrypted.
func forEachPayload(m protoreflect.Message, f func(*commonpb.Payload)) {
	if p, ok := m.Interface().(*commonpb.Payload); ok {
		f(p)
		return
	}
	if _, ok := m.Interface().(*commonpb.SearchAttributes); ok {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				forEachPayload(mv.Message(), f)
				return true
			})
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				forEachPayload(v.List().Get(i).Message(), f)
			}
		case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
			forEachPayload(v.Message(), f)
		}
		return true
	})
}
