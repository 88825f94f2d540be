package intakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

const goodBody = `{
  "requestId": "req-42",
  "taskType": "utm-naming-validation",
  "title": "Check the UTMs of the spring launch",
  "requester": "dana",
  "scores": {"latency": 2, "criticality": 2, "automation": 5},
  "payload": {"urls": ["https://example.com/?utm_source=x"]}
}`

// errorBody reads an error answer: {"error": {...}} and nothing else, with a message.
func errorBody(t *testing.T, body []byte) apiError {
	t.Helper()
	var v struct {
		Error *apiError `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&v), "not the error shape: %s", body)
	require.NotNil(t, v.Error, "not the error shape: %s", body)
	require.NotEmpty(t, v.Error.Message, "%s", body)
	return *v.Error
}

func TestSubmitStartsOnceAndRepeatIsDuplicate(t *testing.T) {
	h := newHarness(t)
	first := h.do(t, http.MethodPost, "/v1/tasks", goodBody)
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())
	require.Equal(t, "/v1/tasks/task-req-42", first.Header().Get("Location"))
	var got SubmitAnswer
	require.NoError(t, json.Unmarshal(first.Body.Bytes(), &got))
	require.Equal(t, "task-req-42", got.TaskID)
	require.False(t, got.Duplicate)
	require.NotNil(t, got.Status)
	require.Equal(t, workflows.StageReceived, got.Status.Stage)

	again := h.do(t, http.MethodPost, "/v1/tasks", goodBody)
	require.Equal(t, http.StatusOK, again.Code, again.Body.String())
	require.NoError(t, json.Unmarshal(again.Body.Bytes(), &got))
	require.Equal(t, "task-req-42", got.TaskID)
	require.True(t, got.Duplicate)
}

func TestSubmitWithoutRequestIDGetsOne(t *testing.T) {
	h := newHarness(t)
	rec := h.do(t, http.MethodPost, "/v1/tasks", `{"taskType": "utm-naming-validation", "title": "Check UTMs", "payload": {"urls": ["https://example.com/?utm_source=x"]}}`)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	require.NotEmpty(t, h.fake.submits[0].RequestID)
}

func TestSubmitBadInputStartsNothing(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		field  string
		says   string
	}{
		{name: "malformed JSON", body: `{"title": `, status: http.StatusBadRequest, field: "body", says: "not JSON"},
		{name: "not an object", body: `[1, 2]`, status: http.StatusBadRequest, field: "body", says: "not a JSON intake request"},
		{name: "empty body", body: ``, status: http.StatusBadRequest, field: "body", says: "empty"},
		{name: "two objects", body: goodBody + goodBody, status: http.StatusBadRequest, field: "body", says: "more than one"},
		{name: "unknown field", body: `{"taskType": "utm-naming-validation", "title": "x", "urgency": 1}`, status: http.StatusBadRequest, field: "urgency", says: "the fields are requestId"},
		{name: "wrong type", body: `{"taskType": "utm-naming-validation", "title": 42}`, status: http.StatusBadRequest, field: "title", says: "wrong type"},
		{name: "wrong nested type", body: `{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": "high"}}`, status: http.StatusBadRequest, field: "scores.latency", says: "wrong type"},
		{name: "missing title", body: `{"taskType": "utm-naming-validation"}`, status: http.StatusUnprocessableEntity, field: "title", says: "title: required; say in one line what is asked"},
		{name: "missing taskType", body: `{"title": "x"}`, status: http.StatusUnprocessableEntity, field: "taskType", says: "required"},
		{name: "unknown taskType", body: `{"taskType": "moon-landing", "title": "x"}`, status: http.StatusUnprocessableEntity, field: "taskType", says: "not in the catalog"},
		{name: "score out of range", body: `{"taskType": "utm-naming-validation", "title": "x", "scores": {"latency": 9, "criticality": 2, "automation": 5}}`, status: http.StatusUnprocessableEntity, field: "scores.latency", says: "outside 1–5"},
		{name: "a name twice, the last one valid", body: `{"taskType": "utm-naming-validation", "title": "a", "title": "b"}`, status: http.StatusBadRequest, field: "title", says: "title: appears twice in its object"},
		{name: "an unknown type, then a known one", body: `{"taskType": "moon-landing", "taskType": "utm-naming-validation", "title": "a"}`, status: http.StatusBadRequest, field: "taskType", says: "appears twice"},
		{name: "a name in capitals", body: `{"taskType": "utm-naming-validation", "TITLE": "a"}`, status: http.StatusBadRequest, field: "TITLE", says: "TITLE: unknown field; the fields are requestId"},
		{name: "a name in another case", body: `{"TaskType": "utm-naming-validation", "title": "a"}`, status: http.StatusBadRequest, field: "TaskType", says: "names are case-sensitive"},
		{name: "invalid UTF-8 in the title", body: "{\"taskType\": \"utm-naming-validation\", \"title\": \"caf\xe9\"}", status: http.StatusBadRequest, field: "title", says: "is not valid UTF-8"},
		{name: "a NUL in the title", body: `{"taskType": "utm-naming-validation", "title": "a\u0000b"}`, status: http.StatusBadRequest, field: "title", says: "control character U+0000"},
		{name: "a null body", body: `null`, status: http.StatusBadRequest, field: "body", says: "body: null"},
		{name: "RICE impact under the scale", body: `{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": 10, "impact": 0.1, "confidence": 50, "effort": 1}}`, status: http.StatusUnprocessableEntity, field: "rice.impact", says: "0.1 is outside 0.25–3"},
		{name: "three fields too long", body: `{"taskType": "utm-naming-validation", "title": "x", "requester": "` + strings.Repeat("r", 201) + `", "campaignId": "` + strings.Repeat("c", 201) + `", "assignee": "` + strings.Repeat("a", 201) + `"}`, status: http.StatusUnprocessableEntity, field: "requester", says: "requester: over 200 characters, and so are campaignId, assignee"},
		{name: "requestId with a non-ASCII letter", body: `{"requestId": "spring-café-1", "taskType": "utm-naming-validation", "title": "x"}`, status: http.StatusUnprocessableEntity, field: "requestId", says: "is not ASCII"},
		{name: "requestId with spaces", body: `{"requestId": "a b", "taskType": "utm-naming-validation", "title": "x"}`, status: http.StatusUnprocessableEntity, field: "requestId", says: "is a space or control character"},
		{name: "due date in the past", body: `{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": "2020-01-31"}`, status: http.StatusUnprocessableEntity, field: "dueDate", says: "is in the past"},
		{name: "due date not a date", body: `{"taskType": "creative-stakeholder-review", "title": "x", "dueDate": "31/01/2027"}`, status: http.StatusUnprocessableEntity, field: "dueDate", says: "write it as 2026-12-01"},
		{name: "RICE out of range", body: `{"taskType": "creative-stakeholder-review", "title": "x", "rice": {"reach": 10, "impact": 9, "confidence": 50, "effort": 1}}`, status: http.StatusUnprocessableEntity, field: "rice.impact", says: "outside 0.25–3"},
		{name: "priority out of range", body: `{"taskType": "creative-stakeholder-review", "title": "x", "priority": {"strategicPriority": 7, "revenueImpact": 3, "resourceNeeds": 3, "deadlineFeasibility": 3}}`, status: http.StatusUnprocessableEntity, field: "priority.strategicPriority", says: "outside 1–5"},
		{name: "rush not a boolean", body: `{"taskType": "creative-stakeholder-review", "title": "x", "rush": "yes"}`, status: http.StatusBadRequest, field: "rush", says: "wrong type"},
		{name: "approver is a queue", body: `{"taskType": "creative-stakeholder-review", "title": "x", "daci": {"approver": "role:ops-manager"}}`, status: http.StatusUnprocessableEntity, field: "daci.approver", says: "name a person"},
		{name: "unknown nested field", body: `{"taskType": "creative-stakeholder-review", "title": "x", "daci": {"owner": "pat"}}`, status: http.StatusBadRequest, field: "daci.owner", says: "daci.owner: unknown field; the fields there are driver, approver, consultants, informed"},
		{name: "field the type requires", body: `{"taskType": "live-campaign-outage", "title": "x"}`, status: http.StatusUnprocessableEntity, field: "campaignId", says: "required for live-campaign-outage"},
		{name: "a triage of its own", body: `{"taskType": "creative-stakeholder-review", "title": "x", "triage": {"method": "rice", "score": 1e9, "tier": "full", "reason": "trust me"}}`, status: http.StatusUnprocessableEntity, field: "triage", says: "set by intake"},
		{name: "body over 1 MiB", body: `{"taskType": "utm-naming-validation", "title": "x", "description": "` + strings.Repeat("a", MaxBodyBytes) + `"}`, status: http.StatusRequestEntityTooLarge, field: "body", says: "over 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.do(t, http.MethodPost, "/v1/tasks", tt.body)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := errorBody(t, rec.Body.Bytes())
			require.Equal(t, tt.field, e.Field)
			require.Contains(t, e.Message, tt.says)
			submits, _ := h.fake.calls()
			require.Zero(t, submits, "bad input must start nothing")
		})
	}
}

func TestStatus(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)

	rec := h.do(t, http.MethodGet, "/v1/tasks/task-req-42", "")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var st workflows.TaskStatus
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &st))
	require.Equal(t, "task-req-42", st.TaskID)
	require.Equal(t, "dana", st.Request.Requester)

	missing := h.do(t, http.MethodGet, "/v1/tasks/task-nope", "")
	require.Equal(t, http.StatusNotFound, missing.Code)
	require.Contains(t, errorBody(t, missing.Body.Bytes()).Message, "no task task-nope")
}

