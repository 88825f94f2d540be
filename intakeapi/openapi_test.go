package intakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// openAPIDoc is the part of openapi.json the tests check.
type openAPIDoc struct {
	OpenAPI    string                                 `json:"openapi"`
	Security   []map[string][]string                  `json:"security"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas   map[string]openAPISchema   `json:"schemas"`
		Responses map[string]openAPIResponse `json:"responses"`
	} `json:"components"`
}

type openAPIOperation struct {
	Parameters []struct {
		Name   string `json:"name"`
		Schema struct {
			Enum []string `json:"enum"`
		} `json:"schema"`
	} `json:"parameters"`
	Responses map[string]openAPIResponse `json:"responses"`
	// Security is nil when the document's default applies, and empty for no token.
	Security *[]map[string][]string `json:"security"`
}

type openAPIResponse struct {
	Ref     string                     `json:"$ref"`
	Headers map[string]json.RawMessage `json:"headers"`
}

type openAPISchema struct {
	Properties           map[string]openAPISchema `json:"properties"`
	Required             []string                 `json:"required"`
	AdditionalProperties *bool                    `json:"additionalProperties"`
	MaxLength            int                      `json:"maxLength"`
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	require.NoError(t, json.Unmarshal(openAPI, &doc))
	require.Equal(t, "3.0.3", doc.OpenAPI)
	return doc
}

// operation finds the documented operation of a route such as "POST /v1/tasks".
func (d openAPIDoc) operation(t *testing.T, route string) openAPIOperation {
	t.Helper()
	method, path, _ := strings.Cut(route, " ")
	op, ok := d.Paths[path][strings.ToLower(method)]
	require.True(t, ok, "%s is not in openapi.json", route)
	return op
}

// response finds a documented answer, following a $ref to components.
func (d openAPIDoc) response(t *testing.T, op openAPIOperation, code string) (openAPIResponse, bool) {
	t.Helper()
	r, ok := op.Responses[code]
	if ok && r.Ref != "" {
		name := strings.TrimPrefix(r.Ref, "#/components/responses/")
		r, ok = d.Components.Responses[name]
		require.True(t, ok, "dangling %s", name)
	}
	return r, ok
}

// documentedRoutes lists "METHOD /path" for every operation in the document.
func (d openAPIDoc) documentedRoutes() []string {
	var routes []string
	for path, item := range d.Paths {
		for method := range item {
			routes = append(routes, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	return routes
}

// servedRoutes lists "METHOD /path" for every route New registers, the codec's
// included, as when payload keys are set.
func servedRoutes() []string {
	routes := codecRoutes()
	for _, e := range (&server{}).endpoints() {
		routes = append(routes, e.method+" "+e.path)
	}
	sort.Strings(routes)
	return routes
}

// concrete fills a route's wildcards with a task the tests submit and a real action.
func concrete(path string) string {
	return strings.NewReplacer("{id}", "task-req-42", "{action}", workflows.SignalAcknowledge).Replace(path)
}

func TestOpenAPIIsServedWithoutToken(t *testing.T) {
	h := newHarness(t)
	rec := h.doAs(t, http.MethodGet, OpenAPIPath, "", "")
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, openAPI, rec.Body.Bytes())
	require.True(t, json.Valid(rec.Body.Bytes()))
}

func TestOpenAPIRoutesAreTheHandlersRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	require.Equal(t, servedRoutes(), doc.documentedRoutes())

	fake := newFake(t)
	handler, err := New(Config{Backend: fake, Tokens: testTokens, PayloadKeys: keyring(t, "2026-q1"), CodecOrigins: []string{uiOrigin}})
	require.NoError(t, err)
	h := &harness{fake: fake, handler: handler}
	require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
	for _, route := range doc.documentedRoutes() {
		t.Run(route, func(t *testing.T) {
			method, path, _ := strings.Cut(route, " ")
			rec := h.do(t, method, concrete(path), "")
			require.NotEqual(t, http.StatusMethodNotAllowed, rec.Code, rec.Body.String())
			if rec.Code == http.StatusNotFound {
				require.NotContains(t, errorBody(t, rec.Body.Bytes()).Message, "no route", "the mux has no route for %s", route)
			}
		})
	}
}

func TestOpenAPISecurityMatchesTheHandler(t *testing.T) {
	doc := loadOpenAPI(t)
	require.Equal(t, []map[string][]string{{"intakeToken": {}}, {"personToken": {}}}, doc.Security, "a token by default")
	h := newHarness(t)
	for _, e := range (&server{}).endpoints() {
		route := e.method + " " + e.path
		t.Run(route, func(t *testing.T) {
			op := doc.operation(t, route)
			_, says401 := op.Responses["401"]
			rec := h.doAs(t, e.method, concrete(e.path), "", "")
			if e.public {
				require.NotNil(t, op.Security, "a public route says security: []")
				require.Empty(t, *op.Security)
				require.False(t, says401)
				require.NotEqual(t, http.StatusUnauthorized, rec.Code)
				return
			}
			require.Nil(t, op.Security, "a guarded route takes the document's bearer default")
			require.True(t, says401)
			require.Equal(t, http.StatusUnauthorized, rec.Code)
		})
	}
}

// failingBackend is the fake with every task call failing with err, for the
// answers the fake cannot give: an internal error, an ended task, no answer yet.
type failingBackend struct {
	*fakeBackend
	err error
}

func (b failingBackend) Start(context.Context, workflows.TaskRequest, string) (intake.Submission, error) {
	return intake.Submission{}, b.err
}

func (b failingBackend) Status(context.Context, string) (workflows.TaskStatus, error) {
	return workflows.TaskStatus{}, b.err
}

func (b failingBackend) Act(context.Context, string, Action) (workflows.SignalRecord, error) {
	return workflows.SignalRecord{}, b.err
}

func TestOpenAPIDocumentsEveryAnswer(t *testing.T) {
	const (
		submit  = "POST /v1/tasks"
		status  = "GET /v1/tasks/{id}"
		act     = "POST /v1/tasks/{id}/{action}"
		ack     = "/v1/tasks/task-req-42/acknowledge"
		ackBody = `{"actor": "alice"}`
		noToken = "-"
		// person signs in as lena; stranger as someone on no roster.
		person   = "person"
		stranger = "stranger"
	)
	newBody := strings.Replace(goodBody, "req-42", "req-43", 1)
	huge := `{"actor": "alice", "note": "` + strings.Repeat("a", MaxBodyBytes) + `"}`
	keys := keyring(t, "2026-q1")
	tests := []struct {
		name, route, path, body, auth, origin string
		down                                  bool
		refuse                                string
		err                                   error
		want                                  int
	}{
		{name: "submit started", route: submit, body: newBody, want: http.StatusCreated},
		{name: "submit repeat", route: submit, body: goodBody, want: http.StatusOK},
		{name: "submit malformed", route: submit, body: `{"title": `, want: http.StatusBadRequest},
		{name: "submit no token", route: submit, body: newBody, auth: noToken, want: http.StatusUnauthorized},
		{name: "submit by a person", route: submit, body: newBody, auth: person, want: http.StatusForbidden},
		{name: "submit too large", route: submit, body: huge, want: http.StatusRequestEntityTooLarge},
		{name: "submit invalid", route: submit, body: `{"title": "x"}`, want: http.StatusUnprocessableEntity},
		{name: "submit broken", route: submit, body: newBody, err: errors.New("boom"), want: http.StatusInternalServerError},
		{name: "submit Temporal down", route: submit, body: newBody, down: true, want: http.StatusServiceUnavailable},
		{name: "status", route: status, want: http.StatusOK},
		{name: "status no token", route: status, auth: noToken, want: http.StatusUnauthorized},
		{name: "status of another system's task", route: status, auth: "jira", want: http.StatusForbidden},
		{name: "status unknown task", route: status, path: "/v1/tasks/task-nope", want: http.StatusNotFound},
		{name: "status broken", route: status, err: errors.New("boom"), want: http.StatusInternalServerError},
		{name: "status Temporal down", route: status, down: true, want: http.StatusServiceUnavailable},
		{name: "action accepted", route: act, body: ackBody, want: http.StatusOK},
		{name: "action no answer yet", route: act, body: ackBody, err: intake.ErrNoAnswer, want: http.StatusAccepted},
		{name: "action bad body", route: act, body: `{"note": "x"}`, want: http.StatusBadRequest},
		{name: "action no token", route: act, body: ackBody, auth: noToken, want: http.StatusUnauthorized},
		{name: "action without relay", route: act, body: ackBody, auth: "jira", want: http.StatusForbidden},
		{name: "action unknown action", route: act, path: "/v1/tasks/task-req-42/delete", body: ackBody, want: http.StatusNotFound},
		{name: "action unknown task", route: act, path: "/v1/tasks/task-nope/acknowledge", body: ackBody, want: http.StatusNotFound},
		{name: "action refused", route: act, body: ackBody, refuse: "only the assignee may", want: http.StatusConflict},
		{name: "action task ended", route: act, body: ackBody, err: intake.ErrTaskEnded, want: http.StatusConflict},
		{name: "action over the signal limit", route: act, body: ackBody, err: fmt.Errorf("acknowledge not sent: task task-req-42 %w", intake.ErrSignalLimit), want: http.StatusConflict},
		{name: "action too large", route: act, body: huge, want: http.StatusRequestEntityTooLarge},
		{name: "action broken", route: act, body: ackBody, err: errors.New("boom"), want: http.StatusInternalServerError},
		{name: "action Temporal down", route: act, body: ackBody, down: true, want: http.StatusServiceUnavailable},
		{name: "catalog", route: "GET /v1/catalog", want: http.StatusOK},
		{name: "catalog no token", route: "GET /v1/catalog", auth: noToken, want: http.StatusUnauthorized},
		{name: "catalog by a stranger", route: "GET /v1/catalog", auth: stranger, want: http.StatusForbidden},
		{name: "catalog rosters unreadable", route: "GET /v1/catalog", auth: person, down: true, want: http.StatusServiceUnavailable},
		{name: "openapi", route: "GET " + OpenAPIPath, auth: noToken, want: http.StatusOK},
		{name: "healthz", route: "GET /healthz", auth: noToken, want: http.StatusOK},
		{name: "readyz", route: "GET /readyz", auth: noToken, want: http.StatusOK},
		{name: "readyz Temporal down", route: "GET /readyz", auth: noToken, down: true, want: http.StatusServiceUnavailable},
	}
	brief, err := converter.GetDefaultDataConverter().ToPayload("Review spring hero banner")
	require.NoError(t, err)
	sealed, err := keys.Encode([]*commonpb.Payload{brief})
	require.NoError(t, err)
	retired, err := keyring(t, "2025-q4").Encode([]*commonpb.Payload{brief})
	require.NoError(t, err)
	for _, op := range []string{"encode", "decode"} {
		post, preflight := "POST "+CodecPath+"/"+op, "OPTIONS "+CodecPath+"/"+op
		payloads := payloadsJSON(t, brief)
		if op == "decode" {
			payloads = payloadsJSON(t, sealed...)
		}
		tests = append(tests, []struct {
			name, route, path, body, auth, origin string
			down                                  bool
			refuse                                string
			err                                   error
			want                                  int
		}{
			{name: op + " from the UI", route: post, body: payloads, origin: uiOrigin, want: http.StatusOK},
			{name: op + " by a person", route: post, body: payloads, auth: person, want: http.StatusOK},
			{name: op + " not payloads", route: post, body: `{"payloads": 3}`, want: http.StatusBadRequest},
			{name: op + " no token", route: post, body: payloads, auth: noToken, want: http.StatusUnauthorized},
			{name: op + " without read-all", route: post, body: payloads, auth: "jira", want: http.StatusForbidden},
			{name: op + " under a retired key", route: post, body: payloadsJSON(t, retired...), want: map[string]int{"encode": http.StatusOK, "decode": http.StatusForbidden}[op]},
			{name: op + " from another origin", route: post, body: payloads, origin: "https://evil.example", want: http.StatusForbidden},
			{name: op + " too large", route: post, body: `{"payloads": [{"data": "` + strings.Repeat("A", maxCodecBodyBytes) + `"}]}`, want: http.StatusRequestEntityTooLarge},
			{name: op + " rosters unreadable", route: post, body: payloads, auth: person, down: true, want: http.StatusServiceUnavailable},
			{name: op + " preflight", route: preflight, auth: noToken, origin: uiOrigin, want: http.StatusNoContent},
			{name: op + " preflight from another origin", route: preflight, auth: noToken, origin: "https://evil.example", want: http.StatusForbidden},
		}...)
	}
	doc := loadOpenAPI(t)
	observed := map[string]map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t)
			_, err := fake.Start(context.Background(), workflows.TaskRequest{RequestID: "req-42", TaskType: "creative-stakeholder-review", Title: "x"}, "forms")
			require.NoError(t, err)
			fake.down, fake.refuse = tt.down, tt.refuse
			var backend Backend = fake
			if tt.err != nil {
				backend = failingBackend{fakeBackend: fake, err: tt.err}
			}
			signIn, iss, _ := newSignIn(t, fake)
			handler, err := New(Config{Backend: backend, Tokens: testTokens, SignIn: signIn, PayloadKeys: keys, CodecOrigins: []string{uiOrigin}})
			require.NoError(t, err)
			h := &harness{fake: fake, handler: handler}

			method, template, _ := strings.Cut(tt.route, " ")
			path := tt.path
			if path == "" {
				path = concrete(template)
			}
			auth := "Bearer " + testTokens[0].Value
			switch tt.auth {
			case noToken:
				auth = ""
			case "jira":
				auth = "Bearer " + testTokens[1].Value
			case person, stranger:
				email := map[string]string{person: "lena@example.com", stranger: "mallory@example.com"}[tt.auth]
				auth = "Bearer " + iss.token(t, iss.claims(email))
			}
			req := httptest.NewRequest(method, path, strings.NewReader(tt.body))
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			rec := h.serve(t, req)
			require.Equal(t, tt.want, rec.Code, rec.Body.String())

			code := rec.Result().Status[:3]
			resp, ok := doc.response(t, doc.operation(t, tt.route), code)
			require.True(t, ok, "%s answers %s, which openapi.json does not document", tt.route, code)
			for name := range resp.Headers {
				require.NotEmpty(t, rec.Header().Get(name), "documented header %s", name)
			}
			if observed[tt.route] == nil {
				observed[tt.route] = map[string]bool{}
			}
			observed[tt.route][code] = true
		})
	}
	for _, route := range doc.documentedRoutes() {
		for code := range doc.operation(t, route).Responses {
			require.True(t, observed[route][code], "%s documents %s, which no test drives", route, code)
		}
	}
}

func TestOpenAPIActionsAreActions(t *testing.T) {
	doc := loadOpenAPI(t)
	op := doc.operation(t, "POST /v1/tasks/{id}/{action}")
	var enum []string
	for _, p := range op.Parameters {
		if p.Name == "action" {
			enum = p.Schema.Enum
		}
	}
	require.Equal(t, Actions(), enum)
}

// tagNames lists a struct's JSON field names and those without omitempty.
func tagNames(t reflect.Type) (names, always []string) {
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
		if !strings.Contains(opts, "omitempty") {
			always = append(always, name)
		}
	}
	sort.Strings(names)
	return names, always
}

func propertyNames(m map[string]openAPISchema) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func TestOpenAPISchemasMatchTheGoTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc.Components.Schemas

	req := schemas["TaskRequest"]
	names, _ := tagNames(reflect.TypeFor[workflows.TaskRequest]())
	names = slices.DeleteFunc(names, func(n string) bool { return n == "triage" }) // intake's output, refused as input
	require.Equal(t, names, propertyNames(req.Properties))
	require.Equal(t, strings.Join(names, ", "), strings.Join(sortedNames(strings.Split(requestFields, ", ")), ", "), "the fields an unknown-field error lists")
	required := sortedNames(req.Required)
	require.Equal(t, []string{"taskType", "title"}, required)
	require.NotNil(t, req.AdditionalProperties)
	require.False(t, *req.AdditionalProperties, "unknown fields are refused")

	for name, typ := range map[string]reflect.Type{
		"RICE": reflect.TypeFor[catalog.RICE](), "PriorityFactors": reflect.TypeFor[catalog.PriorityFactors](),
		"Governance": reflect.TypeFor[workflows.Governance](), "Triage": reflect.TypeFor[catalog.Triage](),
	} {
		names, always := tagNames(typ)
		require.Equal(t, names, propertyNames(schemas[name].Properties), name)
		require.ElementsMatch(t, always, schemas[name].Required, name)
	}

	statusFields, statusAlways := tagNames(reflect.TypeFor[workflows.TaskStatus]())
	require.Equal(t, statusFields, propertyNames(schemas["TaskStatus"].Properties), "every field the status answers with")
	require.ElementsMatch(t, statusAlways, schemas["TaskStatus"].Required, "the fields every status has")

	// An action's texts have the bounds the task refuses past.
	action := schemas["ActionRequest"].Properties
	for field, limit := range map[string]int{
		"signalId": workflows.MaxSignalIDLength, "actor": workflows.MaxNameLength, "to": workflows.MaxNameLength,
		"note": workflows.MaxNoteLength, "reason": workflows.MaxReasonLength, "dependency": workflows.MaxReasonLength,
	} {
		require.Equal(t, limit, action[field].MaxLength, "ActionRequest.%s maxLength", field)
	}

	scores := schemas["Scores"]
	names, always := tagNames(reflect.TypeFor[catalog.Scores]())
	require.Equal(t, names, propertyNames(scores.Properties))
	require.ElementsMatch(t, always, scores.Required)

	errSchema := schemas["Error"].Properties["error"]
	names, always = tagNames(reflect.TypeFor[apiError]())
	require.Equal(t, names, propertyNames(errSchema.Properties))
	require.ElementsMatch(t, always, errSchema.Required)
}

func sortedNames(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
