// Package activities holds the Temporal activities Lanes runs: the automations
// that act on a task (webhooks to the RPA and cloud pools, and checks Lanes does
// itself) and the notifications that tell people about a task.
//
// Every error that leaves an activity is a *temporal.ApplicationError returned
// as is, never wrapped with fmt.Errorf: the SDK reads the type and the
// non-retryable flag off the returned value itself, so wrapping would turn a
// permanent failure into a retried one. Context goes into the message instead.
package activities

import (
	"context"
	"encoding/json"
)

// AutomationRequest is what an automation receives for one task.
type AutomationRequest struct {
	// IdempotencyKey is stable across retries, from the workflow, so the endpoint acts once.
	IdempotencyKey string `json:"idempotencyKey"`
	// TaskID is the task's workflow ID, so the endpoint can trace its work back.
	TaskID string `json:"taskId"`
	// TaskType is the catalog task type ID.
	TaskType string `json:"taskType"`
	// Action names the automation to run, such as "validate-utm-naming".
	Action string `json:"action"`
	// Title is the request's one-line ask.
	Title string `json:"title"`
	// CampaignID is the campaign the task concerns, when the request names one.
	CampaignID string `json:"campaignId,omitempty"`
	// Payload is the request's payload as intake sent it, such as the URLs to validate.
	Payload json.RawMessage `json:"payload,omitempty"`
}

// AutomationResult is what an automation reports back.
type AutomationResult struct {
	// Summary says in one line what the automation did; people read it in notices and the task's note.
	Summary string `json:"summary"`
	// ExternalRef points to the work in the system that did it, such as a job or ticket ID.
	ExternalRef string `json:"externalRef,omitempty"`
	// Details is the automation's own structured report, such as a UTMReport.
	Details json.RawMessage `json:"details,omitempty"`
}

// Automation runs one action; each is registered as a Temporal activity named after its action.
type Automation interface {
	// Run does the action for one task; its errors are ApplicationErrors typed with the ErrAutomation constants.
	Run(ctx context.Context, req AutomationRequest) (AutomationResult, error)
}

// Error types (the ApplicationError "type" strings) the workflow reads.
const (
	// ErrAutomationRejected is a permanent failure (4xx, bad input); it is non-retryable.
	ErrAutomationRejected = "AutomationRejected"
	// ErrAutomationUnavailable is a transient failure (5xx, 408, 429, network); it is retryable.
	ErrAutomationUnavailable = "AutomationUnavailable"
	// ErrAutomationNotConfigured means no endpoint is configured for the pool; it is non-retryable.
	ErrAutomationNotConfigured = "AutomationNotConfigured"
)
