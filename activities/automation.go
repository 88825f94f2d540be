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
	IdempotencyKey string          `json:"idempotencyKey"` // stable across retries, from the workflow
	TaskID         string          `json:"taskId"`
	TaskType       string          `json:"taskType"`
	Action         string          `json:"action"`
	Title          string          `json:"title"`
	CampaignID     string          `json:"campaignId,omitempty"`
	Payload        json.RawMessage `json:"payload,omitempty"`
}

// AutomationResult is what an automation reports back.
type AutomationResult struct {
	Summary     string          `json:"summary"`
	ExternalRef string          `json:"externalRef,omitempty"`
	Details     json.RawMessage `json:"details,omitempty"`
}

// Automation runs one action; each is registered as a Temporal activity named after its action.
type Automation interface {
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
