package bench

import (
	"context"
	"time"

	"go.temporal.io/sdk/workflow"
)

// BaselineInput is the engine baseline's input: one workflow, one activity.
type BaselineInput struct {
	ID string `json:"id"`
}

// BaselineResult is the engine baseline's output.
type BaselineResult struct {
	Echo string `json:"echo"`
}

// BaselineWorkflow is the smallest useful workflow: one activity and done. The
// bench runs it beside Lanes' lifecycles, on the same server and worker process,
// so Lanes' figures read as a ratio of what the engine itself does.
func BaselineWorkflow(ctx workflow.Context, in BaselineInput) (BaselineResult, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var out BaselineResult
	err := workflow.ExecuteActivity(ctx, BaselineActivity, in).Get(ctx, &out)
	return out, err
}

// BaselineActivity echoes its input.
func BaselineActivity(_ context.Context, in BaselineInput) (BaselineResult, error) {
	return BaselineResult{Echo: in.ID}, nil
}
