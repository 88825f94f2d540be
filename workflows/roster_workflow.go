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
	in      RosterInput
	state   *roster.State
	zone    *time.Location
	logger  log.Logger
	sel     workflow.Selector
	changed workflow.Channel // an update changed the roster, or the run is long enough: wake the loop
	flight  []sentNotice     // notices on their way to their tasks
	// requests and releases are the signal channels, and signals counts those applied in this run.
	requests, releases workflow.ReceiveChannel
	signals            int
	checking           bool // a check of open tasks is running
	history            int  // events when the roster last woke
	// wake is when the timer set for the next time-off change or check fires; zero when none is set.
	wake       time.Time
	cancelWake workflow.CancelFunc
	// nextCheck is when the roster next checks that the tasks it holds places for are
	// open, and checkFrom the place in the queue its next check starts at.
	nextCheck time.Time
	checkFrom int
	// out holds the tasks with news not sent yet, within the limit on signals in flight.
	out outbox
	// closing is set once the run continues as new: notices decided from then on are
	// left to the next run instead of sent; those on their way may land for up to
	// maxLandingWait, and the next run sends again any that have not.
	closing bool
	// taskAt is the history length at the start of the workflow task the roster is in,
	// and handled the messages it has applied in it.
	taskAt, handled int
	// resync is set, for a roster started again, until the team's open tasks were asked
	// for the places they hold, which the earlier roster of the team (terminated) knew;
	// restore until it has read the last week's completions back from the closed tasks.
	resync, restore bool
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
	r.nextCheck, r.checkFrom, r.resync, r.restore, r.out = r.in.NextCheck, r.in.CheckFrom, r.in.Resync, r.in.Restore, newOutbox()
	r.changed = workflow.NewBufferedChannel(ctx, 1)
	if err := workflow.SetQueryHandler(ctx, QueryRoster, func() (RosterStatus, error) {
		return RosterStatus{View: r.state.View(workflow.Now(ctx)), Runs: r.in.Runs + 1, HistoryLength: r.history, Telling: r.out.len() + len(r.flight)}, nil
	}); err != nil {
		return fmt.Errorf("register roster query: %w", err)
	}
	return r.registerUpdates(ctx)
}

