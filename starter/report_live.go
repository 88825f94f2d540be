package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/reports"
)

// reportTeams are the teams a report covers: --team, or every team of the catalog.
func (e *env) reportTeams(f ledger.Filter) []string {
	if f.Team != "" {
		return []string{f.Team}
	}
	return e.teams()
}

func (e *env) capacityReport(ctx context.Context, store *ledger.Store, s reports.Scope, wait time.Duration) (*reports.Report, error) {
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return nil, err
	}
	defer closeClient()
	teams := e.reportTeams(s.Filter)
	rosters, err := readRosters(ctx, in, teams, wait)
	if err != nil {
		return nil, err
	}
	return reports.Capacity(ctx, store, s, teams, rosters)
}

func (e *env) reviewReport(ctx context.Context, store *ledger.Store, month string, s reports.Scope, wait time.Duration) (*reports.Report, error) {
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return nil, err
	}
	defer closeClient()
	live := reports.Live{Teams: e.reportTeams(s.Filter)}
	if live.Rosters, err = readRosters(ctx, in, live.Teams, wait); err != nil {
		return nil, err
	}
	if live.Runs, live.Notes, err = e.scheduledRuns(ctx, in.Temporal, live.Teams, wait); err != nil {
		return nil, err
	}
	return reports.Review(ctx, store, month, s, e.catalog, live)
}

// readRosters reads each team's roster now; a team with no roster workflow is left
// out, which the reports say.
func readRosters(ctx context.Context, in *intake.Client, teams []string, wait time.Duration) (reports.Rosters, error) {
	rosters := reports.Rosters{}
	for _, team := range teams {
		qctx, cancel := context.WithTimeout(ctx, wait)
		st, err := in.Roster(qctx, team)
		cancel()
		switch {
		case errors.Is(err, intake.ErrRosterNotFound):
			continue
		case errors.Is(err, context.DeadlineExceeded):
			return nil, fmt.Errorf("read the %s roster: no answer within --wait %s (is the worker running?)", team, wait)
		case err != nil:
			return nil, err
		}
		rosters[team] = &st.View
	}
	return rosters, nil
}

// scheduledRuns lists the runs the teams' recurring schedules will start, as
// Temporal computes them (holidays skipped). A paused schedule starts none, and a
// type whose schedule was never created starts none either: both are noted.
func (e *env) scheduledRuns(ctx context.Context, c client.Client, teams []string, wait time.Duration) ([]reports.ScheduledRun, []string, error) {
	var runs []reports.ScheduledRun
	var notes []string
	for _, team := range teams {
		for _, t := range e.catalog.TaskTypes {
			if t.Team != team || t.Recurs == nil {
				continue
			}
			id := recurringScheduleID(t.ID)
			dctx, cancel := context.WithTimeout(ctx, wait)
			d, err := c.ScheduleClient().GetHandle(dctx, id).Describe(dctx)
			cancel()
			var missing *serviceerror.NotFound
			switch {
			case errors.As(err, &missing):
				notes = append(notes, fmt.Sprintf("%s recurs in the catalog but its schedule %s does not exist, so the forecast counts no run of it; starter schedule create makes it.", t.ID, id))
				continue
			case err != nil:
				return nil, nil, fmt.Errorf("describe schedule %s for the forecast: %w", id, err)
			case d.Schedule.State != nil && d.Schedule.State.Paused:
				notes = append(notes, fmt.Sprintf("schedule %s is paused, so the forecast counts no run of %s.", id, t.ID))
				continue
			}
			for _, at := range d.Info.NextActionTimes {
				runs = append(runs, reports.ScheduledRun{TaskType: t.ID, At: at})
			}
		}
	}
	return runs, notes, nil
}
