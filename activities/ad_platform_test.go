package activities

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testPause() PauseRequest {
	return PauseRequest{IdempotencyKey: "task-42/pause/1", TaskID: "task-42", CampaignID: "cmp-7", Reason: "resolution SLA lost"}
}

// pauseCampaign runs (*Campaigns).PauseCampaign the way the worker registers it.
func pauseCampaign(t *testing.T, platform AdPlatform, req PauseRequest) (PauseResult, error) {
	t.Helper()
	env := newActivityEnv()
	env.RegisterActivity(&Campaigns{Platform: platform})
	val, err := env.ExecuteActivity("PauseCampaign", req)
	if err != nil {
		return PauseResult{}, err
	}
	var res PauseResult
	require.NoError(t, val.Get(&res))
	return res, nil
}

func TestWebhookAdPlatformSendsPause(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, "task-42/pause/1", r.Header.Get("Idempotency-Key"))
		assert.Equal(t, "task-42", r.Header.Get("X-Lanes-Task"))
		var got PauseRequest
		assert.NoError(t, json.NewDecoder(r.Body).Decode(&got))
		assert.Equal(t, testPause(), got)
		_, _ = io.WriteString(w, `{"paused":true,"externalRef":"gads-123","summary":"paused cmp-7"}`)
	}))
	defer srv.Close()

	res, err := pauseCampaign(t, &WebhookAdPlatform{URL: srv.URL}, testPause())
	require.NoError(t, err)
	assert.Equal(t, PauseResult{Paused: true, ExternalRef: "gads-123", Summary: "paused cmp-7"}, res)
}

func TestWebhookAdPlatformSuccessWithoutResult(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   PauseResult
	}{
		{name: "empty body", status: http.StatusNoContent, want: PauseResult{Paused: true, Summary: "ad platform answered 204"}},
		{name: "not JSON", status: http.StatusOK, body: "OK", want: PauseResult{Paused: true, Summary: "ad platform answered 200"}},
		{name: "no paused field", status: http.StatusAccepted, body: `{"externalRef":"r-9"}`, want: PauseResult{Paused: true, ExternalRef: "r-9", Summary: "ad platform answered 202"}},
		{name: "not paused", status: http.StatusOK, body: `{"paused":false,"summary":"already paused"}`, want: PauseResult{Summary: "already paused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()

			res, err := pauseCampaign(t, &WebhookAdPlatform{URL: srv.URL}, testPause())
			require.NoError(t, err)
			assert.Equal(t, tt.want, res)
		})
	}
}

func TestWebhookAdPlatformFailedStatus(t *testing.T) {
	tests := []struct {
		status    int
		wantType  string
		retryable bool
	}{
		{status: http.StatusBadRequest, wantType: ErrPauseRejected},
		{status: http.StatusNotFound, wantType: ErrPauseRejected},
		{status: http.StatusRequestTimeout, wantType: ErrPauseUnavailable, retryable: true},
		{status: http.StatusTooManyRequests, wantType: ErrPauseUnavailable, retryable: true},
		{status: http.StatusServiceUnavailable, wantType: ErrPauseUnavailable, retryable: true},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				calls.Add(1)
				http.Error(w, "campaign_locked", tt.status)
			}))
			defer srv.Close()

			_, err := pauseCampaign(t, &WebhookAdPlatform{URL: srv.URL}, testPause())
			appErr := requireAppError(t, err, tt.wantType, tt.retryable)
			assert.Contains(t, appErr.Error(), "cmp-7")
			assert.Contains(t, appErr.Error(), "campaign_locked")
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

func TestWebhookAdPlatformBadEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	down := srv.URL + "/hooks/SECRET-TOKEN"
	srv.Close()
	tests := []struct {
		name, url, wantType string
		retryable           bool
	}{
		{name: "server down", url: down, wantType: ErrPauseUnavailable, retryable: true},
		{name: "invalid URL", url: "http://[::1/hooks/SECRET-TOKEN", wantType: ErrPauseNotConfigured},
		{name: "no URL", wantType: ErrPauseNotConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pauseCampaign(t, &WebhookAdPlatform{URL: tt.url}, testPause())
			appErr := requireAppError(t, err, tt.wantType, tt.retryable)
			assert.NotContains(t, appErr.Error(), "SECRET-TOKEN", "webhook URLs stay out of workflow history")
			if !tt.retryable {
				assert.Contains(t, appErr.Error(), "LANES_AD_PLATFORM_WEBHOOK_URL")
			}
		})
	}
}

func TestPauseCampaignRejectsIncompleteRequest(t *testing.T) {
	tests := []struct {
		name, field string
		edit        func(*PauseRequest)
	}{
		{name: "no campaign", field: "campaignId: required; the task's intake must name the campaign", edit: func(r *PauseRequest) { r.CampaignID = " " }},
		{name: "no idempotency key", field: "idempotencyKey: required", edit: func(r *PauseRequest) { r.IdempotencyKey = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
				t.Error("the ad platform must not be called with an incomplete request")
			}))
			defer srv.Close()
			req := testPause()
			tt.edit(&req)
			_, err := pauseCampaign(t, &WebhookAdPlatform{URL: srv.URL}, req)
			appErr := requireAppError(t, err, ErrPauseRejected, false)
			assert.Contains(t, appErr.Error(), tt.field)
		})
	}
}

func TestPauseCampaignWithoutPlatform(t *testing.T) {
	_, err := pauseCampaign(t, nil, testPause())
	appErr := requireAppError(t, err, ErrPauseNotConfigured, false)
	assert.Contains(t, appErr.Error(), "LANES_AD_PLATFORM_WEBHOOK_URL")
}
