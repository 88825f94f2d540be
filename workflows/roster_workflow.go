package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/roster"
)

// ErrInvalidRoster is the failure type of a roster whose input fails validation.
const ErrInvalidRoster = "InvalidRoster"

// TeamRosterWorkflow is one team's roster: a long-lived entity workflow that owns
// every booking of its people's time. Tasks ask and release by signal, so requests
// arriving together are applied one after another and never share a slot of capacity.
// It continues as new before its history grows large, carrying its whole state, and
// it does not stop when cancelled: its bookings are the team's only record of who
// holds which task.
func TeamRosterWorkflow(ctx workflow.Context, in RosterInput) error {
	r := &rosterRun{in: in}
	cancelled := ctx.Done()
	ctx, _ = workflow.NewDisconnectedContext(ctx)
	if err := r.setup(ctx); err != nil {
		return err
	}
	return r.run(ctx, cancelled)
}

type rosterRun struct {
	in       RosterInput
	state    *roster.State
	zone     *time.Location
	logger   log.Logger
	sel      workflow.Selector
	changed  workflow.Channel // an update changed the roster; wake the loop
	sending  int              // notices to tasks not yet delivered
	checking bool             // a check of open tasks is running
	history  int              // events when the roster last woke
	// wake is when the timer set for the next time-off change or check fires; zero when none is set.
	wake       time.Time
	cancelWake workflow.CancelFunc
	// nextCheck is when the roster next checks that the tasks it holds places for are open.
	nextCheck time.Time
	// closing is set once the run continues as new: notices decided from then on are
	// carried to the next run in pending instead of sent, so closing never waits on new work.
	closing bool
	pending []roster.Notice
	// resync is set, for a roster started again, until the team's open tasks were asked
	// for the places they hold, which the earlier roster of the team (terminated) knew.
	resync bool
}

func (r *rosterRun) setup(ctx workflow.Context) error {
	r.logger = log.With(workflow.GetLogger(ctx), "roster", r.in.Team)
	zone, err := time.LoadLocation(r.in.TimeZone)
	if err != nil {
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf("timeZone: %q does not load: %v", r.in.TimeZone, err), ErrInvalidRoster, nil)
	}
	r.zone = zone
	r.state = r.in.State
	if r.state == nil {
		if r.state, err = roster.NewState(r.in.Team, r.in.Roster, zone); err != nil {
			return temporal.NewNonRetryableApplicationError(err.Error(), ErrInvalidRoster, nil)
		}
		r.state.Needs = r.in.Needs
	}
	r.nextCheck, r.resync = r.in.NextCheck, r.in.Resync
	r.changed = workflow.NewBufferedChannel(ctx, 1)
	if err := workflow.SetQueryHandler(ctx, QueryRoster, func() (RosterStatus, error) {
		return RosterStatus{View: r.state.View(workflow.Now(ctx)), Runs: r.in.Runs + 1, HistoryLength: r.history}, nil
	}); err != nil {
		return fmt.Errorf("register roster query: %w", err)
	}
	return r.registerUpdates(ctx)
}

// run applies asks, releases and changes until the history is long enough to continue as new.
func (r *rosterRun) run(ctx workflow.Context, cancelled workflow.ReceiveChannel) error {
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
	r.sel.AddReceive(r.changed, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
	workflow.Go(ctx, func(gctx workflow.Context) {
		cancelled.Receive(gctx, nil)
		r.logger.Warn("Cancel ignored: the roster keeps the team's bookings; terminate it only to rebuild it from the roster file")
	})
	r.tell(ctx, append(r.in.Pending, r.state.Rebalance(workflow.Now(ctx))...))
	if r.resync {
		r.askTasksToResync(ctx)
	}
	for !r.longEnough(ctx) {
		r.setWake(ctx)
		if !r.sel.HasPending() {
			r.publishRoster(ctx) // once a batch of signals is applied, not after each
		}
		r.sel.Select(ctx)
	}
	// Apply what arrived meanwhile and let updates finish; notices already sent are
	// awaited, and those decided now go to the next run: nothing is lost across it.
	r.closing = true
	r.drainSignals(ctx, requests, releases)
	if err := workflow.Await(ctx, func() bool { return r.sending == 0 && workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	r.drainSignals(ctx, requests, releases)
	next := r.in
	next.State, next.Runs, next.NextCheck, next.Pending, next.Resync = r.state, r.in.Runs+1, r.nextCheck, r.pending, r.resync
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
