package intakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// FuzzSubmitBody sends any bytes as the body of POST /v1/tasks. Whatever comes in,
// the answer is JSON with a status the README names; a refused body starts nothing
// and names a request field; an accepted one is exactly the body, valid, of a
// catalog type, and a repeat of it starts nothing new.
func FuzzSubmitBody(f *testing.F) {
	cat, err := catalog.Default()
	require.NoError(f, err)
	for _, body := range submitSeeds(cat.IDs()) {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fake := &fakeBackend{cat: cat, tasks: map[string]workflows.TaskStatus{}}
		rec := fuzzPost(t, fake, "/v1/tasks", body)
		switch rec.Code {
		case http.StatusCreated:
			require.Len(t, fake.submits, 1)
			got := fake.submits[0]
			require.NoError(t, got.Validate(), "the backend got a request Validate refuses")
			_, ok := cat.TaskType(got.TaskType)
			require.True(t, ok, "the backend got task type %q, not in the catalog", got.TaskType)
			require.True(t, json.Valid(body), "accepted a body that is not JSON: %q", body)
			var sent workflows.TaskRequest
			require.NoError(t, json.Unmarshal(body, &sent))
			named := strings.TrimSpace(sent.RequestID) != ""
			if !named {
				sent.RequestID = got.RequestID
			}
			require.NotNil(t, got.Triage, "intake triages every request it starts")
			sent.Triage = got.Triage
			require.Equal(t, sent, got, "the backend gets the request as sent")
			var answer SubmitAnswer
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &answer))
			require.Equal(t, workflows.TaskWorkflowID(got.RequestID), answer.TaskID)
			if named {
				again := fuzzPost(t, fake, "/v1/tasks", body)
				require.Equal(t, http.StatusOK, again.Code, "a repeat is a duplicate: %s", again.Body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			require.Empty(t, fake.submits, "a refused request must start nothing")
			// Every refusal names a field: the body as a whole, or a field of the request.
			if e := errorBody(t, rec.Body.Bytes()); e.Field != "body" {
				requireRequestField(t, e, body)
			}
		default:
			t.Fatalf("status %d is not one of 201, 400, 413, 422: %s", rec.Code, rec.Body)
		}
	})
}

// FuzzActionBody sends any action name and body to POST /v1/tasks/{id}/{action} on an
// open task. The answer is JSON; only a known action with a body the task's own
// decoder accepts reaches the backend, carrying a signal ID.
func FuzzActionBody(f *testing.F) {
	cat, err := catalog.Default()
	require.NoError(f, err)
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range signalOracles {
			if !yield(name) {
				return
			}
		}
	})
	require.Equal(f, Actions(), names, "an oracle for every action")
	for _, seed := range actionSeeds() {
		f.Add(seed[0], []byte(seed[1]))
	}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		fake := &fakeBackend{cat: cat, tasks: map[string]workflows.TaskStatus{
			"task-req-42": {TaskID: "task-req-42", Stage: workflows.StageAssigned},
		}}
		rec := fuzzPost(t, fake, "/v1/tasks/task-req-42/"+url.PathEscape(name), body)
		oracle, known := signalOracles[name]
		switch {
		case rec.Code == http.StatusOK:
			require.True(t, known, "action %q is not one the service takes", name)
			require.True(t, json.Valid(body), "accepted a body that is not JSON: %q", body)
			require.Len(t, fake.actions, 1)
			a := fake.actions[0]
			require.Equal(t, name, a.Name)
			require.NotEmpty(t, a.SignalID, "an action reaches the backend with a signal ID")
			require.NotEmpty(t, a.Actor)
			sent := catchSignal(t, a)
			raw, err := json.Marshal(sent)
			require.NoError(t, err)
			id, actor, err := oracle(raw)
			require.NoError(t, err, "the task's DecodeSignal refuses the signal sent: %s", raw)
			require.Equal(t, [2]string{a.SignalID, a.Actor}, [2]string{id, actor})
		case rec.Code >= 400 && rec.Code < 500:
			require.Empty(t, fake.actions, "a refused action must send nothing")
			e := errorBody(t, rec.Body.Bytes())
			if !known {
				require.Equal(t, http.StatusNotFound, rec.Code, rec.Body.String())
			} else if rec.Code != http.StatusRequestEntityTooLarge {
				require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
				require.NotEqual(t, "action", e.Field)
			}
		default:
			t.Fatalf("status %d for action %q: %s", rec.Code, name, rec.Body)
		}
	})
}