// run applies asks, releases and changes until the history is long enough to continue as new.
func (r *rosterRun) run(ctx workflow.Context, cancelled workflow.ReceiveChannel) error {
	r.requests = workflow.GetSignalChannel(ctx, SignalRequestPerson)
	r.releases = workflow.GetSignalChannel(ctx, SignalReleasePerson)
	r.sel = workflow.NewSelector(ctx)
	r.sel.AddReceive(r.requests, func(c workflow.ReceiveChannel, _ bool) {
		var s RequestPersonSignal
		c.Receive(ctx, &s)
		r.onRequest(ctx, s)
	})
	r.sel.AddReceive(r.releases, func(c workflow.ReceiveChannel, _ bool) {
		var s ReleasePersonSignal
		c.Receive(ctx, &s)
		r.onRelease(ctx, s)
	})
	r.sel.AddReceive(r.changed, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
	workflow.Go(ctx, func(gctx workflow.Context) {
		cancelled.Receive(gctx, nil)
		r.logger.Warn("Cancel ignored: the roster keeps the team's bookings; terminate it only to rebuild it from the roster file")
	})
	workflow.Go(ctx, r.awaitDeliveries)
	// What the last run decided but did not send goes out first.
	for _, id := range r.state.Untold() {
		r.out.add(id)
	}
	r.notify(ctx, append(r.in.Pending, r.state.Rebalance(workflow.Now(ctx))...))
	if r.resync {
		r.askTasksToResync(ctx)
	}
	if r.restore {
		r.recallCompletions(ctx)
	}
	for !r.longEnough(ctx) {
		r.setWake(ctx)
		if !r.sel.HasPending() {
			r.publishRoster(ctx) // once a batch of signals is applied, not after each
		}
		r.sel.Select(ctx)
		r.pace(ctx)
	}
	// Let the notices on their way land (for a while), apply all that waits (an ask
	// costs microseconds) and let updates finish. Notices decided now, and any still
	// on their way, go to the next run, which sends them (again): nothing is lost
	// across it, and a task takes a repeated notice as it took the first.
	r.closing = true
	if workflow.GetVersion(ctx, versionRosterQuietClose, workflow.DefaultVersion, 1) == 1 {
		r.awaitLanding(ctx)
	}
	r.drainSignals(ctx)
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	r.drainSignals(ctx)
	r.state.Compact(workflow.Now(ctx))
	next := r.in
	next.State, next.Runs, next.NextCheck, next.CheckFrom, next.Pending = r.state, r.in.Runs+1, r.nextCheck, r.checkFrom, r.leftToTell()
	next.Resync, next.Restore = r.resync, r.restore
	return workflow.NewContinueAsNewError(ctx, TeamRosterWorkflow, next)
}

// maxLandingWait bounds how long a closing run waits for its notices on their way.
const maxLandingWait = 10 * time.Second

// awaitLanding lets the notices on their way land before the run continues as new.
// Each landing is an event in the roster's history, and one that arrives while the
// continue-as-new is being recorded makes Temporal reject it (UnhandledCommand), and
// the next workflow task replay the whole run before it tries again: with 200 notices
// in flight, that is all but certain. A task that never answers holds the run for
// maxLandingWait at most; its notice goes to the next run.
func (r *rosterRun) awaitLanding(ctx workflow.Context) {
	if len(r.flight) == 0 {
		return
	}
	// Only a cancelled context fails the wait, and the roster's is disconnected.
	_, _ = workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{Timeout: maxLandingWait, TimerOptions: workflow.TimerOptions{
		Summary: "let the notices on their way land before continuing as new",
	}}, func() bool { return len(r.flight) == 0 })
}

// maxMessagesPerTask bounds the asks, releases and changes one workflow task applies,
// so a burst of thousands is spread over workflow tasks of a few milliseconds each,
// and the roster answers queries between them.
const maxMessagesPerTask = 100

// pace counts the messages applied in the current workflow task. Past
// maxMessagesPerTask, with more waiting, it lets the workflow task complete and goes
// on in the next: the one a short timer brings, or any that comes first (a signal, a
// notice landing), as a busy server can fire even a 1ms timer late.
func (r *rosterRun) pace(ctx workflow.Context) {
	if at := workflow.GetInfo(ctx).GetCurrentHistoryLength(); at != r.taskAt {
		r.taskAt, r.handled = at, 0
	}
	r.handled++
	if r.handled < maxMessagesPerTask || !r.sel.HasPending() {
		return
	}
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timer := workflow.NewTimerWithOptions(tctx, time.Millisecond, workflow.TimerOptions{Summary: "let this workflow task end; the next applies the messages still waiting"})
	at := r.taskAt
	// Only a cancelled context fails the wait, and the roster's is disconnected.
	_ = workflow.Await(ctx, func() bool { return timer.IsReady() || workflow.GetInfo(ctx).GetCurrentHistoryLength() != at })
}

// maxSignalsPerRun keeps a run's asks and releases under Temporal's default limit of
// 10,000 signals a workflow run may receive; past it, asks would be refused.
const maxSignalsPerRun = 8000

func (r *rosterRun) longEnough(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	r.history = info.GetCurrentHistoryLength()
	return r.history >= r.maxEvents() || info.GetContinueAsNewSuggested() || r.signalsInRun() >= maxSignalsPerRun
}

// signalsInRun counts the asks and releases this run received, applied or waiting.
func (r *rosterRun) signalsInRun() int {
	return r.signals + r.requests.Len() + r.releases.Len()
}

func (r *rosterRun) maxEvents() int {
	if r.in.MaxEvents <= 0 {
		return DefaultRosterMaxEvents
	}
	return r.in.MaxEvents
}
