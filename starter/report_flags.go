package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// defaultDays is the period a report covers when no flag names one: the last 30
// days, today included.
const defaultDays = 30

// reportFlags are the flags every report takes.
type reportFlags struct {
	fs       *flag.FlagSet
	team     *string
	from, to *string
	month    *string
	zone     *string
	asJSON   *bool
	asCSV    *bool
	wait     *time.Duration
}

func (e *env) reportFlags(name string) reportFlags {
	fs := flag.NewFlagSet("report "+name, flag.ContinueOnError)
	fs.SetOutput(e.out)
	return reportFlags{
		fs:     fs,
		team:   fs.String("team", "", "report on one team of the catalog, like marketing-ops (default: every team)"),
		from:   fs.String("from", "", "the first day the report covers, YYYY-MM-DD (with --to)"),
		to:     fs.String("to", "", "the last day the report covers, YYYY-MM-DD, included (with --from)"),
		month:  fs.String("month", "", "the calendar month the report covers, YYYY-MM (instead of --from and --to)"),
		zone:   fs.String("zone", "", "the time zone days, weeks and hours are counted in, like America/New_York (default: the team's; without --team, the zone the catalog's teams share, or UTC when they differ)"),
		asJSON: fs.Bool("json", false, "print the report as JSON"),
		asCSV:  fs.Bool("csv", false, "print the report as CSV, for a spreadsheet: one block per table, the table's name first on every row"),
		wait:   fs.Duration("wait", 15*time.Second, "how long to wait for each roster's and schedule's answer"),
	}
}

// check reads the flags that do not depend on the report: the team against the
// catalog, the zone, and one output format.
func (e *env) checkReportFlags(f reportFlags) (*time.Location, error) {
	if *f.asJSON && *f.asCSV {
		return nil, errors.New("--csv: given with --json; choose one format")
	}
	if *f.wait <= 0 {
		return nil, fmt.Errorf("--wait: %s must be positive, like 15s", *f.wait)
	}
	if err := e.checkTeam(*f.team); err != nil {
		return nil, err
	}
	return e.reportZone(*f.zone, *f.team)
}

// checkTeam refuses a --team the catalog does not have; "" is every team.
func (e *env) checkTeam(team string) error {
	if _, ok := e.catalog.Teams[team]; team != "" && !ok {
		return fmt.Errorf("--team: %q is not a team in catalog %s; use one of %s", team, e.catalog.Ref(), strings.Join(e.teams(), ", "))
	}
	return nil
}

// reportZone is --zone, or else the team's zone, or else the one zone all the
// catalog's teams share, or else UTC: never the machine's.
func (e *env) reportZone(name, team string) (*time.Location, error) {
	if name != "" {
		loc, err := time.LoadLocation(name)
		if err != nil {
			return nil, fmt.Errorf("--zone: %q is not a time zone; use an IANA name like America/New_York", name)
		}
		return loc, nil
	}
	zones := map[string]bool{}
	for t, cal := range e.catalog.Teams {
		if team == "" || t == team {
			zones[cal.TimeZone] = true
		}
	}
	if len(zones) != 1 {
		return time.UTC, nil
	}
	var only string
	for z := range zones {
		only = z
	}
	return time.LoadLocation(only)
}

// period reads --from/--to or --month into the period they cover in loc; with
// neither, the last 30 days up to the end of today.
func (f reportFlags) period(now time.Time, loc *time.Location) (ledger.Period, error) {
	set := setFlags(f.fs)
	switch {
	case set["month"] && (set["from"] || set["to"]):
		return ledger.Period{}, errors.New("--month: given with --from/--to; give a month or a period, not both")
	case set["month"]:
		start, err := time.ParseInLocation("2006-01", *f.month, loc)
		if err != nil {
			return ledger.Period{}, fmt.Errorf("--month: %q is not a month; write it as YYYY-MM, such as 2026-03", *f.month)
		}
		return ledger.Period{From: start, To: start.AddDate(0, 1, 0)}, nil
	case set["from"] != set["to"]:
		given, missing := "--from", "--to"
		if set["to"] {
			given, missing = missing, given
		}
		return ledger.Period{}, fmt.Errorf("%s: given without %s; give both, like --from 2026-03-01 --to 2026-03-31, or --month 2026-03", given, missing)
	case !set["from"]:
		today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
		return ledger.Period{From: today.AddDate(0, 0, 1-defaultDays), To: today.AddDate(0, 0, 1)}, nil
	}
	from, err := time.ParseInLocation(time.DateOnly, *f.from, loc)
	if err != nil {
		return ledger.Period{}, fmt.Errorf("--from: %q is not a date; write it as YYYY-MM-DD, such as 2026-03-01", *f.from)
	}
	last, err := time.ParseInLocation(time.DateOnly, *f.to, loc)
	if err != nil {
		return ledger.Period{}, fmt.Errorf("--to: %q is not a date; write it as YYYY-MM-DD, such as 2026-03-31", *f.to)
	}
	if last.Before(from) {
		return ledger.Period{}, fmt.Errorf("--to: %s is before --from %s; the period runs forward", *f.to, *f.from)
	}
	p := ledger.Period{From: from, To: last.AddDate(0, 0, 1)}
	if days := p.To.Sub(p.From); days > ledger.MaxPeriod {
		return ledger.Period{}, fmt.Errorf("--to: the period is %d days, longer than the %d one report reads; split it", int(days.Hours()/24), int(ledger.MaxPeriod.Hours()/24))
	}
	return p, nil
}