// fuzzPost sends body to a fresh handler on fake and checks the answer is JSON, as
// openapi.json documents it. The handler checks nobody, so any actor the fuzzer
// writes reaches the decoder under test; who may act has its own tests.
func fuzzPost(t *testing.T, fake *fakeBackend, path string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	h, err := New(Config{Backend: fake, InsecureNoAuth: true})
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	media, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	require.NoError(t, err, "status %d: %s", rec.Code, rec.Body)
	require.Equal(t, "application/json", media, "status %d: %s", rec.Code, rec.Body)
	require.True(t, json.Valid(rec.Body.Bytes()), "status %d: %s", rec.Code, rec.Body)
	checkAnswer(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
	return rec
}

// requireRequestField checks an error's field names TaskRequest fields, such as
// "title", "scores.latency" or the list "requester, campaignId, assignee"; for an
// unknown field, it names a key of the body's object.
func requireRequestField(t *testing.T, e apiError, body []byte) {
	t.Helper()
	field := e.Field
	if strings.Contains(e.Message, "unknown field") {
		// The field is a path along the body's keys, object by object, to the unknown one; keys may hold dots.
		require.True(t, resolvesInBody(body, field), "the unknown field is not a key of the request: %s", e.Message)
		return
	}
	top := jsonFields[workflows.TaskRequest]()
	nested := map[string][]string{
		"scores": jsonFields[catalog.Scores](), "rice": jsonFields[catalog.RICE](), "priority": jsonFields[catalog.PriorityFactors](),
		"daci": jsonFields[workflows.Governance](), "triage": jsonFields[catalog.Triage](),
	}
	for part := range strings.SplitSeq(listIndex.ReplaceAllString(field, ""), ", ") {
		head, sub, isNested := strings.Cut(part, ".")
		ok := slices.Contains(top, head) && (!isNested || slices.Contains(nested[head], sub))
		require.True(t, ok, "field %q is not a request field; want one of %v or their nested fields %v", field, top, nested)
	}
}

// listIndex is the "[2]" of a list entry's field, such as assets[2].
var listIndex = regexp.MustCompile(`\[\d+\]`)

// resolvesInBody says whether path names a key of the object in raw, or a key's object and a path in it.
func resolvesInBody(raw []byte, path string) bool {
	var object map[string]json.RawMessage
	if json.NewDecoder(bytes.NewReader(raw)).Decode(&object) != nil {
		return false
	}
	for k, v := range object {
		if path == k || strings.HasPrefix(path, k+".") && resolvesInBody(v, path[len(k)+1:]) {
			return true
		}
	}
	return false
}

// jsonFields lists a struct's JSON field names.
func jsonFields[T any]() []string {
	t := reflect.TypeFor[T]()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}

// signalOracles decode a signal as the task does, each with the signal type its action names.
var signalOracles = map[string]func([]byte) (id, actor string, err error){
	workflows.SignalAcknowledge:     oracle[workflows.AcknowledgeSignal],
	workflows.SignalComplete:        oracle[workflows.CompleteSignal],
	workflows.SignalHandBack:        oracle[workflows.HandBackSignal],
	workflows.SignalReassign:        oracle[workflows.ReassignSignal],
	workflows.SignalWaitOnRequester: oracle[workflows.WaitOnRequesterSignal],
	workflows.SignalResume:          oracle[workflows.ResumeSignal],
	workflows.SignalRaiseSeverity:   oracle[workflows.RaiseSeveritySignal],
	workflows.SignalBlock:           oracle[workflows.BlockSignal],
	workflows.SignalFlagCompliance:  oracle[workflows.FlagComplianceSignal],
	workflows.SignalApprove:         oracle[workflows.ApproveSignal],
	workflows.SignalEscalationAck:   oracle[workflows.EscalationAckSignal],
}

func oracle[T workflows.HumanSignal](raw []byte) (id, actor string, err error) {
	s, err := workflows.DecodeSignal[T](raw)
	id, actor = s.Header()
	return id, actor, err
}

// catchSignal runs the action's send on a Temporal client that holds one open task
// and keeps the signal instead of sending it.
func catchSignal(t *testing.T, a Action) any {
	t.Helper()
	c := &signalCatcher{}
	_, err := a.send(context.Background(), &intake.Client{Temporal: c}, "task-req-42")
	require.ErrorIs(t, err, errCaught)
	require.Equal(t, a.Name, c.name)
	return c.signal
}

var errCaught = errors.New("action caught")

// signalCatcher is a Temporal client with only the calls intake.Send makes before its
// wait; it catches the action as an update, the way Send sends it first.
type signalCatcher struct {
	client.Client
	name   string
	signal any
}

func (c *signalCatcher) DescribeWorkflowExecution(context.Context, string, string) (*workflowservice.DescribeWorkflowExecutionResponse, error) {
	return &workflowservice.DescribeWorkflowExecutionResponse{
		WorkflowExecutionInfo: &workflowpb.WorkflowExecutionInfo{Status: enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING},
	}, nil
}

// QueryWorkflow answers the status of a task with an escalation climbing, for acknowledge-escalation.
func (c *signalCatcher) QueryWorkflow(_ context.Context, id, _, _ string, _ ...any) (converter.EncodedValue, error) {
	return jsonValue{workflows.TaskStatus{TaskID: id, Escalating: workflows.EscalationWorkflowID(id, 1), EscalationLevel: 1}}, nil
}

// jsonValue is a query answer as the client decodes it.
type jsonValue struct{ v any }

func (j jsonValue) HasValue() bool { return true }

func (j jsonValue) Get(ptr any) error {
	data, err := json.Marshal(j.v)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, ptr)
}

