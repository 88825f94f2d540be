package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/reports"
)

const reportUsage = `usage: starter report capacity|flow|review [flags]   (each report takes -h)
  capacity   each person's planned load against each protected allocation now, who is at
             or over the 95% line and since when, hours reported against estimates over
             7 and 30 days, and each team's automation, breaches and handoffs over the period
  flow       cycle, queue and response times; SLA attainment; automation rate and minutes
             saved; weekly throughput and backlog; breaches; handoffs, reroutes, escalations,
             touches and rework; automation exceptions by executor action
  review     the monthly review: top task types, automate next, re-score candidates, intake,
             and the next four weeks' demand per team and skill against capacity
Flags: --team, --from/--to (days, the last included) or --month YYYY-MM (default: the last
30 days; review: last month), --zone, --json or --csv, --wait.
The ledger is the worker's: LANES_LEDGER_DSN (PostgreSQL) or LANES_LEDGER_PATH (SQLite,
default .lanes/dev/ledger.db, where go run ./cmd/dev keeps it). capacity and review also read
the rosters and schedules from Temporal. See docs/ledger.md#reports.`

// report runs `starter report capacity|flow|review [flags]`.
func (e *env) report(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("report: name the report\n%s", reportUsage)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		_, err := fmt.Fprintln(e.out, reportUsage)
		return err
	case "capacity", "flow", "review":
		return e.runReport(ctx, args[0], args[1:])
	}
	return fmt.Errorf("report: unknown report %q\n%s", args[0], reportUsage)
}

func (e *env) runReport(ctx context.Context, name string, args []string) error {
	f := e.reportFlags(name)
	if err := parseAll(f.fs, args); err != nil {
		return err
	}
	zone, err := e.checkReportFlags(f)
	if err != nil {
		return err
	}
	now := e.wallClock()
	scope := reports.Scope{Zone: zone, Filter: ledger.Filter{Team: *f.team}, At: now}
	month := ""
	if name == "review" {
		month, err = reviewMonth(f, now, zone)
	} else {
		scope.Period, err = f.period(now, zone)
	}
	if err != nil {
		return err
	}
	store, err := e.openReportLedger(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }() // read in queries that have ended
	var r *reports.Report
	switch name {
	case "flow":
		r, err = reports.Flow(ctx, store, scope)
	case "capacity":
		r, err = e.capacityReport(ctx, store, scope, *f.wait)
	case "review":
		r, err = e.reviewReport(ctx, store, month, scope, *f.wait)
	}
	if err != nil {
		return err
	}
	switch {
	case *f.asJSON:
		return reports.WriteJSON(e.out, r)
	case *f.asCSV:
		return reports.WriteCSV(e.out, r)
	}
	return reports.WriteText(e.out, r)
}

// reviewMonth is --month, or else last month in zone; a review covers a calendar month.
func reviewMonth(f reportFlags, now time.Time, zone *time.Location) (string, error) {
	set := setFlags(f.fs)
	for _, name := range []string{"from", "to"} {
		if set[name] {
			return "", fmt.Errorf("--%s: the review covers a calendar month; give --month, like --month 2026-03", name)
		}
	}
	if !set["month"] {
		local := now.In(zone)
		return time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, zone).Format("2006-01"), nil
	}
	if _, err := time.ParseInLocation("2006-01", *f.month, zone); err != nil {
		return "", fmt.Errorf("--month: %q is not a month; write it as YYYY-MM, such as 2026-03", *f.month)
	}
	return *f.month, nil
}

// wallClock is now: the injected clock in tests, the wall clock otherwise.
func (e *env) wallClock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

// openReportLedger opens the worker's ledger to read. A report never creates one,
// nor migrates it: a missing SQLite file means starter is not looking where the
// worker writes.
func (e *env) openReportLedger(ctx context.Context) (*ledger.Store, error) {
	cfg, missing, err := e.workersLedger()
	if err != nil {
		return nil, err
	}
	if missing != nil {
		return nil, missing
	}
	return lanesworker.OpenLedgerToRead(ctx, cfg)
}

// workersLedger is the ledger the worker writes, named by the same variables;
// missing says why there is none when they name a SQLite file that does not exist.
func (e *env) workersLedger() (cfg ledger.Config, missing, err error) {
	cfg, err = lanesworker.LedgerFromEnv(e.getenv)
	if err != nil || cfg.DSN != "" {
		return cfg, nil, err
	}
	path, chosenBy := cfg.Path, ledger.EnvPath
	if path == "" {
		path, chosenBy = ledger.DefaultSQLitePath, ledger.EnvPath+" (unset, so the default)"
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return cfg, fmt.Errorf("%s: no ledger at %s; run starter from the directory the worker or go run ./cmd/dev runs in, or set %s to the worker's ledger file", chosenBy, path, ledger.EnvPath), nil
	}
	return cfg, nil, nil
}
