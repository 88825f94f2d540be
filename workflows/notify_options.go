package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
)

// withNotifyOptions is the context a notification runs in, for tasks and escalations
// alike: a chat webhook answers in well under a second, a short outage gets five
// attempts, and a notice the endpoint refused gets no more. The summary labels the
// activity in the Temporal UI.
func withNotifyOptions(ctx workflow.Context, summary string) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, MaximumInterval: 30 * time.Second, MaximumAttempts: 5,
			NonRetryableErrorTypes: []string{activities.ErrNotificationRejected},
		},
		Summary: summary,
	})
}
