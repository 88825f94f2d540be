package intakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"
)

// documentedAnswers is openapi.json read by kin-openapi: a router over its
// operations, and the Error schema of answers to paths no route serves.
type documentedAnswers struct {
	router    routers.Router
	errSchema *openapi3.Schema
}

// loadDocumentedAnswers reads and validates openapi.json once for every test.
var loadDocumentedAnswers = sync.OnceValues(func() (*documentedAnswers, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPI)
	if err != nil {
		return nil, fmt.Errorf("load openapi.json: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi.json is not valid OpenAPI: %w", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.json: %w", err)
	}
	errSchema, ok := doc.Components.Schemas["Error"]
	if !ok || errSchema.Value == nil {
		return nil, errors.New("openapi.json has no Error schema")
	}
	return &documentedAnswers{router: router, errSchema: errSchema.Value}, nil
})

// checkAnswer fails t unless openapi.json documents the answer to req.
func checkAnswer(t *testing.T, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	require.NoError(t, undocumented(req, status, header, body),
		"%s %s answered %d, which openapi.json does not describe: %s", req.Method, req.URL.Path, status, body)
}

// undocumented says how an answer to req differs from openapi.json: a status the
// route does not list, or headers or a body its schemas refuse. A path or method
// no route serves must be answered 401, 404 or 405 with the Error schema.
func undocumented(req *http.Request, status int, header http.Header, body []byte) error {
	docs, err := loadDocumentedAnswers()
	if err != nil {
		return err
	}
	// The document's server is "/": route on the path alone, whatever host served it.
	onPath := req.Clone(context.Background())
	onPath.URL = &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath}
	route, params, err := docs.router.FindRoute(onPath)
	if err == nil && slices.Contains(slices.Collect(maps.Values(params)), "") {
		// The router lets a path parameter match nothing, as in GET /v1/tasks/; the service routes no such path.
		err = fmt.Errorf("empty path parameter in %s", route.Path)
	}
	if err != nil {
		if !slices.Contains([]int{http.StatusUnauthorized, http.StatusNotFound, http.StatusMethodNotAllowed}, status) {
			return fmt.Errorf("no documented route (%w), yet status %d", err, status)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return fmt.Errorf("body is not JSON: %w", err)
		}
		if err := docs.errSchema.VisitJSON(v, openapi3.VisitAsResponse()); err != nil {
			return fmt.Errorf("no documented route, and not the Error schema: %w", err)
		}
		return nil
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: onPath, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	input.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.Background(), input)
}

// The check itself: answers the document does not describe are caught.
func TestUndocumentedAnswersAreCaught(t *testing.T) {
	jsonHeader := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	record := `{"signalId": "sig-1", "name": "complete", "actor": "mallory", "at": "2026-12-01T10:00:00Z", "accepted": false, "reason": "only the assignee may"}`
	tests := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		ok                 bool
	}{
		{name: "a documented refusal", method: http.MethodPost, path: "/v1/tasks/task-1/complete", status: http.StatusConflict, header: jsonHeader,
			body: `{"error": {"field": "action", "message": "the task refused complete: only the assignee may", "signal": ` + record + `}}`, ok: true},
		{name: "a refusal as a bare signal record", method: http.MethodPost, path: "/v1/tasks/task-1/complete", status: http.StatusConflict, header: jsonHeader, body: record},
		{name: "an error with a field Error lacks", method: http.MethodGet, path: "/v1/tasks/task-1", status: http.StatusNotFound, header: jsonHeader,
			body: `{"error": {"message": "no task", "hint": "x"}}`},
		{name: "an error without its message", method: http.MethodGet, path: "/v1/tasks/task-1", status: http.StatusNotFound, header: jsonHeader, body: `{"error": {"field": "id"}}`},
		{name: "a status the route does not list", method: http.MethodGet, path: "/v1/catalog", status: http.StatusTeapot, header: jsonHeader, body: `{"error": {"message": "tea"}}`},
		{name: "a catalog without its task types", method: http.MethodGet, path: "/v1/catalog", status: http.StatusOK, header: jsonHeader, body: `{"ref": "1@abc"}`},
		{name: "an accepted action without accepted", method: http.MethodPost, path: "/v1/tasks/task-1/acknowledge", status: http.StatusOK, header: jsonHeader,
			body: `{"name": "acknowledge", "at": "2026-12-01T10:00:00Z"}`},
		{name: "a submit answer that is text", method: http.MethodPost, path: "/v1/tasks", status: http.StatusCreated, header: http.Header{"Content-Type": {"text/plain"}}, body: `started`},
		{name: "a status with an unknown lane", method: http.MethodGet, path: "/v1/tasks/task-1", status: http.StatusOK, header: jsonHeader,
			body: `{"taskId": "task-1", "request": {}, "stage": "received", "lane": "robot"}`},
		{name: "a 503 whose Retry-After is no number", method: http.MethodGet, path: "/readyz", status: http.StatusServiceUnavailable,
			header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {"soon"}}, body: `{"error": {"message": "down"}}`},
		{name: "no route, answered in the Error shape", method: http.MethodGet, path: "/v2/things", status: http.StatusNotFound, header: jsonHeader,
			body: `{"error": {"message": "no route /v2/things"}}`, ok: true},
		{name: "no route, answered otherwise", method: http.MethodGet, path: "/v2/things", status: http.StatusNotFound, header: jsonHeader, body: `{"message": "no route"}`},
		{name: "no route, yet 200", method: http.MethodGet, path: "/v1/tasks/", status: http.StatusOK, header: jsonHeader, body: `{"error": {"message": "x"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := undocumented(httptest.NewRequest(tt.method, tt.path, nil), tt.status, tt.header, []byte(tt.body))
			if tt.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
		})
	}
}
