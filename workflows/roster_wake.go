package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
)

// setWake keeps one timer for the next time someone leaves or comes back, or the
// next check that tasks holding a place are still open.
func (r *rosterRun) setWake(ctx workflow.Context) {
	now := workflow.Now(ctx)
	due, ok := r.state.NextChange(now)
	if len(r.state.Bookings) > 0 || r.state.Queue.Len() > 0 {
		if r.nextCheck.IsZero() {
			r.nextCheck = now.Add(r.checkEvery())
		}
		if !ok || r.nextCheck.Before(due) {
			due, ok = r.nextCheck, true
		}
	}
	if !ok || (!r.wake.IsZero() && !due.Before(r.wake)) {
		return // the timer set already wakes the roster in time
	}
	if r.cancelWake != nil {
		r.cancelWake()
	}
	tctx, cancel := workflow.WithCancel(ctx)
	r.wake, r.cancelWake = due, cancel
	timer := workflow.NewTimerWithOptions(tctx, max(due.Sub(now), time.Millisecond), workflow.TimerOptions{Summary: "rebalance time off and check open tasks"})
	r.sel.AddFuture(timer, func(f workflow.Future) {
		if f.Get(ctx, nil) != nil {
			return // replaced by an earlier wake
		}
		now := workflow.Now(ctx)
		r.wake, r.cancelWake = time.Time{}, nil
		r.notify(ctx, r.state.Rebalance(now))
		if !now.Before(r.nextCheck) && !r.nextCheck.IsZero() {
			r.nextCheck = now.Add(r.checkEvery())
			r.reconcile(ctx)
		}
	})
}

func (r *rosterRun) checkEvery() time.Duration {
	if r.in.ReconcileEvery > 0 {
		return r.in.ReconcileEvery
	}
	return DefaultReconcileEvery
}

// maxCheckedWaiting bounds the waiting tasks one check of open tasks asks about, so
// the check's input and its calls stay small with thousands waiting; the next check
// goes on from where this one stopped.
const maxCheckedWaiting = 1000

// reconcile releases the places of tasks that closed without releasing, such as a
// task that timed out or was terminated, so their hours come back and the queue moves.
// Each check asks about every booking and the next maxCheckedWaiting waiting tasks.
func (r *rosterRun) reconcile(ctx workflow.Context) {
	ids := workflow.DeterministicKeys(r.state.Bookings)
	if n := r.state.Queue.Len(); n > 0 {
		if r.checkFrom >= n {
			r.checkFrom = 0
		}
		for _, w := range r.state.Queue.First(min(n, r.checkFrom+maxCheckedWaiting))[r.checkFrom:] {
			ids = append(ids, w.TaskID)
		}
		r.checkFrom += maxCheckedWaiting
	}
	if len(ids) == 0 || r.checking {
		return
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
		Summary:             fmt.Sprintf("check that %d tasks holding a place are still open", len(ids)),
	})
	var rosters *activities.Rosters
	r.checking = true
	r.sel.AddFuture(workflow.ExecuteActivity(actx, rosters.FindClosedTasks, activities.OpenTasks{TaskIDs: ids}), func(f workflow.Future) {
		r.checking = false
		var closed activities.ClosedTasks
		if err := f.Get(ctx, &closed); err != nil {
			r.logger.Warn("Could not check open tasks; the next check tries again", "error", err)
			return
		}
		now := workflow.Now(ctx)
		for _, c := range closed.Tasks {
			seq := 0
			if b, ok := r.state.Bookings[c.TaskID]; ok {
				seq = b.Seq
			}
			r.state.MarkClosed(c.TaskID, seq, now)
			if r.state.Release(c.TaskID, false, 0, now) {
				r.logger.Info("Capacity released", "task", c.TaskID, "reason", "task "+c.Status)
			}
		}
		r.notify(ctx, r.state.Drain(now))
	})
}
