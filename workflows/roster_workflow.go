package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/roster"
)

// TeamRosterWorkflow is one team's roster: a long-lived entity workflow that owns
// every booking of its people's time. Tasks ask and release by signal, so requests
// arriving together are applied one after another and never share a slot of capacity.
// It continues as new before its history grows large, carrying its whole state.
func TeamRosterWorkflow(ctx workflow.Context, in RosterInput) error {
	r := &rosterRun{in: in}
	if err := r.setup(ctx); err != nil {
		return err
	}
	return r.run(ctx)
}

type rosterRun struct {
	in       RosterInput
	state    *roster.State
	zone     *time.Location
	logger   log.Logger
	sel      workflow.Selector
	sending  int  // notices to tasks not yet delivered
	checking bool // a check of open tasks is running
	history  int  // events when the roster last woke
	// wake is when the timer set for the next time-off change or reconcile fires; zero when none is set.
	wake       time.Time
	cancelWake workflow.CancelFunc
}

func (r *rosterRun) setup(ctx workflow.Context) error {
	r.logger = log.With(workflow.GetLogger(ctx), "roster", r.in.Team)
	zone, err := time.LoadLocation(r.in.TimeZone)
	if err != nil {
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf("timeZone: %q does not load: %v", r.in.TimeZone, err), ErrInvalidTaskRequest, nil)
	}
	r.zone = zone
	r.state = r.in.State
	if r.state == nil {
		if r.state, err = roster.NewState(r.in.Team, r.in.Roster, zone); err != nil {
			return temporal.NewNonRetryableApplicationError(err.Error(), ErrInvalidTaskRequest, nil)
		}
	}
	if err := workflow.SetQueryHandler(ctx, QueryRoster, func() (RosterStatus, error) {
		return RosterStatus{View: r.state.View(workflow.Now(ctx)), Runs: r.in.Runs + 1, HistoryLength: r.history}, nil
	}); err != nil {
		return fmt.Errorf("register roster query: %w", err)
	}
	return r.registerUpdates(ctx)
}

// run applies asks and releases until the history is long enough to continue as new.
func (r *rosterRun) run(ctx workflow.Context) error {
	requests := workflow.GetSignalChannel(ctx, SignalRequestPerson)
	releases := workflow.GetSignalChannel(ctx, SignalReleasePerson)
	r.sel = workflow.NewSelector(ctx)
	r.sel.AddReceive(requests, func(c workflow.ReceiveChannel, _ bool) {
		var s RequestPersonSignal
		c.Receive(ctx, &s)
		r.onRequest(ctx, s)
	})
	r.sel.AddReceive(releases, func(c workflow.ReceiveChannel, _ bool) {
		var s ReleasePersonSignal
		c.Receive(ctx, &s)
		r.onRelease(ctx, s)
	})
	r.tell(ctx, r.state.Rebalance(workflow.Now(ctx)))
	for !r.longEnough(ctx) {
		r.setWake(ctx)
		if !r.sel.HasPending() {
			r.publishRoster(ctx) // once a batch of signals is applied, not after each
		}
		r.sel.Select(ctx)
	}
	// Apply what arrived meanwhile, deliver every notice and let updates finish: nothing is lost across the new run.
	for {
		r.drainSignals(ctx, requests, releases)
		if err := workflow.Await(ctx, func() bool { return r.sending == 0 && workflow.AllHandlersFinished(ctx) }); err != nil {
			return err
		}
		if requests.Len() == 0 && releases.Len() == 0 {
			break
		}
	}
	next := r.in
	next.State, next.Runs = r.state, r.in.Runs+1
	return workflow.NewContinueAsNewError(ctx, TeamRosterWorkflow, next)
}

func (r *rosterRun) longEnough(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	r.history = info.GetCurrentHistoryLength()
	limit := r.in.MaxEvents
	if limit <= 0 {
		limit = DefaultRosterMaxEvents
	}
	return r.history >= limit || info.GetContinueAsNewSuggested()
}

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

func (r *rosterRun) onRequest(ctx workflow.Context, s RequestPersonSignal) {
	if err := s.Request.Validate(); err != nil {
		r.logger.Warn("Request for a person refused", "task", s.Request.TaskID, "error", err)
		if s.Request.TaskID != "" {
			// Neither booked nor queued: the task hears why and keeps its role queue.
			r.tell(ctx, []roster.Notice{{TaskID: s.Request.TaskID, Reason: "the roster refused the ask: " + err.Error()}})
		}
		return
	}
	r.tell(ctx, []roster.Notice{r.state.Ask(s.Request, workflow.Now(ctx))})
}

func (r *rosterRun) onRelease(ctx workflow.Context, s ReleasePersonSignal) {
	now := workflow.Now(ctx)
	if r.state.Release(s.TaskID, s.Completed, s.ActualHours, now) {
		r.logger.Info("Capacity released", "task", s.TaskID, "reason", s.Reason)
		r.tell(ctx, r.state.Drain(now))
	}
}

// tell signals each task its notice. A task that has closed cannot take its
// booking, so the roster releases it and lets the next waiting task in.
func (r *rosterRun) tell(ctx workflow.Context, notices []roster.Notice) {
	for _, n := range notices {
		n := n
		f := workflow.SignalExternalWorkflow(ctx, n.TaskID, "", SignalRosterNotice, RosterNoticeSignal{Notice: n})
		r.sending++
		workflow.Go(ctx, func(gctx workflow.Context) {
			err := f.Get(gctx, nil)
			r.sending--
			if err == nil {
				return
			}
			r.logger.Info("Task gone; its place is released", "task", n.TaskID, "error", err)
			now := workflow.Now(gctx)
			if r.state.Release(n.TaskID, false, 0, now) {
				r.tell(gctx, r.state.Drain(now))
			}
		})
	}
}

// setWake keeps one timer for the next time someone leaves or comes back, or the
// next check that tasks holding capacity are still open.
func (r *rosterRun) setWake(ctx workflow.Context) {
	now := workflow.Now(ctx)
	due, ok := r.state.NextChange(now)
	if len(r.state.Bookings) > 0 {
		every := r.in.ReconcileEvery
		if every <= 0 {
			every = DefaultReconcileEvery
		}
		if check := now.Add(every); !ok || check.Before(due) {
			due, ok = check, true
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
	timer := workflow.NewTimerWithOptions(tctx, due.Sub(now), workflow.TimerOptions{Summary: "rebalance time off and check open tasks"})
	r.sel.AddFuture(timer, func(f workflow.Future) {
		if f.Get(ctx, nil) != nil {
			return // replaced by an earlier wake
		}
		r.wake, r.cancelWake = time.Time{}, nil
		r.tell(ctx, r.state.Rebalance(workflow.Now(ctx)))
		r.reconcile(ctx)
	})
}

// reconcile releases the bookings of tasks that closed without releasing, such as a
// task that timed out or was terminated, so their capacity comes back.
func (r *rosterRun) reconcile(ctx workflow.Context) {
	ids := workflow.DeterministicKeys(r.state.Bookings)
	if len(ids) == 0 || r.checking {
		return
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 3},
		Summary:             fmt.Sprintf("check that %d tasks holding capacity are still open", len(ids)),
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
			if r.state.Release(c.TaskID, false, 0, now) {
				r.logger.Info("Capacity released", "task", c.TaskID, "reason", "task "+c.Status)
			}
		}
		r.tell(ctx, r.state.Drain(now))
	})
}
