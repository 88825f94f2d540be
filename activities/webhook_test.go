package activities

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testAction = "pause-paid-campaign"

func testRequest() AutomationRequest {
	return AutomationRequest{
		IdempotencyKey: "task-42/pause-paid-campaign",
		TaskID:         "task-42",
		TaskType:       "live-campaign-outage",
		Action:         testAction,
		Title:          "Pause spring sale",
		CampaignID:     "cmp-7",
		Payload:        json.RawMessage(`{"network":"google-ads"}`),
	}
}

func TestWebhookExecutorSendsRequestAndReadsResult(t *testing.T) {
	req := testRequest()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, req.IdempotencyKey, r.Header.Get("Idempotency-Key"))
		assert.Equal(t, testAction, r.Header.Get("X-Lanes-Action"))
		assert.Equal(t, "task-42", r.Header.Get("X-Lanes-Task"))
		var got AutomationRequest
		assert.NoError(t, json.NewDecoder(r.Body).Decode(&got))
		assert.Equal(t, req, got)
		_, _ = io.WriteString(w, `{"summary":"paused 3 ad groups","externalRef":"gads-123","details":{"adGroups":3},"unknown":true}`)
	}))
	defer srv.Close()

	res, err := runAutomation(t, &WebhookExecutor{Pool: "cloud", URL: srv.URL}, testAction, req)
	require.NoError(t, err)
	assert.Equal(t, "paused 3 ad groups", res.Summary)
	assert.Equal(t, "gads-123", res.ExternalRef)
	assert.JSONEq(t, `{"adGroups":3}`, string(res.Details))
}

func TestWebhookExecutorSuccessWithoutResult(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{name: "empty body", status: http.StatusNoContent, want: "rpa webhook answered 204"},
		{name: "not JSON", status: http.StatusOK, body: "OK", want: "rpa webhook answered 200"},
		{name: "JSON without summary", status: http.StatusAccepted, body: `{"externalRef":"run-9"}`, want: "rpa webhook answered 202"},
		{name: "over 1 MiB", status: http.StatusOK, body: `{"summary":"` + strings.Repeat("x", maxResponseBytes) + `"}`, want: "rpa webhook answered 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()

			res, err := runAutomation(t, &WebhookExecutor{Pool: "rpa", URL: srv.URL}, testAction, testRequest())
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Summary)
		})
	}
}

func TestWebhookExecutorFailedStatus(t *testing.T) {
	tests := []struct {
		status    int
		wantType  string
		retryable bool
	}{
		{status: http.StatusBadRequest, wantType: ErrAutomationRejected},
		{status: http.StatusNotFound, wantType: ErrAutomationRejected},
		{status: http.StatusRequestTimeout, wantType: ErrAutomationUnavailable, retryable: true},
		{status: http.StatusTooManyRequests, wantType: ErrAutomationUnavailable, retryable: true},
		{status: http.StatusServiceUnavailable, wantType: ErrAutomationUnavailable, retryable: true},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				calls.Add(1)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, "campaign cmp-7 "+strings.Repeat("z", 1000))
			}))
			defer srv.Close()

			_, err := runAutomation(t, &WebhookExecutor{Pool: "cloud", URL: srv.URL}, testAction, testRequest())
			appErr := requireAppError(t, err, tt.wantType, tt.retryable)
			msg := appErr.Error()
			assert.Contains(t, msg, "cloud")
			assert.Contains(t, msg, testAction)
			assert.Contains(t, msg, http.StatusText(tt.status))
			assert.Contains(t, msg, "campaign cmp-7 zzz")
			assert.NotContains(t, msg, strings.Repeat("z", 300), "only the first 300 bytes of the body")
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

func TestWebhookExecutorServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/hooks/SECRET-TOKEN"
	srv.Close()

	_, err := runAutomation(t, &WebhookExecutor{Pool: "rpa", URL: url}, testAction, testRequest())
	appErr := requireAppError(t, err, ErrAutomationUnavailable, true)
	assert.NotContains(t, appErr.Error(), "SECRET-TOKEN", "webhook URLs stay out of workflow history")
}

func TestWebhookExecutorNotConfigured(t *testing.T) {
	for pool, env := range map[string]string{"rpa": "LANES_RPA_WEBHOOK_URL", "cloud": "LANES_CLOUD_WEBHOOK_URL"} {
		t.Run(pool, func(t *testing.T) {
			_, err := runAutomation(t, &WebhookExecutor{Pool: pool}, testAction, testRequest())
			appErr := requireAppError(t, err, ErrAutomationNotConfigured, false)
			assert.Contains(t, appErr.Error(), env)
		})
	}
}

func TestWebhookExecutorRequiresIdempotencyKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("the webhook must not be called without an idempotency key")
	}))
	defer srv.Close()

	req := testRequest()
	req.IdempotencyKey = ""
	_, err := runAutomation(t, &WebhookExecutor{Pool: "rpa", URL: srv.URL}, testAction, req)
	appErr := requireAppError(t, err, ErrAutomationRejected, false)
	assert.Contains(t, appErr.Error(), "idempotencyKey")
}
