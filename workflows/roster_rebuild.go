package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/roster"
)

// A roster started again after it was terminated rebuilds what the team's tasks can
// tell it: the places its open tasks hold (each is asked), and the last week's
// completions with the counts they make (read from the closed tasks' results).

// askTasksToResync lists the team's open tasks and asks each to tell the roster the
// place it holds: a roster started again after it was terminated gets its bookings
// back. The questions go out a batch at a time, within Temporal's limit on a
// workflow's signals in flight; until all are out, a new run takes the job over.
func (r *rosterRun) askTasksToResync(ctx workflow.Context) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute}, // until visibility answers
		Summary:             "ask the team's open tasks for the places they hold",
	})
	query := fmt.Sprintf("WorkflowType = 'CampaignTaskWorkflow' AND ExecutionStatus = 'Running' AND %s = '%s'", AttrTeam.GetName(), r.in.Team)
	var rosters *activities.Rosters
	r.sel.AddFuture(workflow.ExecuteActivity(actx, rosters.ListOpenTasks, activities.TaskQuery{Query: query}), func(f workflow.Future) {
		var open activities.OpenTasks
		if err := f.Get(ctx, &open); err != nil {
			r.logger.Warn("Could not list the team's open tasks; the next run asks again", "error", err)
			return
		}
		workflow.Go(ctx, func(gctx workflow.Context) {
			for _, id := range open.TaskIDs {
				if r.state.Knows(id) {
					continue // it asked this roster already
				}
				if err := workflow.Await(gctx, func() bool { return len(r.flight) < maxNoticesInFlight || r.closing }); err != nil || r.closing {
					return // the next run asks again
				}
				r.send(gctx, roster.Notice{TaskID: id, Resync: true, Reason: "a new roster of the team asks for the place the task holds"})
			}
			r.resync = false
		})
	})
}

// recallCompletions reads the last week's completions back from the team's closed
// tasks, so a roster started again compares estimates with actuals as the old one
// did, and counts them. Until it has them, each new run asks again.
func (r *rosterRun) recallCompletions(ctx workflow.Context) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		HeartbeatTimeout:    time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute}, // until visibility answers
		Summary:             "read the last week's completions from the team's closed tasks",
	})
	since := workflow.Now(ctx).Add(-roster.CompletionWindow).UTC().Format(time.RFC3339)
	query := fmt.Sprintf("WorkflowType = 'CampaignTaskWorkflow' AND ExecutionStatus = 'Completed' AND %s = '%s' AND CloseTime >= '%s'",
		AttrTeam.GetName(), r.in.Team, since)
	var rosters *activities.Rosters
	r.sel.AddFuture(workflow.ExecuteActivity(actx, rosters.ReadCompletions, activities.TaskQuery{Query: query}), func(f workflow.Future) {
		var got activities.Completions
		if err := f.Get(ctx, &got); err != nil {
			r.logger.Warn("Could not read the team's completions; the next run asks again", "error", err)
			return
		}
		n := r.state.Restore(got.Done, workflow.Now(ctx))
		r.restore = false
		r.logger.Info("Completions of the last week read back from the team's closed tasks", "read", len(got.Done), "taken", n)
	})
}
