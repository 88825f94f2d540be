package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
)

// Error types (the ApplicationError "type" strings) of a failed campaign pause.
const (
	// ErrPauseRejected is a permanent failure (4xx, bad input); it is non-retryable.
	ErrPauseRejected = "PauseRejected"
	// ErrPauseUnavailable is a transient failure (5xx, 408, 429, network); it is retryable.
	ErrPauseUnavailable = "PauseUnavailable"
	// ErrPauseNotConfigured means no ad platform is configured; it is non-retryable.
	ErrPauseNotConfigured = "PauseNotConfigured"
)

const (
	// adPlatformURLEnv configures WebhookAdPlatform's endpoint.
	adPlatformURLEnv = "LANES_AD_PLATFORM_WEBHOOK_URL"
	// defaultPauseTimeout bounds a pause made with the default client; the
	// activity's StartToClose deadline, carried by ctx, normally ends a slow call first.
	defaultPauseTimeout = time.Minute
)

// PauseRequest asks the ad platform to pause one campaign.
type PauseRequest struct {
	// IdempotencyKey comes from the workflow, stable across retries, so a campaign is paused once.
	IdempotencyKey string `json:"idempotencyKey"`
	// TaskID is the task whose lost SLA asks for the pause.
	TaskID string `json:"taskId"`
	// CampaignID is the campaign to pause, as the request named it.
	CampaignID string `json:"campaignId"`
	// Reason says why the campaign is paused, for the platform's records.
	Reason string `json:"reason"`
}

// PauseResult is what the ad platform reports.
type PauseResult struct {
	// Paused says whether the campaign is now paused; a 2xx that does not say counts as paused.
	Paused bool `json:"paused"`
	// ExternalRef is the platform's reference for the change.
	ExternalRef string `json:"externalRef,omitempty"`
	// Summary says in one line what the platform did; it goes into the fallback record.
	Summary string `json:"summary"`
}

// AdPlatform pauses campaigns on an ad platform (Google Ads, Meta, a DSP) behind one small interface.
type AdPlatform interface {
	// PauseCampaign pauses req's campaign; its errors are ApplicationErrors typed with the ErrPause constants.
	PauseCampaign(ctx context.Context, req PauseRequest) (PauseResult, error)
}

// Campaigns is the activity struct the workflow calls: (*Campaigns).PauseCampaign.
type Campaigns struct {
	// Platform does the pause; nil means no ad platform is configured.
	Platform AdPlatform
}

// PauseCampaign checks req and hands it to the platform. It is the fallback a
// task takes when it loses its resolution SLA on a live campaign.
func (c *Campaigns) PauseCampaign(ctx context.Context, req PauseRequest) (PauseResult, error) {
	if err := checkPause(req); err != nil {
		return PauseResult{}, err
	}
	if c.Platform == nil {
		return PauseResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("pause campaign %s: no ad platform configured: set %s", req.CampaignID, adPlatformURLEnv),
			ErrPauseNotConfigured, nil)
	}
	// Returned as is: the platform's errors are already ApplicationErrors with their type.
	return c.Platform.PauseCampaign(ctx, req)
}

// checkPause rejects a request the platform cannot act on safely.
func checkPause(req PauseRequest) error {
	switch {
	case strings.TrimSpace(req.IdempotencyKey) == "":
		// Without the key the platform cannot tell a retry from a new request.
		return temporal.NewNonRetryableApplicationError("pause campaign: idempotencyKey: required", ErrPauseRejected, nil)
	case strings.TrimSpace(req.CampaignID) == "":
		return temporal.NewNonRetryableApplicationError(
			"pause campaign: campaignId: required; the task's intake must name the campaign to pause", ErrPauseRejected, nil)
	}
	return nil
}

// WebhookAdPlatform is the default AdPlatform: it posts the pause to an HTTP
// endpoint (an internal ads service or an automation platform).
type WebhookAdPlatform struct {
	// URL is the endpoint (LANES_AD_PLATFORM_WEBHOOK_URL); it may hold a secret, so it never appears in errors.
	URL string
	// Client makes the calls; nil means a default client with a timeout.
	Client *http.Client
}

var _ AdPlatform = (*WebhookAdPlatform)(nil)

// PauseCampaign posts req as JSON and reads the platform's PauseResult. The
// endpoint receives the Idempotency-Key header so that a retried attempt does not act twice.
func (w *WebhookAdPlatform) PauseCampaign(ctx context.Context, req PauseRequest) (PauseResult, error) {
	if w == nil || w.URL == "" {
		return PauseResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("pause campaign %s: no ad platform webhook configured: set %s", req.CampaignID, adPlatformURLEnv),
			ErrPauseNotConfigured, nil)
	}
	if err := checkPause(req); err != nil { // also checked here: the key guards a side effect
		return PauseResult{}, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return PauseResult{}, temporal.NewNonRetryableApplicationError("encode pause request", ErrPauseRejected, err)
	}
	header := jsonHeader(req.IdempotencyKey)
	header.Set("Accept", "application/json")
	header.Set("X-Lanes-Task", req.TaskID)

	r, err := postJSON(ctx, webhookClient(w.Client, defaultPauseTimeout), w.URL, header, body)
	call := webhookCall{
		target: "ad platform", doing: "pause of campaign " + req.CampaignID, fix: "fix " + adPlatformURLEnv,
		rejected: ErrPauseRejected, unavailable: ErrPauseUnavailable, notConfigured: ErrPauseNotConfigured,
	}
	if err := call.outcome(r, err); err != nil {
		return PauseResult{}, err
	}
	return pauseResult(r), nil
}

// pauseResult reads a successful answer. A 2xx means the pause happened, so a
// body that is empty, not JSON or silent on "paused" reads as paused: failing
// here would retry a pause that already took effect.
func pauseResult(r reply) PauseResult {
	var body struct {
		Paused      *bool  `json:"paused"` // nil when the answer does not say
		ExternalRef string `json:"externalRef"`
		Summary     string `json:"summary"`
	}
	if json.Unmarshal(r.body, &body) != nil {
		body.Paused, body.ExternalRef, body.Summary = nil, "", "" // drop a partial decode
	}
	res := PauseResult{Paused: body.Paused == nil || *body.Paused, ExternalRef: body.ExternalRef, Summary: body.Summary}
	if res.Summary == "" {
		res.Summary = fmt.Sprintf("ad platform answered %d", r.status)
	}
	return res
}