func (c *signalCatcher) UpdateWorkflow(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	c.name, c.signal = o.UpdateName, o.Args[0]
	return nil, errCaught
}

func (c *signalCatcher) SignalWorkflow(_ context.Context, _, _, name string, arg any) error {
	c.name, c.signal = name, arg
	return errCaught
}

// submitSeeds are bodies near every rule: the README's examples, each catalog
// type, limits and one past them, wrong shapes and wrong types.
func submitSeeds(types []string) []string {
	long := func(s string, n int) string { return strings.Repeat(s, n) }
	seeds := []string{
		goodBody,
		`{"requestId": "INT-2041", "taskType": "utm-naming-validation", "title": "Check spring newsletter links",
		  "description": "Links in the 3 Dec send", "requester": "maya", "campaignId": "spring-2026",
		  "scores": {"latency": 3, "criticality": 3, "automation": 5},
		  "payload": {"urls": ["https://example.com/spring?utm_source=news&utm_medium=email&utm_campaign=spring"]}}`,
		`{"requestId": "FORM-1", "taskType": "creative-stakeholder-review", "title": "Review the holiday banner", "requester": "pat"}`,
		``, ` `, `null`, `{}`, `[]`, `[{"taskType": "utm-naming-validation", "title": "x"}]`, `"x"`, `42`, `true`,
		`{"title": `, `{"taskType": "utm-naming-validation", "title": "x"} {}`,
		`{"taskType": "utm-naming-validation", "title": "x", "urgency": 1}`,
		`{"taskType": "utm-naming-validation", "title": "x", "Title": "y", "TASKTYPE": "reporting-refresh"}`,
		`{"taskType": "utm-naming-validation", "title": "a", "title": "b"}`,
		`{"taskType": "moon-landing", "taskType": "utm-naming-validation", "title": "a"}`,
		`{"TaskType": "utm-naming-validation", "TITLE": "a"}`,
		"{\"taskType\": \"utm-naming-validation\", \"title\": \"caf\xe9\"}",
		`{"taskType": "utm-naming-validation", "title": "a\u0000b"}`,
		`{"taskType": "utm-naming-validation", "title": "a\ud800b"}`,
		`{"requestId": "spring-café-1", "taskType": "utm-naming-validation", "title": "x"}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": 10, "impact": 0.1, "confidence": 50, "effort": 1}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "daci": {"approver": "a", "approver": "b"}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "payload": {"deep": {"deeper": [{"unknown": true}]}}}`,
		`{"taskType": "utm-naming-validation", "title": 42}`,
		`{"taskType": "utm-naming-validation", "title": null, "requestId": null}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": null, "payload": null}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": "3", "criticality": 3, "automation": 5}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": "3,3,5"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": 3.0, "criticality": 3, "automation": 5}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": 1e400, "criticality": 3, "automation": 5}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": 0, "criticality": 3, "automation": 5}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": 6, "criticality": 6, "automation": 6}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": -1, "criticality": 3, "automation": 5}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "scores": {}}`,
		`{"taskType": "utm-naming-validation", "title": "x", "payload": "not an object but JSON"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "payload": {"urls": [}`,
		`{"taskType": "utm-naming-validation", "title": "x", "payload": "\ud800"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "assignee": "role:ops"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "a b"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "a\u0000b"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "a\u00a0b"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "a\u200bb"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "   "}`,
		`{"taskType": " utm-naming-validation ", "title": "x"}`,
		`{"taskType": "UTM-NAMING-VALIDATION", "title": "x"}`,
		`{"taskType": "moon-landing", "title": "x"}`,
		`{"taskType": "utm-naming-validation", "title": "   "}`,
		`{"taskType": "utm-naming-validation", "title": "Prüfe die Links 🚀 日本語"}`,
		"{\"taskType\": \"utm-naming-validation\", \"title\": \"bad \xff utf-8\"}",
		"\xef\xbb\xbf{\"taskType\": \"utm-naming-validation\", \"title\": \"x\"}",
		`{"taskType": "utm-naming-validation", "title": "` + long("é", workflows.MaxTitleLength) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "` + long("é", workflows.MaxTitleLength+1) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "` + long("r", 200) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requestId": "` + long("r", 201) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "description": "` + long("d", 4000) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "description": "` + long("d", 4001) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "requester": "` + long("p", 201) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "payload": "` + long("a", workflows.MaxPayloadBytes-2) + `"}`,
		`{"taskType": "utm-naming-validation", "title": "x", "payload": "` + long("a", workflows.MaxPayloadBytes-1) + `"}`,
		// The structured brief, scores and DACI: valid, at their limits and past them.
		`{"requestId": "BRIEF-1", "taskType": "creative-stakeholder-review", "title": "Holiday hero", "objective": "Lift sign-ups",
		  "audience": "Lapsed subscribers", "dueDate": "2099-12-01", "assets": ["https://drive.example/a.png"], "successMetrics": ["CTR ≥ 2%"],
		  "businessUnit": "consumer", "rush": true, "rice": {"reach": 5000, "impact": 1, "confidence": 80, "effort": 2},
		  "priority": {"strategicPriority": 4, "revenueImpact": 3, "resourceNeeds": 2, "deadlineFeasibility": 5},
		  "daci": {"driver": "pat", "approver": "vic", "consultants": ["legal-1"], "informed": ["cmo"]}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": 10, "impact": 0.25, "confidence": 0, "effort": 0.1}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": -1, "impact": 3.5, "confidence": 101, "effort": 0}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": 1e308, "impact": 3, "confidence": 100, "effort": 1e-308}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": "many"}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "priority": {"strategicPriority": 0, "revenueImpact": 6, "resourceNeeds": 3, "deadlineFeasibility": 3}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "priority": {"strategicPriority": 2.5}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": "2020-01-01"}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": "2099-02-30"}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": "2099-01-01T10:00:00+02:00"}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": 20991201}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "rush": "yes"}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "assets": ["", "https://x"]}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "assets": "https://x"}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "daci": {"approver": "role:ops-manager"}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "daci": {"informed": [null]}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "daci": {"owner": "pat"}}`,
		`{"taskType": "creative-stakeholder-review", "title": "x", "triage": {"method": "rice", "score": 1, "tier": "full", "reason": "mine"}}`,
		`{"taskType": "live-campaign-outage", "title": "x"}`,
		`{"taskType": "live-campaign-outage", "title": "x", "campaignId": "   "}`,
	}
	for _, id := range types {
		seeds = append(seeds, `{"requestId": "seed-`+id+`", "taskType": "`+id+`", "title": "One of each", "scores": {"latency": 5, "criticality": 1, "automation": 3}}`)
	}
	return seeds
}

// actionSeeds are name and body pairs: a good body for every action, then junk names and bad bodies.
func actionSeeds() [][2]string {
	seeds := [][2]string{
		{workflows.SignalAcknowledge, `{"actor": "alice", "note": "on it"}`},
		{workflows.SignalComplete, `{"actor": "alice", "outcome": "resolved", "hours": 1.5}`},
		{workflows.SignalHandBack, `{"actor": "alice", "reason": "wrong team"}`},
		{workflows.SignalReassign, `{"actor": "alice", "to": "bob"}`},
		{workflows.SignalWaitOnRequester, `{"actor": "alice", "reason": "needs the brief"}`},
		{workflows.SignalResume, `{"actor": "alice"}`},
		{workflows.SignalRaiseSeverity, `{"actor": "alice", "scores": {"latency": 5, "criticality": 5, "automation": 2}}`},
		{workflows.SignalBlock, `{"actor": "alice", "dependency": "creative"}`},
		{workflows.SignalFlagCompliance, `{"actor": "alice", "reason": "uncleared claim"}`},
		{workflows.SignalApprove, `{"actor": "carol", "signalId": "sig-7"}`},
		{workflows.SignalAcknowledge, `{"actor": "mallory", "actor": "alice"}`},
		{workflows.SignalAcknowledge, `{"Actor": "alice"}`},
		{workflows.SignalAcknowledge, "{\"actor\": \"alice\", \"note\": \"caf\xe9\"}"},
		{workflows.SignalAcknowledge, `{"actor": "alice", "note": "a\u0000b"}`},
		{workflows.SignalComplete, `{"actor": "alice", "outcome": "resolved", "outcome": "declined"}`},
		{"delete", `{"actor": "alice"}`},
		{"ACKNOWLEDGE", `{"actor": "alice"}`},
		{"acknowledge ", `{"actor": "alice"}`},
		{workflows.SignalEscalationAck, `{"actor": "alice"}`},
		{workflows.SignalRequestPerson, `{}`},
		{"ácknowledge", `{"actor": "alice"}`},
		{"a/b", `{"actor": "alice"}`},
		{"%2e", `{"actor": "alice"}`},
	}
	bad := []string{
		``, `null`, `{}`, `[]`, `"alice"`, `{"actor": `, `{"actor": "alice"}{"actor": "bob"}`,
		`{"actor": null}`, `{"actor": 7}`, `{"actor": "  "}`, `{"actor": "alice", "signalId": ""}`,
		`{"actor": "alice", "mood": "happy"}`, `{"Actor": "alice", "SIGNALID": "s-1"}`,
		`{"actor": "alice", "outcome": "resolved", "hours": "2"}`, `{"actor": "alice", "outcome": "resolved", "hours": -1}`,
		`{"actor": "alice", "outcome": "resolved", "hours": 1000.5}`, `{"actor": "alice", "outcome": "done"}`,
		`{"actor": "alice", "to": "role:ops"}`, `{"actor": "alice", "to": " bob "}`,
		`{"actor": "alice", "scores": {"latency": 0, "criticality": 6, "automation": 2}}`,
		`{"actor": "alice", "scores": {"latency": 5, "criticality": 5, "automation": 2, "x": {"y": 1}}}`,
		`{"actor": "alice", "scores": {"latency": "5", "criticality": 5, "automation": 2}}`,
		`{"actor": "alice", "dependency": ""}`, `{"actor": "alice", "reason": "` + strings.Repeat("é", 5000) + `"}`,
		`{"actor": "Ålice 🚀", "note": "\u0000"}`,
	}
	for _, body := range bad {
		for _, name := range []string{workflows.SignalAcknowledge, workflows.SignalComplete, workflows.SignalReassign, workflows.SignalRaiseSeverity, workflows.SignalBlock} {
			seeds = append(seeds, [2]string{name, body})
		}
	}
	return seeds
}