func TestCatalog(t *testing.T) {
	h := newHarness(t)
	rec := h.do(t, http.MethodGet, "/v1/catalog", "")
	require.Equal(t, http.StatusOK, rec.Code)
	var view CatalogView
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &view))
	require.Equal(t, h.fake.cat.Ref(), view.Ref)
	require.Len(t, view.TaskTypes, len(h.fake.cat.TaskTypes))
	for _, tt := range view.TaskTypes {
		require.NotEmpty(t, tt.ResponseSLA, tt.ID)
		require.NotEmpty(t, tt.ResolutionSLA, tt.ID)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/healthz", "", "").Code, "no token needed")
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/readyz", "", "").Code, "no token needed")

	h.fake.down = true
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/healthz", "", "").Code, "alive even when Temporal is not")
	rec := h.doAs(t, http.MethodGet, "/readyz", "", "")
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	require.NotEmpty(t, rec.Header().Get("Retry-After"))
}

func TestTemporalUnavailableIs503WithRetryAdvice(t *testing.T) {
	tests := []struct{ name, method, path, body, says string }{
		{name: "submit", method: http.MethodPost, path: "/v1/tasks", body: goodBody, says: "resending with requestId req-42 is safe"},
		{name: "status", method: http.MethodGet, path: "/v1/tasks/task-req-42", says: "retry in"},
		{name: "action", method: http.MethodPost, path: "/v1/tasks/task-req-42/acknowledge", body: `{"actor": "alice"}`, says: "retry in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.fake.down = true
			rec := h.do(t, tt.method, tt.path, tt.body)
			require.Equal(t, http.StatusServiceUnavailable, rec.Code, rec.Body.String())
			require.Equal(t, "5", rec.Header().Get("Retry-After"))
			require.Contains(t, errorBody(t, rec.Body.Bytes()).Message, tt.says)
			require.Empty(t, h.fake.tasks, "nothing half-done")
		})
	}
}

