package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// reviewType is the human work the roster bench and tests book: in the default catalog,
// skill design, 1h, exception_only, so it draws on reactive-support and goes to seniors.
const reviewType = "creative-stakeholder-review"

// benchRosterOptions are bench-roster's flags.
type benchRosterOptions struct {
	n, concurrency, maxEvents int
	// backlog holds the roster until every task has asked, then times how fast it answers them all.
	backlog bool
	// waiting queues this many tasks behind a team full with n bookings (parked tasks, asks sent straight to the roster).
	waiting int
}

func parseBenchRoster(args []string, output io.Writer) (benchRosterOptions, error) {
	fs := commandFlags("bench-roster", "  submit N human tasks at once to a fresh roster and print how fast it books them and how its history grows", output)
	var o benchRosterOptions
	fs.IntVar(&o.n, "n", 200, reviewType+" tasks submitted at once")
	fs.IntVar(&o.concurrency, "concurrency", 20, "submits, status reads and completions in flight at once")
	fs.IntVar(&o.maxEvents, "max-events", 0, "continue the roster as new past this many history events; 0 is the roster's default")
	fs.BoolVar(&o.backlog, "backlog", false, "hold the roster until every task has asked, then time how fast it answers the backlog")
	fs.IntVar(&o.waiting, "waiting", 0, "queue this many tasks behind a team full with -n bookings: stand-in tasks, asks and releases sent straight to the roster")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.n < 1 || o.concurrency < 1:
		return o, errors.New("-n and -concurrency: must be at least 1")
	case o.maxEvents < 0:
		return o, errors.New("-max-events: must be 0 (the roster's default) or more")
	case o.waiting < 0:
		return o, errors.New("-waiting: must be 0 (tasks that all fit) or more")
	}
	return o, nil
}

// runBenchRoster measures how fast a roster answers tasks that ask at once, and how its
// history grows per assignment and per assign+release cycle. It runs against its own
// team, catalog and roster, so the figures start from an empty roster on any server.
func runBenchRoster(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) (err error) {
	o, err := parseBenchRoster(args, stdout)
	if err != nil {
		return err
	}
	cfg, logger, loaded, c, err := benchSetup(ctx, getenv)
	if err != nil {
		return err
	}
	defer c.Close()
	suffix := uuid.NewString()[:8]
	w, err := newBenchRosterWorld(loaded, "bench-roster-"+suffix, o.n)
	if err != nil {
		return err
	}
	if o.waiting > 0 {
		return runWaitingBench(ctx, c, w, cfg, o, logger, stdout)
	}
	dir, err := os.MkdirTemp("", "lanes-bench-roster-")
	if err != nil {
		return fmt.Errorf("roster file: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if cfg.RosterPath, err = w.writeRoster(dir); err != nil {
		return err
	}
	cfg.QueuePrefix, cfg.Pools = "lanes-bench-roster-"+suffix, []string{poolTasks}
	b := &rosterBench{c: c, limit: o.concurrency, rosterID: w.rosterID(), ids: make([]string, o.n)}
	b.in = &intake.Client{Temporal: c, Catalog: w.cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks}
	for i := range b.ids {
		b.ids[i] = workflows.TaskWorkflowID(fmt.Sprintf("%s-%d", cfg.QueuePrefix, i))
	}
	rosterQueue := b.in.TaskQueue
	if o.backlog {
		// No worker polls this queue until every task has asked: the asks wait in the roster's history.
		rosterQueue, b.holdQueue = cfg.QueuePrefix+"-roster", cfg.QueuePrefix+"-roster"
	}
	// Started before the worker's EnsureRosters, which then uses it, so -max-events applies.
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: w.rosterID(), TaskQueue: rosterQueue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		StaticSummary: "Roster of bench-roster: terminated when the bench ends",
	}, workflows.TeamRosterWorkflow, workflows.RosterInput{
		Team: w.team, TimeZone: w.cat.Teams[w.team].TimeZone, Roster: w.file.Teams[w.team],
		MaxEvents: o.maxEvents, ReconcileEvery: cfg.RosterReconcileEvery,
	})
	if err != nil {
		return fmt.Errorf("start bench roster: %w", err)
	}
	b.firstRun = run.GetRunID()
	defer func() {
		if cerr := endBenchRoster(context.WithoutCancel(ctx), c, b.rosterID, b.ids, err != nil); cerr != nil {
			logger.Warn("Some bench workflows were left open", zap.Error(cerr))
		}
	}()
	_, stop, err := startBenchWorker(ctx, &cfg, c, w.cat, logger)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stdout, "Lanes roster bench: %d %s tasks, %d submits at once, server %s, namespace %s\n%s\n\n",
		o.n, reviewType, o.concurrency, cfg.Temporal.Address, cfg.Temporal.Namespace, w.describe(o.maxEvents))
	return b.run(ctx, stdout)
}

