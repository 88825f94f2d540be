package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/lanesworker"
)

const ledgerUsage = `usage: starter ledger COMMAND [flags]   (each command takes -h)
  backfill   record the facts of the tasks closed within retention that the ledger lacks
             (--since, --dry-run, --json, --wait): run it once when adding the ledger to a
             running system; a rerun records nothing twice
The ledger is the worker's: LANES_LEDGER_DSN (PostgreSQL) or LANES_LEDGER_PATH (SQLite,
default .lanes/dev/ledger.db). See docs/ledger.md#backfilling-tasks-closed-before-the-ledger.`

// ledgerCmd runs a command on the task ledger: `starter ledger backfill [flags]`.
func (e *env) ledgerCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("ledger: name the command\n%s", ledgerUsage)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		_, err := fmt.Fprintln(e.out, ledgerUsage)
		return err
	case "backfill":
		return e.backfill(ctx, args[1:])
	}
	return fmt.Errorf("ledger: unknown command %q\n%s", args[0], ledgerUsage)
}

// backfill records in the ledger the facts of the tasks closed since --since that it
// lacks, rebuilt from each task's final status.
func (e *env) backfill(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ledger backfill", flag.ContinueOnError)
	fs.SetOutput(e.out)
	since := fs.Duration("since", 0, "backfill the tasks closed in this long before now, like 720h (default: the namespace's retention, all Temporal still has)")
	dryRun := fs.Bool("dry-run", false, "read the tasks and the ledger and count what would be recorded, recording nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	wait := fs.Duration("wait", 10*time.Second, "how long a cancelled task's status query waits for a Lanes worker to answer")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	sinceSet := false
	fs.Visit(func(f *flag.Flag) { sinceSet = sinceSet || f.Name == "since" })
	if sinceSet && *since <= 0 {
		return fmt.Errorf("--since: %s must be positive, like 720h for 30 days; leave it out to cover the namespace's retention", *since)
	}
	if *wait <= 0 {
		return fmt.Errorf("--wait: %s must be positive, like 10s", *wait)
	}
	cfg, err := lanesworker.LedgerFromEnv(e.getenv)
	if err != nil {
		return err
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	window, from := *since, "--since"
	if !sinceSet {
		if window, err = retention(ctx, in.Temporal, e.conn.Namespace); err != nil {
			return err
		}
		from = fmt.Sprintf("the namespace's retention, %s", window)
	}
	store, err := lanesworker.OpenLedger(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }() // read or written in transactions that have ended
	now := time.Now()
	if e.now != nil {
		now = e.now()
	}
	b := backfiller{temporal: in.Temporal, store: store, catalog: e.catalog, dryRun: *dryRun, wait: *wait}
	report, err := b.run(ctx, now.Add(-window).UTC())
	if err != nil {
		return err
	}
	report.SinceFrom = from
	if *asJSON {
		return e.printJSON(report)
	}
	return e.printBackfill(report)
}

// retention is how long the namespace keeps closed workflows: all a backfill can read.
func retention(ctx context.Context, c client.Client, namespace string) (time.Duration, error) {
	resp, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
	if err != nil {
		return 0, fmt.Errorf("read the retention of namespace %s for --since: %w", namespace, err)
	}
	ttl := resp.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration()
	if ttl <= 0 {
		return 0, errors.New("--since: namespace " + namespace + " reports no retention; give --since, like 720h for 30 days")
	}
	return ttl, nil
}

func (e *env) printBackfill(r backfillReport) error {
	verb := "Facts recorded"
	if r.DryRun {
		verb = "Facts to record (dry run)"
	}
	fmt.Fprintf(e.out, "Ledger backfill of the tasks closed since %s (%s)\n", r.Since.Format(time.RFC3339), r.SinceFrom)
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Tasks read\t%d, %d with facts the ledger lacked\n", r.TasksRead, r.TasksBackfilled)
	fmt.Fprintf(tw, "%s\t%d\n", verb, r.FactsNew)
	fmt.Fprintf(tw, "Already present\t%d\n", r.FactsPresent)
	if r.FactsLeftOut > 0 {
		fmt.Fprintf(tw, "Left out\t%d (tasks that recorded their own facts, under other keys)\n", r.FactsLeftOut)
	}
	fmt.Fprintf(tw, "Skipped\t%d\n", len(r.Skipped))
	for _, s := range r.Skipped {
		fmt.Fprintf(tw, "  %s\t%s\n", s.TaskID, s.Reason)
	}
	for _, f := range r.Refused {
		fmt.Fprintf(tw, "Refused\t%s %s: %s\n", f.TaskID, f.Milestone, f.Problem)
	}
	return tw.Flush()
}
