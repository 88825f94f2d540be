package workflows

import (
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
	if req.Refresh {
		// Same ask, new priority: checked against the ask the roster holds, not as a new one.
		r.notify(ctx, r.state.Refresh(req, now))
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