func TestUnknownRouteAndMethodAreJSON(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, http.StatusNotFound, h.do(t, http.MethodGet, "/v2/things", "").Code)
	rec := h.do(t, http.MethodDelete, "/v1/tasks/task-1", "")
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	require.Equal(t, http.MethodGet, rec.Header().Get("Allow"))
	require.Equal(t, http.StatusMethodNotAllowed, h.do(t, http.MethodGet, "/v1/tasks", "").Code)
}

// The answer carries intake's triage: a low score is sent to self-service with the reason and where to go.
func TestSubmitAnswersTheTier(t *testing.T) {
	h := newHarness(t)
	rec := h.do(t, http.MethodPost, "/v1/tasks", `{"requestId": "req-low", "taskType": "creative-stakeholder-review", "title": "Resize one banner",
		"businessUnit": "consumer", "rice": {"reach": 20, "impact": 0.5, "confidence": 50, "effort": 1}}`)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var got SubmitAnswer
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.NotNil(t, got.Triage)
	require.Equal(t, catalog.TierSelfService, got.Triage.Tier)
	require.Equal(t, 5.0, got.Triage.Score)
	require.Contains(t, got.Triage.Reason, "RICE 5.00")
	require.NotEmpty(t, got.Triage.SelfService)
	require.Equal(t, got.Triage, h.fake.submits[0].Triage, "the task starts with the triage the client is told")
}

// A resend after its due date passed answers with the task it started; a new request with that date is refused.
func TestResendAfterTheDueDatePassedIsADuplicate(t *testing.T) {
	h := newHarness(t)
	h.fake.tasks["task-req-old"] = workflows.TaskStatus{TaskID: "task-req-old", Stage: workflows.StageAssigned}
	body := `{"requestId": "%s", "taskType": "creative-stakeholder-review", "title": "Review the banner", "dueDate": "2020-01-31"}`

	again := h.do(t, http.MethodPost, "/v1/tasks", fmt.Sprintf(body, "req-old"))
	require.Equal(t, http.StatusOK, again.Code, again.Body.String())
	var got SubmitAnswer
	require.NoError(t, json.Unmarshal(again.Body.Bytes(), &got))
	require.True(t, got.Duplicate)
	require.Equal(t, "task-req-old", got.TaskID)

	fresh := h.do(t, http.MethodPost, "/v1/tasks", fmt.Sprintf(body, "req-new"))
	require.Equal(t, http.StatusUnprocessableEntity, fresh.Code, fresh.Body.String())
	e := errorBody(t, fresh.Body.Bytes())
	require.Equal(t, "dueDate", e.Field)
	require.Contains(t, e.Message, "is in the past")
	_, ok := h.fake.tasks["task-req-new"]
	require.False(t, ok, "nothing started")
}
