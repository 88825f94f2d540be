package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// defaultAutomationTimeout bounds a call made with the default client. It is
// longer than any automation timeout in the catalog (15m) so that the
// activity's StartToClose deadline, carried by ctx, is what ends a slow
// automation; the client timeout only catches calls made without a deadline.
const defaultAutomationTimeout = 30 * time.Minute

// WebhookExecutor runs automations by posting them to a pool's webhook: the
// RPA bots or the cloud jobs. The endpoint does the work and answers with an
// AutomationResult.
type WebhookExecutor struct {
	// Pool names the executor pool, "rpa" or "cloud"; it appears in messages.
	Pool string
	// URL is the pool's webhook; empty means the pool is not configured.
	URL string
	// Client makes the calls; nil means a default client with a timeout.
	Client *http.Client
	// Callbacks, when set, lets the endpoint answer 202 Accepted and report the job later:
	// each call carries a callback URL, and the activity waits for it (its type's
	// automation.callback). Nil makes every 2xx the job's result.
	Callbacks *Callbacks
}

var _ Automation = (*WebhookExecutor)(nil)

// Run posts req to the pool's webhook and reads the result. The endpoint
// receives the Idempotency-Key header so that a retried attempt does not act twice.
func (e *WebhookExecutor) Run(ctx context.Context, req AutomationRequest) (AutomationResult, error) {
	if e.URL == "" {
		return AutomationResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("no %s webhook configured for %s: set %s", e.Pool, req.Action, e.urlEnv()),
			ErrAutomationNotConfigured, nil)
	}
	if req.IdempotencyKey == "" {
		// Without the key the endpoint cannot tell a retry from a new request.
		return AutomationResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("%s %s: idempotencyKey: required", e.Pool, req.Action), ErrAutomationRejected, nil)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return AutomationResult{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("encode %s request", req.Action), ErrAutomationRejected, err)
	}
	header := jsonHeader(req.IdempotencyKey)
	header.Set("Accept", "application/json")
	header.Set("X-Lanes-Action", req.Action)
	header.Set("X-Lanes-Task", req.TaskID)
	if e.Callbacks != nil {
		info := activity.GetInfo(ctx)
		id, callbackURL := e.Callbacks.Issue(CallbackTarget{
			WorkflowID: info.WorkflowExecution.ID, RunID: info.WorkflowExecution.RunID, ActivityID: info.ActivityID,
		})
		header.Set(CallbackURLHeader, callbackURL)
		header.Set(CallbackIDHeader, id)
	}

	r, err := postJSON(ctx, webhookClient(e.Client, defaultAutomationTimeout), e.URL, header, body)
	call := webhookCall{
		target: e.Pool + " webhook", doing: req.Action, fix: "fix " + e.urlEnv(),
		rejected: ErrAutomationRejected, unavailable: ErrAutomationUnavailable, notConfigured: ErrAutomationNotConfigured,
	}
	if err := call.outcome(r, err); err != nil {
		return AutomationResult{}, err
	}
	if e.Callbacks != nil && r.status == http.StatusAccepted {
		// The job runs on; the callback route completes this activity when it reports.
		return AutomationResult{}, activity.ErrResultPending
	}
	return e.result(r), nil
}

// urlEnv is the environment variable that configures the pool's webhook, such as LANES_RPA_WEBHOOK_URL.
func (e *WebhookExecutor) urlEnv() string {
	return "LANES_" + strings.ToUpper(e.Pool) + "_WEBHOOK_URL"
}

// result reads a successful answer. The work is done whatever the body says,
// so a body that is empty or not an AutomationResult still succeeds: failing
// here would retry an action that already happened.
func (e *WebhookExecutor) result(r reply) AutomationResult {
	var res AutomationResult
	if len(r.body) > 0 {
		if err := json.Unmarshal(r.body, &res); err != nil {
			res = AutomationResult{}
		}
	}
	if res.Summary == "" {
		res.Summary = fmt.Sprintf("%s webhook answered %d", e.Pool, r.status)
	}
	return res
}
