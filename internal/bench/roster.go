package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// benchRosterOptions are the roster bench's flags.
type benchRosterOptions struct {
	n, concurrency, maxEvents int
	// backlog holds the roster until every task has asked, then times how fast it answers them all.
	backlog bool
	// waiting queues this many tasks behind a team full with n bookings (parked tasks, asks sent straight to the roster).
	waiting int
}

func parseBenchRoster(args []string, output io.Writer) (benchRosterOptions, error) {
	fs := flags("roster", "  submit N human tasks at once to a fresh roster and print how fast it books them and how its history grows", output)
	var o benchRosterOptions
	fs.IntVar(&o.n, "n", 200, ReviewType+" tasks submitted at once")
	fs.IntVar(&o.concurrency, "concurrency", 20, "submits, status reads and completions in flight at once")
	fs.IntVar(&o.maxEvents, "max-events", 0, "continue the roster as new past this many history events; 0 is the roster's default")
	fs.BoolVar(&o.backlog, "backlog", false, "hold the roster until every task has asked, then time how fast it answers the backlog")
	fs.IntVar(&o.waiting, "waiting", 0, "queue this many tasks behind a team full with -n bookings: stand-in tasks, asks and releases sent straight to the roster")
	if err := parse(fs, args); err != nil {
		return o, err
	}
	switch {
	case o.n < 1 || o.concurrency < 1:
		return o, errors.New("-n and -concurrency: must be at least 1")
	case o.maxEvents < 0:
		return o, errors.New("-max-events: must be 0 (the roster's default) or more")
	case o.waiting < 0:
		return o, errors.New("-waiting: must be 0 (tasks that all fit) or more")
	}
	return o, nil
}

// Roster measures how fast a roster answers tasks that ask at once, and how its
// history grows per assignment and per assign+release cycle. It runs against its own
// team, catalog and roster, so the figures start from an empty roster on any server.
func Roster(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) (err error) {
	o, err := parseBenchRoster(args, stdout)
	if err != nil {
		return err
	}
	cfg, c, err := dial(ctx, getenv, "roster-")
	if err != nil {
		return err
	}
	defer c.Close()
	// The team is named for the queues: bench-roster-<id>.
	w, err := newBenchRosterWorld(cfg.Catalog, strings.TrimPrefix(cfg.QueuePrefix, "lanes-"), o.n)
	if err != nil {
		return err
	}
	if o.waiting > 0 {
		return runWaitingBench(ctx, c, w, cfg, o, stdout)
	}
	dir, err := os.MkdirTemp("", "lanes-bench-roster-")
	if err != nil {
		return fmt.Errorf("roster file: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if cfg.RosterPath, err = w.writeRoster(dir); err != nil {
		return err
	}
	cfg.Catalog, cfg.Pools = w.cat, []string{lanesworker.PoolTasks}
	tasks := workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks
	b := &rosterBench{c: c, limit: o.concurrency, rosterID: w.rosterID(), ids: make([]string, o.n), dc: cfg.Temporal.DataConverter()}
	for i := range b.ids {
		b.ids[i] = workflows.TaskWorkflowID(fmt.Sprintf("%s-%d", cfg.QueuePrefix, i))
	}
	rosterQueue := tasks
	if o.backlog {
		// No worker polls this queue until every task has asked: the asks wait in the roster's history.
		rosterQueue, b.holdQueue = cfg.QueuePrefix+"-roster", cfg.QueuePrefix+"-roster"
	}
	// Started before the worker's EnsureRosters, which then uses it, so -max-events applies.
	if b.firstRun, err = w.startRoster(ctx, c, rosterQueue, o.maxEvents, cfg.RosterReconcileEvery); err != nil {
		return err
	}
	defer func() {
		if cerr := endBenchRoster(context.WithoutCancel(ctx), c, b.rosterID, b.ids, err != nil); cerr != nil {
			cfg.Logger.Warn("Some bench workflows were left open", zap.Error(cerr))
		}
	}()
	l, err := startLocalLanes(ctx, cfg, c)
	if err != nil {
		return err
	}
	defer l.stop()
	b.in = l.in
	fmt.Fprintf(stdout, "Lanes roster bench: %d %s tasks, %d submits at once, server %s, namespace %s\n%s\n\n",
		o.n, ReviewType, o.concurrency, cfg.Temporal.Address, cfg.Temporal.Namespace, w.describe(o.maxEvents))
	return b.run(ctx, stdout)
}

// QueryRoster reads a roster's view, the tasks it holds and its run count.
func QueryRoster(ctx context.Context, c client.Client, rosterID string) (workflows.RosterStatus, error) {
	var rs workflows.RosterStatus
	resp, err := c.QueryWorkflow(ctx, rosterID, "", workflows.QueryRoster)
	if err != nil {
		return rs, fmt.Errorf("query %s: %w", rosterID, err)
	}
	if err := resp.Get(&rs); err != nil {
		return rs, fmt.Errorf("decode %s: %w", rosterID, err)
	}
	return rs, nil
}
