package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

// intakeRecord is what intake left on one task's search attributes.
type intakeRecord struct {
	Start time.Time
	Unit  string
	Rush  bool
	Tier  catalog.Tier
	Score float64
	// Scored is false for a task started before intake scored requests.
	Scored bool
}

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

// summarizeIntake sums the records up; days and hours are read in zone.
func summarizeIntake(records []intakeRecord, since time.Time, zone *time.Location) intakeReport {
	r := intakeReport{Since: since, Zone: zone.String(), Tasks: len(records), Tiers: map[catalog.Tier]int{}}
	units := map[string]*unitIntake{}
	days, hours := map[string]int{}, map[string]int{}
	var rushScore, otherScore float64
	var rushScored, otherScored int
	for _, rec := range records {
		u := units[rec.Unit]
		if u == nil {
			u = &unitIntake{Unit: rec.Unit}
			units[rec.Unit] = u
		}
		u.Tasks++
		u.Score += rec.Score
		switch {
		case rec.Rush:
			u.Rush++
			r.Rush.Tasks++
			rushScore += rec.Score
			rushScored += boolCount(rec.Scored)
		default:
			otherScore += rec.Score
			otherScored += boolCount(rec.Scored)
		}
		r.Tiers[rec.Tier]++
		local := rec.Start.In(zone)
		days[local.Format("2006-01-02 Mon")]++
		hours[local.Format("15:00")]++
	}
	for _, u := range units {
		r.Units = append(r.Units, *u)
	}
	sort.Slice(r.Units, func(i, j int) bool {
		if r.Units[i].Tasks != r.Units[j].Tasks {
			return r.Units[i].Tasks > r.Units[j].Tasks
		}
		return r.Units[i].Unit < r.Units[j].Unit
	})
	if r.Tasks > 0 {
		r.Rush.Share = float64(r.Rush.Tasks) / float64(r.Tasks)
	}
	if total := rushScore + otherScore; total > 0 {
		r.Rush.ScoreShare = rushScore / total
	}
	// Averages are over the tasks intake scored: older ones have no score to count.
	if rushScored > 0 {
		r.Rush.AvgScore = rushScore / float64(rushScored)
	}
	if otherScored > 0 {
		r.Rush.OtherAvgScore = otherScore / float64(otherScored)
	}
	r.BusiestDays, r.BusiestHours = busiest(days, 3), busiest(hours, 3)
	return r
}

func boolCount(b bool) int {
	if b {
		return 1
	}
	return 0
}

// busiest lists the periods with the most tasks, ties in period order.
func busiest(counts map[string]int, n int) []periodCount {
	out := make([]periodCount, 0, len(counts))
	for p, c := range counts {
		out = append(out, periodCount{Period: p, Tasks: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Tasks != out[j].Tasks {
			return out[i].Tasks > out[j].Tasks
		}
		return out[i].Period < out[j].Period
	})
	return out[:min(n, len(out))]
}

// intakeReportCmd reads the tasks started since --since from visibility and reports on them.
func (e *env) intakeReportCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("intake-report", flag.ContinueOnError)
	fs.SetOutput(e.out)
	since := fs.Duration("since", 7*24*time.Hour, "report on the tasks started in this long before now, like 168h")
	zoneName := fs.String("zone", "UTC", "time zone of the busiest days and hours, like America/New_York")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	if *since <= 0 {
		return fmt.Errorf("--since: %s must be positive, like 168h for a week", *since)
	}
	zone, err := time.LoadLocation(*zoneName)
	if err != nil {
		return fmt.Errorf("--zone: %q is not a time zone; use an IANA name like America/New_York", *zoneName)
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	now := time.Now()
	if e.now != nil {
		now = e.now()
	}
	from := now.Add(-*since).UTC()
	records, err := listIntake(ctx, in.Temporal, from)
	if err != nil {
		return err
	}
	report := summarizeIntake(records, from, zone)
	if *asJSON {
		return e.printJSON(report)
	}
	return e.printIntakeReport(report)
}

// listIntake reads every task started since from visibility, with intake's search
// attributes, in the client's namespace.
func listIntake(ctx context.Context, c client.Client, since time.Time) ([]intakeRecord, error) {
	query := fmt.Sprintf("WorkflowType = 'CampaignTaskWorkflow' AND StartTime >= '%s'", since.Format(time.RFC3339))
	var records []intakeRecord
	var token []byte
	// Pages follow a sort in which a task that closes between pages moves, so it can come twice.
	seen := map[string]bool{}
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list tasks since %s: %w", since.Format(time.RFC3339), err)
		}
		for _, info := range resp.GetExecutions() {
			run := info.GetExecution().GetRunId()
			if seen[run] {
				continue
			}
			seen[run] = true
			attrs := info.GetSearchAttributes().GetIndexedFields()
			rec := intakeRecord{Start: info.GetStartTime().AsTime()}
			decodeAttr(attrs, workflows.AttrBusinessUnit.GetName(), &rec.Unit)
			decodeAttr(attrs, workflows.AttrRush.GetName(), &rec.Rush)
			decodeAttr(attrs, workflows.AttrServiceTier.GetName(), &rec.Tier)
			rec.Scored = decodeAttr(attrs, workflows.AttrScore.GetName(), &rec.Score)
			records = append(records, rec)
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return records, nil
		}
	}
}

// decodeAttr reads one search attribute and says whether the task has it; without it v keeps its zero value.
func decodeAttr(attrs map[string]*commonpb.Payload, name string, v any) bool {
	p, ok := attrs[name]
	return ok && converter.GetDefaultDataConverter().FromPayload(p, v) == nil
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
	for _, t := range []catalog.Tier{catalog.TierFull, catalog.TierStandard, catalog.TierSelfService, ""} {
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