// queryRoster reads a roster's view, the tasks it holds and its run count.
func queryRoster(ctx context.Context, c client.Client, rosterID string) (workflows.RosterStatus, error) {
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

// benchRosterWorld is the bench's own team: a catalog holding only the review type,
// owned by a fresh team, and a roster of people who take it and nothing else.
type benchRosterWorld struct {
	team      string
	cat       *catalog.Catalog
	file      roster.File
	person    roster.Person
	allocated catalog.Allocation
	each      int // reviews one person takes under the cap
}

// benchWeeklyHours is each bench person's week, all of it in the review's allocation.
const benchWeeklyHours = 40

// newBenchRosterWorld copies the review type out of loaded into a fresh team and staffs
// that team with enough people of the right skill and seniority that all n reviews fit.
func newBenchRosterWorld(loaded *catalog.Catalog, team string, n int) (*benchRosterWorld, error) {
	tt, ok := loaded.TaskType(reviewType)
	if !ok {
		return nil, fmt.Errorf("catalog %s has no %q task type for the roster bench", loaded.Ref(), reviewType)
	}
	hours := float64(tt.ManualMinutes) / 60
	if hours <= 0 || hours > roster.UtilizationCap*benchWeeklyHours {
		return nil, fmt.Errorf("task type %q: manualMinutes %d does not fit a %dh week", reviewType, tt.ManualMinutes, benchWeeklyHours)
	}
	cal := loaded.Teams[tt.Team]
	tt.Team = team
	data, err := json.Marshal(catalog.Catalog{Version: loaded.Version, Teams: map[string]catalog.Calendar{team: cal}, TaskTypes: []catalog.TaskType{tt}})
	if err != nil {
		return nil, fmt.Errorf("bench catalog: %w", err)
	}
	cat, err := catalog.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("bench catalog: %w", err)
	}
	bucket := catalog.ClassifyBucket(tt.Scores)
	w := &benchRosterWorld{team: team, cat: cat, allocated: catalog.AllocationFor(tt, bucket, false)}
	w.person = roster.Person{Seniority: roster.Specialist, Skills: []string{tt.Skill}, WeeklyHours: benchWeeklyHours,
		Allocations: roster.Shares{w.allocated: 100}}
	if catalog.NeedsSenior(bucket, false) {
		w.person.Seniority = roster.Senior
	}
	w.each = int(roster.UtilizationCap*benchWeeklyHours/hours + 1e-9)
	people := make([]roster.Person, (n+w.each-1)/w.each)
	for i := range people {
		people[i] = w.person
		people[i].ID = fmt.Sprintf("person-%03d", i)
	}
	w.file = roster.File{Teams: map[string]roster.Team{team: {Managers: []string{people[0].ID}, People: people}}}
	return w, nil
}

func (w *benchRosterWorld) rosterID() string { return workflows.RosterWorkflowID(w.team) }

// writeRoster writes the roster file the worker loads, checked as any roster file is.
func (w *benchRosterWorld) writeRoster(dir string) (string, error) {
	data, err := json.Marshal(w.file)
	if err != nil {
		return "", fmt.Errorf("roster file: %w", err)
	}
	path := filepath.Join(dir, "roster.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("roster file: %w", err)
	}
	if _, err := roster.Load(path, w.cat); err != nil {
		return "", err
	}
	return path, nil
}

func (w *benchRosterWorld) describe(maxEvents int) string {
	limit := "its default"
	if maxEvents > 0 {
		limit = fmt.Sprint(maxEvents)
	}
	return fmt.Sprintf("Team %s: %d %ss with %s, %dh a week of %s, room for %d reviews each; the roster continues as new past %s events.",
		w.team, len(w.file.Teams[w.team].People), w.person.Seniority, w.person.Skills[0], benchWeeklyHours, w.allocated, w.each, limit)
}

// endBenchRoster terminates the bench's roster, which would otherwise wait forever on
// a queue nobody serves, and after a failure the tasks still open.
func endBenchRoster(ctx context.Context, c client.Client, rosterID string, ids []string, failed bool) error {
	if !failed {
		ids = nil
	}
	var errs []error
	for _, id := range append(ids, rosterID) {
		err := c.TerminateWorkflow(ctx, id, "", "bench-roster finished")
		if err != nil && !isNotFound(err) {
			errs = append(errs, fmt.Errorf("terminate %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}
