package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/roster"
)

func (r *rosterRun) drainSignals(ctx workflow.Context, requests, releases workflow.ReceiveChannel) {
	for {
		var req RequestPersonSignal
		var rel ReleasePersonSignal
		switch {
		case requests.ReceiveAsync(&req):
			r.onRequest(ctx, req)
		case releases.ReceiveAsync(&rel):
			r.onRelease(ctx, rel)
		default:
			return
		}
	}
}

// onRequest places a task, unless the ask is older than what the roster knows of it.
// A re-ask frees the task's old hours, so waiting tasks may take them.
func (r *rosterRun) onRequest(ctx workflow.Context, s RequestPersonSignal) {
	req, now := s.Request, workflow.Now(ctx)
	if err := req.Validate(); err != nil {
		r.logger.Warn("Request for a person refused", "task", req.TaskID, "error", err)
		if req.TaskID != "" {
			// Neither booked nor queued: the task hears why and keeps its role queue.
			r.state.Release(req.TaskID, false, 0, now)
			r.state.MarkClosed(req.TaskID, req.Seq, now)
			r.tell(ctx, append([]roster.Notice{{TaskID: req.TaskID, Seq: req.Seq, Reason: "the roster refused the ask: " + err.Error()}}, r.state.Drain(now)...))
		}
		return
	}
	if r.state.Stale(req) {
		r.logger.Info("Stale ask ignored", "task", req.TaskID, "seq", req.Seq)
		return
	}
	if req.Resync {
		// A task this run already placed told it nothing new.
		if !r.state.Knows(req.TaskID) {
			if n, placed := r.state.Adopt(req, now); placed {
				r.tell(ctx, []roster.Notice{n})
			}
		}
		return
	}
	n := r.state.Ask(req, now)
	r.tell(ctx, append([]roster.Notice{n}, r.state.Drain(now)...))
}

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
				if err := workflow.Await(gctx, func() bool { return r.sending < maxResyncInFlight || r.closing }); err != nil || r.closing {
					return // the next run asks again
				}
				r.tell(gctx, []roster.Notice{{TaskID: id, Resync: true, Reason: "a new roster of the team asks for the place the task holds"}})
			}
			r.resync = false
		})
	})
}

// maxResyncInFlight keeps a roster's resync questions well under Temporal's limit of
// 2,000 signals a workflow may have in flight.
const maxResyncInFlight = 500

func (r *rosterRun) onRelease(ctx workflow.Context, s ReleasePersonSignal) {
	now := workflow.Now(ctx)
	r.state.MarkClosed(s.TaskID, s.Seq, now)
	if r.state.Release(s.TaskID, s.Completed, s.ActualHours, now) {
		r.logger.Info("Capacity released", "task", s.TaskID, "reason", s.Reason)
		r.tell(ctx, r.state.Drain(now))
	}
}

// tell signals each task its notice, numbered so a task can tell old from new. A
// booking is listed as notifying until its notice has reached the task. A task
// that has closed cannot take its booking, so the roster releases it and lets the
// next waiting task in.
func (r *rosterRun) tell(ctx workflow.Context, notices []roster.Notice) {
	if r.closing {
		for _, n := range notices {
			r.state.Notifying(n)
		}
		r.pending = append(r.pending, notices...)
		return
	}
	for _, n := range notices {
		// Numbered from the clock as well, so a roster reset or started again never
		// repeats a number its tasks already took.
		r.state.Serial = max(r.state.Serial+1, int(workflow.Now(ctx).UnixMilli()))
		n.Serial = r.state.Serial
		f := workflow.SignalExternalWorkflow(ctx, n.TaskID, "", SignalRosterNotice, RosterNoticeSignal{Notice: n})
		r.state.Notifying(n) // the roster lists the booking as notifying until the task has it
		r.sending++
		workflow.Go(ctx, func(gctx workflow.Context) {
			err := f.Get(gctx, nil)
			r.sending--
			if err == nil {
				r.state.Delivered(n.TaskID, n.Serial)
				return
			}
			r.logger.Info("Task gone; its place is released", "task", n.TaskID, "error", err)
			now := workflow.Now(gctx)
			r.state.MarkClosed(n.TaskID, n.Seq, now)
			if r.state.Release(n.TaskID, false, 0, now) {
				r.tell(gctx, r.state.Drain(now))
			}
		})
	}
}
