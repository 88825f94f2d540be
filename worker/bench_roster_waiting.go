package main

import (
	"context"
	"fmt"
	"io"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/workflows"
)

// waitingBench queues tasks behind a full team and measures the roster with them
// waiting: how fast it answers a burst of asks, how fast it books waiting tasks as
// capacity comes back, its longest workflow task and its history per assignment.
type waitingBench struct {
	*parkedTasks
	firstRun    string
	rosterQueue string
	capacity    int
	hold        bool
	namespace   string
	logger      *zap.Logger
	clock       workerClock
}

// runWaitingBench runs the -waiting bench on its own team and queues, and ends every
// workflow it started.
func runWaitingBench(ctx context.Context, c client.Client, w *benchRosterWorld, cfg Config, o benchRosterOptions, logger *zap.Logger, out io.Writer) error {
	prefix := "lanes-bench-roster-" + w.team[len("bench-roster-"):]
	capacity := len(w.file.Teams[w.team].People) * w.each
	parked, err := newParkedTasks(c, w.cat, w.rosterID(), prefix, capacity+o.waiting, o.concurrency)
	if err != nil {
		return err
	}
	if o.backlog && len(parked.ids) > 9000 {
		return fmt.Errorf("-backlog holds all %d asks in one run of the roster, and Temporal takes at most 10,000 signals a run: wait for at most about 9,000 tasks", len(parked.ids))
	}
	b := &waitingBench{parkedTasks: parked, rosterQueue: prefix + "-roster", capacity: capacity, hold: o.backlog, namespace: cfg.Temporal.Namespace, logger: logger}
	defer func() {
		if err := b.end(context.WithoutCancel(ctx)); err != nil {
			logger.Warn("Some bench workflows were left open", zap.Error(err))
		}
	}()
	fmt.Fprintf(out, "Lanes roster bench: %d tasks waiting behind %d bookings, %d messages at once, server %s, namespace %s\n%s\n\n",
		o.waiting, capacity, o.concurrency, cfg.Temporal.Address, cfg.Temporal.Namespace, w.describe(o.maxEvents))
	in := workflows.RosterInput{
		Team: w.team, TimeZone: w.cat.Teams[w.team].TimeZone, Roster: w.file.Teams[w.team],
		MaxEvents: o.maxEvents, ReconcileEvery: cfg.RosterReconcileEvery,
	}
	return b.run(ctx, in, out)
}

// run parks the tasks, sends every ask at once, waits until each task was told, then
// plays the people: each round releases every booking, letting the next tasks in.
// With -backlog no worker serves the roster until every ask is in its history.
func (b *waitingBench) run(ctx context.Context, in workflows.RosterInput, out io.Writer) error {
	start := time.Now()
	if err := b.park(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "Parked %d stand-in tasks in %s.\n", len(b.ids), time.Since(start).Round(time.Millisecond))
	run, err := b.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: b.rosterID, TaskQueue: b.rosterQueue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		StaticSummary: "Roster of bench-roster: terminated when the bench ends",
	}, workflows.TeamRosterWorkflow, in)
	if err != nil {
		return fmt.Errorf("start bench roster: %w", err)
	}
	b.firstRun = run.GetRunID()
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
	history, runs, err := historyAcrossRuns(ctx, b.c, b.rosterID, b.firstRun)
	if err != nil {
		return err
	}
	if err := printWaitingFigures(out, len(b.ids)-b.capacity, b.capacity, history, runs); err != nil {
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
		return b.askAll(ctx)
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

// startRosterWorker serves the roster's own queue: the roster and its activities only.
func (b *waitingBench) startRosterWorker() (func(), error) {
	c, err := client.NewClientFromExisting(b.c, client.Options{Namespace: b.namespace, Logger: connect.NewZapLogger(b.logger), MetricsHandler: &b.clock})
	if err != nil {
		return nil, fmt.Errorf("roster worker's client: %w", err)
	}
	w := worker.New(c, b.rosterQueue, worker.Options{})
	w.RegisterWorkflow(workflows.TeamRosterWorkflow)
	w.RegisterActivity(&activities.Rosters{Temporal: b.c})
	if err := w.Start(); err != nil {
		c.Close()
		return nil, fmt.Errorf("start roster worker: %w", err)
	}
	return func() { w.Stop(); c.Close() }, nil
}
