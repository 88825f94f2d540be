package intakeapi

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// Client is the Backend over Temporal, through an intake client.
type Client struct {
	Intake *intake.Client
	// Timeout bounds a submit, a status read or a health check, so a Temporal that
	// does not answer gives a 503 instead of a hung request; 0 means 10s.
	Timeout time.Duration
	// ActWait bounds the wait for a task's answer to an action; 0 means 10s.
	ActWait time.Duration
}

// orDefault is d, or 10s when d is not set.
func orDefault(d time.Duration) time.Duration {
	if d <= 0 {
		return 10 * time.Second
	}
	return d
}

var _ Backend = (*Client)(nil)

// Start starts the task once, for system; see intake.Client.StartFor.
func (c *Client) Start(ctx context.Context, req workflows.TaskRequest, system string) (intake.Submission, error) {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout))
	defer cancel()
	return c.Intake.StartFor(ctx, req, system)
}

// Submitter names the intake system that submitted a task; see intake.Client.Submitter.
func (c *Client) Submitter(ctx context.Context, taskID string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout))
	defer cancel()
	return c.Intake.Submitter(ctx, taskID)
}

// Started finds the task a request ID started; see intake.Client.Started.
func (c *Client) Started(ctx context.Context, requestID string) (intake.Submission, bool) {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout))
	defer cancel()
	return c.Intake.Started(ctx, requestID)
}

// Status reads the task's state through its query.
func (c *Client) Status(ctx context.Context, taskID string) (workflows.TaskStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout))
	defer cancel()
	return c.Intake.Status(ctx, taskID)
}

// Act sends the action as its signal and waits, up to ActWait, for the task's answer.
func (c *Client) Act(ctx context.Context, taskID string, action Action) (workflows.SignalRecord, error) {
	if action.send == nil {
		return workflows.SignalRecord{}, fmt.Errorf("action %q was not decoded; use DecodeAction", action.Name)
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.ActWait))
	defer cancel()
	return action.send(ctx, c.Intake, taskID)
}

// Catalog is the catalog the intake client checks requests against.
func (c *Client) Catalog() *catalog.Catalog { return c.Intake.Catalog }

// Ready asks the Temporal frontend whether it is serving.
func (c *Client) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.Timeout))
	defer cancel()
	if _, err := c.Intake.Temporal.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return fmt.Errorf("check Temporal health: %w", err)
	}
	return nil
}
