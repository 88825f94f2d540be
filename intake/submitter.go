package intake

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
)

// SubmitterMemo is the memo key naming the intake system that submitted a task. It
// is a memo, not a search attribute: nobody lists tasks by it, and a memo goes
// through the client's data converter like every other payload.
const SubmitterMemo = "lanesSubmittedBy"

// Submitter names the intake system that submitted the task, or "" when none was
// recorded (a task from starter, a schedule, or from before submitters were kept).
func (c *Client) Submitter(ctx context.Context, taskID string) (string, error) {
	if err := checkTaskID(taskID); err != nil {
		return "", err
	}
	desc, err := c.Temporal.DescribeWorkflow(ctx, taskID, "")
	if err != nil {
		return "", taskError("describe", taskID, err)
	}
	var system string
	if err := desc.GetMemoValue(SubmitterMemo, &system); err != nil && !errors.Is(err, temporal.ErrNoData) {
		return "", fmt.Errorf("read the submitter of %s: %w", taskID, err)
	}
	return system, nil
}
