package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/lanesworker"
)

// waitingBench queues tasks behind a full team and measures the roster with them
// waiting: how fast it answers a burst of asks, how fast it books waiting tasks as
// capacity comes back, its longest workflow task and its history per assignment.
type waitingBench struct {
	*ParkedTasks
	world          *benchRosterWorld
	firstRun       string
	rosterQueue    string
	capacity       int
	hold           bool
	maxEvents      int
	reconcileEvery time.Duration
	namespace      string
	dc             converter.DataConverter // decodes the roster's history, as the client does
	logger         *zap.Logger
	clock          workerClock
}

// runWaitingBench runs the -waiting bench on its own team and queues, and ends every
// workflow it started.
func runWaitingBench(ctx context.Context, c client.Client, w *benchRosterWorld, cfg lanesworker.Config, o benchRosterOptions, out io.Writer) error {
	capacity := len(w.file.Teams[w.team].People) * w.each
	parked, err := NewParkedTasks(c, w.cat, w.rosterID(), cfg.QueuePrefix, capacity+o.waiting, o.concurrency)
	if err != nil {
		return err
	}
	if o.backlog && len(parked.ids) > 9000 {
		return fmt.Errorf("-backlog holds all %d asks in one run of the roster, and Temporal takes at most 10,000 signals a run: wait for at most about 9,000 tasks", len(parked.ids))
	}
	b := &waitingBench{ParkedTasks: parked, world: w, rosterQueue: cfg.QueuePrefix + "-roster", capacity: capacity, hold: o.backlog,
		maxEvents: o.maxEvents, reconcileEvery: cfg.RosterReconcileEvery, namespace: cfg.Temporal.Namespace, dc: cfg.Temporal.DataConverter(), logger: cfg.Logger}
	defer func() {
		if err := b.End(context.WithoutCancel(ctx)); err != nil {
			cfg.Logger.Warn("Some bench workflows were left open", zap.Error(err))
		}
	}()
	fmt.Fprintf(out, "Lanes roster bench: %d tasks waiting behind %d bookings, %d messages at once, server %s, namespace %s\n%s\n\n",
		o.waiting, capacity, o.concurrency, cfg.Temporal.Address, cfg.Temporal.Namespace, w.describe(o.maxEvents))
	return b.run(ctx, out)
}

// run parks the tasks, sends every ask at once, waits until each task was told, then
// plays the people: each round releases every booking, letting the next tasks in.
// With -backlog no worker serves the roster until every ask is in its history.
func (b *waitingBench) run(ctx context.Context, out io.Writer) error {
	start := time.Now()
	if err := b.Park(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "Parked %d stand-in tasks in %s.\n", len(b.ids), time.Since(start).Round(time.Millisecond))
	var err error
	if b.firstRun, err = b.world.startRoster(ctx, b.c, b.rosterQueue, b.maxEvents, b.reconcileEvery); err != nil {
		return err
	}
	stop := func() {}
	defer func() { stop() }()
	if !b.hold {
		if stop, err = b.startRosterWorker(); err != nil {
			return err
		}
	}
	asked := time.Now()
	if err := b.askInWaves(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "Sent %d asks in %s.\n", len(b.ids), time.Since(asked).Round(time.Millisecond))
	if b.hold {
		if stop, err = b.startRosterWorker(); err != nil {
			return err
		}
	}
	if err := b.awaitTold(ctx, out, asked); err != nil {
		return err
	}
	if err := b.drain(ctx, out); err != nil {
		return err
	}
	history, runs, err := HistoryAcrossRuns(ctx, b.c, b.rosterID, b.firstRun)
	if err != nil {
		return err
	}
	if err := printWaitingFigures(out, len(b.ids)-b.capacity, b.capacity, history, runs, b.dc); err != nil {
		return err
	}
	exec, misses := b.clock.figures()
	if len(exec) > 0 {
		fmt.Fprintf(out, "The worker's own time per roster workflow task (SDK metrics): %d tasks, p50 %s, p99 %s, longest %s; %d replayed from the history (sticky cache misses).\n",
			len(exec), exec[(len(exec)-1)/2].Round(time.Millisecond), exec[(len(exec)-1)*99/100].Round(time.Millisecond), exec[len(exec)-1].Round(time.Millisecond), misses)
	}
	return nil
}

// askWave bounds the asks sent at once. Temporal refuses a workflow run's signals past
// 10,000, and a roster continues as new only in a pause between asks (the server
// rejects a continue-as-new made while a new signal arrived), so a burst larger than
// a run can take goes in waves, each once the roster has placed the one before.
const askWave = 2000

// askInWaves sends every ask, askWave at a time; with -backlog, all at once.
func (b *waitingBench) askInWaves(ctx context.Context) error {
	if b.hold {
		return b.AskAll(ctx)
	}
	for from := 0; from < len(b.ids); from += askWave {
		to := min(from+askWave, len(b.ids))
		if err := b.ask(ctx, b.ids[from:to]); err != nil {
			return err
		}
		if to == len(b.ids) {
			return nil
		}
		for {
			rs, err := b.status(ctx)
			if err != nil {
				return err
			}
			if rs.Counts.Assigned+rs.Counts.Queued >= to {
				break
			}
			if err := pause(ctx, 250*time.Millisecond); err != nil {
				return fmt.Errorf("the roster placed %d of %d: %w", rs.Counts.Assigned+rs.Counts.Queued, to, err)
			}
		}
	}
	return nil
}

// startRosterWorker serves the roster's own queue, on a client whose metrics the bench reads.
func (b *waitingBench) startRosterWorker() (func(), error) {
	c, err := client.NewClientFromExisting(b.c, client.Options{Namespace: b.namespace, Logger: connect.NewZapLogger(b.logger), MetricsHandler: &b.clock})
	if err != nil {
		return nil, fmt.Errorf("roster worker's client: %w", err)
	}
	stop, err := startRosterWorker(c, b.rosterQueue)
	if err != nil {
		c.Close()
		return nil, err
	}
	return func() { stop(); c.Close() }, nil
}
