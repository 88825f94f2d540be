package lanesworker_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/workflows"
)

const (
	loadToken   = "load-test-token-0123456789abcdef"
	loadValid   = 160 // unique valid requests; 20 duplicates and 20 invalid ones make 200
	loadClients = 20
)

// loadCase is one POST of the load test and the answer it must get.
type loadCase struct {
	name string
	// requestID names the task a valid request starts or finds; an invalid one's must start nothing.
	requestID string
	body      string
	token     string
	invalid   bool
	wantCode  int
	// wantField is the field an invalid request's error names; "body" is the body as a whole,
	// whose errors name it at the start of the message rather than in "field".
	wantField string
}

// validLoadCase is a request the service takes: a UTM check, or every eighth a creative
// review, which the marketing-ops roster books or queues.
func validLoadCase(i int) loadCase {
	id := fmt.Sprintf("load-%03d", i)
	body := fmt.Sprintf(`{"requestId": %q, "taskType": "utm-naming-validation", "title": "load %d", "payload": %s}`, id, i, bench.UTMPayload)
	if i%8 == 0 {
		body = fmt.Sprintf(`{"requestId": %q, "taskType": "creative-stakeholder-review", "title": "load %d", "requester": "pat"}`, id, i)
	}
	return loadCase{name: "valid " + id, requestID: id, body: body, token: loadToken, wantCode: http.StatusCreated}
}

// invalidLoadCases are twenty invalid requests, two of each kind, each with a request ID of its own.
func invalidLoadCases() []loadCase {
	kinds := []struct {
		name, body, token, field string
		code                     int
	}{
		{"malformed JSON", `{"requestId": "%s", "title": `, loadToken, "body", http.StatusBadRequest},
		{"unknown field", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": "x", "priority": 1}`, loadToken, "priority", http.StatusBadRequest},
		{"wrong type", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": 42}`, loadToken, "title", http.StatusBadRequest},
		{"missing title", `{"requestId": "%s", "taskType": "utm-naming-validation"}`, loadToken, "title", http.StatusUnprocessableEntity},
		{"unknown taskType", `{"requestId": "%s", "taskType": "moon-landing", "title": "x"}`, loadToken, "taskType", http.StatusUnprocessableEntity},
		{"scores out of range", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": "x", "scores": {"latency": 9, "criticality": 2, "automation": 5}}`, loadToken, "scores.latency", http.StatusUnprocessableEntity},
		{"payload over 64 KiB", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": "x", "payload": {"urls": ["https://example.com/?q=` + strings.Repeat("a", workflows.MaxPayloadBytes) + `"]}}`, loadToken, "payload", http.StatusUnprocessableEntity},
		{"body over 1 MiB", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": "x", "description": "` + strings.Repeat("a", intakeapi.MaxBodyBytes) + `"}`, loadToken, "body", http.StatusRequestEntityTooLarge},
		{"wrong token", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": "x"}`, "not-the-token-0123456789abcdef", "Authorization", http.StatusUnauthorized},
		{"no token", `{"requestId": "%s", "taskType": "utm-naming-validation", "title": "x"}`, "", "Authorization", http.StatusUnauthorized},
	}
	var cases []loadCase
	for round := range 2 {
		for k, kind := range kinds {
			id := fmt.Sprintf("bad-%d-%d", round, k)
			cases = append(cases, loadCase{name: "invalid " + kind.name, requestID: id, body: fmt.Sprintf(kind.body, id),
				token: kind.token, invalid: true, wantCode: kind.code, wantField: kind.field})
		}
	}
	return cases
}

// loadPlan is the 200 requests in sending order: each valid one, ten of them resent right
// behind (two clients send them at once), an invalid one after every eighth, and ten
// more valid ones resent at the end.
func loadPlan() []loadCase {
	invalid := invalidLoadCases()
	var plan []loadCase
	for i := range loadValid {
		plan = append(plan, validLoadCase(i))
		if i%16 == 5 {
			plan = append(plan, validLoadCase(i))
		}
		if i%8 == 7 {
			plan = append(plan, invalid[i/8])
		}
	}
	for i := 1; i < loadValid; i += 16 {
		plan = append(plan, validLoadCase(i))
	}
	return plan
}

// isReview says whether a load task is one of the creative reviews (every eighth request).
func isReview(taskID string) bool {
	var i int
	_, err := fmt.Sscanf(taskID, "task-load-%d", &i)
	return err == nil && i%8 == 0
}
