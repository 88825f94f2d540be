package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/roster"
)

// drainSignals applies the asks and releases that arrived, as a run closes.
func (r *rosterRun) drainSignals(ctx workflow.Context) {
	for {
		var req RequestPersonSignal
		var rel ReleasePersonSignal
		switch {
		case r.requests.ReceiveAsync(&req):
			r.onRequest(ctx, req)
		case r.releases.ReceiveAsync(&rel):
			r.onRelease(ctx, rel)
		default:
			return
		}
	}
}

// onRequest places a task, unless the ask is older than what the roster knows of it.
// A re-ask frees the task's old hours, so waiting tasks may take them.
func (r *rosterRun) onRequest(ctx workflow.Context, s RequestPersonSignal) {
	r.signals++
	req, now := s.Request, workflow.Now(ctx)
	if req.Refresh {
		r.onRefresh(ctx, req, now)
		return
	}
	if err := req.Validate(); err != nil {
		r.logger.Warn("Request for a person refused", "task", req.TaskID, "error", err)
		if req.TaskID != "" {
			// Neither booked nor queued: the task hears why and keeps its role queue.
			r.state.Release(req.TaskID, false, 0, now)
			r.state.MarkClosed(req.TaskID, req.Seq, now)
			r.notify(ctx, append([]roster.Notice{{TaskID: req.TaskID, Seq: req.Seq, Reason: "the roster refused the ask: " + err.Error()}}, r.state.Drain(now)...))
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
				r.notify(ctx, []roster.Notice{n})
			}
		}
		return
	}
	n := r.state.Ask(req, now)
	r.notify(ctx, append([]roster.Notice{n}, r.state.Drain(now)...))
}

func (r *rosterRun) onRelease(ctx workflow.Context, s ReleasePersonSignal) {
	r.signals++
	now := workflow.Now(ctx)
	r.state.MarkClosed(s.TaskID, s.Seq, now)
	if r.state.Release(s.TaskID, s.Completed, s.ActualHours, now) {
		r.logger.Info("Capacity released", "task", s.TaskID, "reason", s.Reason)
		r.notify(ctx, r.state.Drain(now))
	}
}

// onRefresh takes a task's new priority for the ask the roster holds, not as a new
// ask: a refresh the roster cannot read changes nothing (the task keeps its place),
// and a waiting task that moved hears its new place.
func (r *rosterRun) onRefresh(ctx workflow.Context, req roster.Request, now time.Time) {
	if err := req.Validate(); err != nil {
		r.logger.Warn("Refresh of a task's place ignored", "task", req.TaskID, "error", err)
		return
	}
	r.notify(ctx, r.state.Refresh(req, now))
}
