package main

import (
	"context"
	"errors"
	"fmt"
	"time"

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
	if live.Runs, live.Notes, err = in.ScheduledRuns(ctx, e.catalog, live.Teams, wait); err != nil {
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
