package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/intake"
)

// shownRuns is how many next and recent runs list shows per schedule.
const shownRuns = 5

func (e *env) scheduleList(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("schedule list", flag.ContinueOnError)
	fs.SetOutput(e.out)
	fs.Usage = func() {
		fmt.Fprintln(e.out, "usage: starter schedule list\n  each Lanes schedule: cadence, paused or not, next runs (holidays skipped), recent runs")
	}
	if err := parseAll(fs, args); err != nil {
		return err
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	ids, err := lanesSchedules(ctx, in.Temporal, e.recurringTypes())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Schedules for catalog %s (recurring types: %s)\n", e.catalog.Ref(), strings.Join(e.recurringTypes(), ", "))
	for _, id := range ids {
		d, err := in.Temporal.ScheduleClient().GetHandle(ctx, id).Describe(ctx)
		var missing *serviceerror.NotFound
		switch {
		case errors.As(err, &missing):
			fmt.Fprintf(e.out, "\n%s  not created yet; starter schedule create makes it\n", id)
			continue
		case err != nil:
			return fmt.Errorf("describe schedule %s: %w", id, err)
		}
		open, err := openRuns(ctx, in.Temporal, id)
		if err != nil {
			return err
		}
		e.printSchedule(id, d, in.TaskQueue, open)
	}
	return nil
}

// openRuns counts the schedule's runs still open. Temporal's own count of running
// workflows leaves out runs that may overlap, as these do, so visibility is asked.
func openRuns(ctx context.Context, c client.Client, id string) (int64, error) {
	resp, err := c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{
		Query: fmt.Sprintf("TemporalScheduledById = %q AND ExecutionStatus = \"Running\"", id),
	})
	if err != nil {
		return 0, fmt.Errorf("count open tasks of schedule %s: %w", id, err)
	}
	return resp.GetCount(), nil
}

// lanesSchedules are the schedules list shows: one per recurring type, whether it
// exists yet or not, and any other lanes-recur- schedule found in the namespace, such
// as one whose type no longer recurs. Temporal's list lags a create by a moment, so the
// catalog's types are named directly.
func lanesSchedules(ctx context.Context, c client.Client, recurring []string) ([]string, error) {
	seen := map[string]bool{}
	for _, t := range recurring {
		seen[intake.RecurringScheduleID(t)] = true
	}
	it, err := c.ScheduleClient().List(ctx, client.ScheduleListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	for it.HasNext() {
		s, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("list schedules: %w", err)
		}
		if strings.HasPrefix(s.ID, intake.RecurringSchedulePrefix) {
			seen[s.ID] = true
		}
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, nil
}

// printSchedule shows one schedule as Temporal keeps it, and whether it matches the catalog.
func (e *env) printSchedule(id string, d *client.ScheduleDescription, taskQueue string, open int64) {
	taskType := strings.TrimPrefix(id, intake.RecurringSchedulePrefix)
	spec := client.ScheduleSpec{}
	if d.Schedule.Spec != nil {
		spec = *d.Schedule.Spec
	}
	loc, err := time.LoadLocation(spec.TimeZoneName)
	if err != nil {
		loc = time.UTC
	}
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	row := func(k, format string, a ...any) { fmt.Fprintf(tw, "  %s\t%s\n", k, fmt.Sprintf(format, a...)) }
	fmt.Fprintf(e.out, "\n%s\n", id)
	cadences := make([]string, 0, len(spec.Calendars))
	for _, c := range spec.Calendars {
		cadences = append(cadences, c.Comment)
	}
	row("Cadence", "%s %s, skipping %d holidays", strings.Join(cadences, "; "), spec.TimeZoneName, len(spec.Skip))
	row("State", "%s", pausedOrNot(d.Schedule.State))
	row("Catalog", "%s", e.scheduleAgainstCatalog(taskType, d.Schedule, taskQueue))
	next := d.Info.NextActionTimes
	row("Next runs", "%s", joinTimes(next, loc))
	if len(next) > 0 {
		from := next[0]
		if e.now != nil {
			from = e.now()
		}
		if skipped := skippedHolidays(spec, from, next[min(len(next), shownRuns)-1], loc); len(skipped) > 0 {
			row("Holidays", "no run on %s", strings.Join(skipped, ", "))
		}
	}
	recent := d.Info.RecentActions
	if len(recent) == 0 {
		row("Recent run", "none yet")
	}
	for i := len(recent) - 1; i >= 0 && i >= len(recent)-shownRuns; i-- {
		task := "(not a workflow)"
		if r := recent[i].StartWorkflowResult; r != nil {
			task = r.WorkflowID
		}
		row("Recent run", "%s  %s", recent[i].ActualTime.In(loc).Format(runLayout), task)
	}
	row("Open tasks", "%d started by this schedule", open)
	_ = tw.Flush()
}

// runLayout shows a run's time in the team's zone.
const runLayout = "Mon 2 Jan 2006 15:04 MST"

func pausedOrNot(s *client.ScheduleState) string {
	switch {
	case s == nil || !s.Paused:
		return "running"
	case s.Note != "":
		return "PAUSED: " + s.Note
	}
	return "PAUSED"
}

// scheduleAgainstCatalog says whether the schedule is what the catalog asks for, and what to do if not.
func (e *env) scheduleAgainstCatalog(taskType string, have client.Schedule, taskQueue string) string {
	t, ok := e.catalog.TaskType(taskType)
	if !ok || t.Recurs == nil {
		return fmt.Sprintf("%s has no recurs in the catalog; starter schedule delete %s removes the schedule", taskType, taskType)
	}
	want, err := recurringSchedule(t, e.catalog.Teams[t.Team], e.catalog.IntakePolicy(), taskQueue)
	if err != nil {
		return err.Error()
	}
	if changes := scheduleChanges(e.conn.DataConverter(), have, want); len(changes) > 0 {
		return fmt.Sprintf("differs in %s; starter schedule create --type %s updates it", strings.Join(changes, ", "), taskType)
	}
	return "matches"
}

func joinTimes(ts []time.Time, loc *time.Location) string {
	if len(ts) == 0 {
		return "none (paused, or no time left on the cadence)"
	}
	parts := make([]string, 0, shownRuns)
	for _, t := range ts[:min(len(ts), shownRuns)] {
		parts = append(parts, t.In(loc).Format(runLayout))
	}
	return strings.Join(parts, ", ")
}
