package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// intakeReport answers what leaders ask of intake (DOMAIN.md §8): which business
// units send the most, what share is rush and what value it carries, and the peaks.
type intakeReport struct {
	Since time.Time `json:"since"`
	Zone  string    `json:"zone"`
	Tasks int       `json:"tasks"`
	// Units are the business units by tasks sent, most first; "" is a request that named none.
	Units []unitIntake `json:"units"`
	Rush  rushIntake   `json:"rush"`
	// Tiers counts the tasks by service tier; "" is a task started before tiers.
	Tiers map[catalog.Tier]int `json:"tiers"`
	// BusiestDays are the days with the most tasks, most first (at most three).
	BusiestDays []periodCount `json:"busiestDays"`
	// BusiestHours are the hours of the day with the most tasks, most first (at most three).
	BusiestHours []periodCount `json:"busiestHours"`
}

type unitIntake struct {
	Unit  string  `json:"unit"`
	Tasks int     `json:"tasks"`
	Rush  int     `json:"rush"`
	Score float64 `json:"score"`
}

// rushIntake is the rush requests' share of the tasks and of the scored value.
type rushIntake struct {
	Tasks      int     `json:"tasks"`
	Share      float64 `json:"share"`
	ScoreShare float64 `json:"scoreShare"`
	AvgScore   float64 `json:"avgScore"`
	// OtherAvgScore is the average score of the other requests, to compare.
	OtherAvgScore float64 `json:"otherAvgScore"`
}

type periodCount struct {
	Period string `json:"period"`
	Tasks  int    `json:"tasks"`
}

// summarizeIntake reads the ledger's intake into the report: days and hours
// were counted in the zone the ledger was asked in.
func summarizeIntake(in ledger.Intake, since time.Time, zone *time.Location) intakeReport {
	r := intakeReport{Since: since, Zone: zone.String(), Tasks: in.Requests, Tiers: in.ByTier}
	for _, u := range in.ByBusinessUnit {
		r.Units = append(r.Units, unitIntake{Unit: u.BusinessUnit, Tasks: u.Requests, Rush: u.Rush, Score: u.Score})
	}
	r.Rush = rushIntake{Tasks: in.Rush, Share: in.RushShare(), ScoreShare: in.RushValueShare()}
	if in.Rush > 0 {
		r.Rush.AvgScore = in.RushScore / float64(in.Rush)
	}
	if others := in.Requests - in.Rush; others > 0 {
		r.Rush.OtherAvgScore = (in.Score - in.RushScore) / float64(others)
	}
	// The ledger's busiest dates come most first, ties in date order, as the report lists them.
	for _, d := range in.BusiestDays[:min(len(in.BusiestDays), busiestShown)] {
		r.BusiestDays = append(r.BusiestDays, periodCount{Period: d.Date.Format("2006-01-02 Mon"), Tasks: d.Requests})
	}
	for h, n := range in.ByHour {
		if n > 0 {
			r.BusiestHours = append(r.BusiestHours, periodCount{Period: fmt.Sprintf("%02d:00", h), Tasks: n})
		}
	}
	slices.SortStableFunc(r.BusiestHours, func(a, b periodCount) int { return cmp.Compare(b.Tasks, a.Tasks) })
	r.BusiestHours = r.BusiestHours[:min(len(r.BusiestHours), busiestShown)]
	return r
}

// busiestShown is how many days and hours the report names.
const busiestShown = 3

// intakeReportCmd reports on the requests the ledger received since --since.
func (e *env) intakeReportCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("intake-report", flag.ContinueOnError)
	fs.SetOutput(e.out)
	since := fs.Duration("since", 7*24*time.Hour, "report on the requests received in this long before now, like 168h")
	team := fs.String("team", "", "report on one team of the catalog, like marketing-ops (default: every team)")
	zoneName := fs.String("zone", "UTC", "time zone of the busiest days and hours, like America/New_York")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	if *since <= 0 || *since > ledger.MaxPeriod {
		return fmt.Errorf("--since: %s must be positive and at most %dh, like 168h for a week", *since, int(ledger.MaxPeriod.Hours()))
	}
	if err := e.checkTeam(*team); err != nil {
		return err
	}
	zone, err := time.LoadLocation(*zoneName)
	if err != nil {
		return fmt.Errorf("--zone: %q is not a time zone; use an IANA name like America/New_York", *zoneName)
	}
	store, err := e.openReportLedger(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }() // read in a query that has ended
	now := e.wallClock()
	from := now.Add(-*since).UTC()
	in, err := store.Intake(ctx, ledger.Period{From: from, To: now}, zone, ledger.Filter{Team: *team})
	if err != nil {
		return err
	}
	report := summarizeIntake(in, from, zone)
	if *asJSON {
		return e.printJSON(report)
	}
	return e.printIntakeReport(report)
}

func (e *env) printIntakeReport(r intakeReport) error {
	fmt.Fprintf(e.out, "Intake since %s (%s): %d tasks\n", r.Since.Format(time.RFC3339), r.Zone, r.Tasks)
	if r.Tasks == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "BUSINESS UNIT\tTASKS\tSHARE\tRUSH\tSCORE")
	for _, u := range r.Units {
		fmt.Fprintf(tw, "%s\t%d\t%.0f%%\t%d\t%.2f\n", orNone(u.Unit), u.Tasks, 100*float64(u.Tasks)/float64(r.Tasks), u.Rush, u.Score)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Rush: %d of %d (%.0f%%), carrying %.0f%% of the score (average %.2f, others %.2f)\n",
		r.Rush.Tasks, r.Tasks, 100*r.Rush.Share, 100*r.Rush.ScoreShare, r.Rush.AvgScore, r.Rush.OtherAvgScore)
	tiers := make([]string, 0, len(r.Tiers))
	for _, t := range catalog.TiersMostServiceFirst() {
		if n := r.Tiers[t]; n > 0 {
			tiers = append(tiers, fmt.Sprintf("%s %d", orNone(string(t)), n))
		}
	}
	fmt.Fprintf(e.out, "Tiers: %s\n", strings.Join(tiers, ", "))
	_, err := fmt.Fprintf(e.out, "Busiest days: %s\nBusiest hours: %s\n", periods(r.BusiestDays), periods(r.BusiestHours))
	return err
}

func periods(ps []periodCount) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%s (%d)", p.Period, p.Tasks)
	}
	return strings.Join(parts, ", ")
}
