package dashboard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/reports"
)

// weekLayout names a forecast week by its Monday.
const weekLayout = "Mon 2 Jan"

// forecastView is reports.Forecasts drawn: the weeks that will not fit first,
// then each team's needs week by week.
type forecastView struct {
	// From says when the forecast was made: it covers the four weeks after this one.
	From string
	// NotFitting names each week whose demand is over the 95% line.
	NotFitting []string
	Teams      []forecastTeam
	// Notes say what the forecast could not count, such as a paused schedule.
	Notes []string
}

// forecastTeam is one team's forecast: a row per skill and allocation, a cell per week.
type forecastTeam struct {
	Team string
	// Weeks head the columns, each the Monday it starts in the team's zone.
	Weeks    []string
	Rows     []forecastRow
	Rostered bool
}

// forecastRow is one skill's (or the whole team's) demand on one allocation.
type forecastRow struct {
	Skill, Allocation string
	Cells             []forecastCell
}

// forecastCell is one week of a row, its figures in hours as printed.
type forecastCell struct {
	Week                                                  string
	Baseline, Recurring, Open, Demand, Capacity, LineText string
	Fits                                                  bool
}

// forecast reads the rosters and the schedules' runs, and projects the next four
// weeks from the ledger. A roster or schedule that does not answer is noted and
// the forecast drawn without it; the ledger failing fails the page.
func (s *server) forecast(ctx context.Context, v view, now time.Time) (forecastView, error) {
	out := forecastView{From: now.In(v.Zone).Format(whenLayout)}
	live := reports.Live{Teams: s.teamsOf(v), Rosters: reports.Rosters{}}
	rosters, errs := s.rosters(ctx, live.Teams)
	for i, team := range live.Teams {
		switch err := errs[i]; {
		case errors.Is(err, ErrNoRoster):
			out.Notes = append(out.Notes, team+" runs no roster, so its demand has no capacity to be set against.")
		case err != nil:
			out.Notes = append(out.Notes, "The "+team+" roster did not answer, so its demand is shown without capacity and without the work open now.")
		default:
			live.Rosters[team] = &rosters[i].View
		}
	}
	runs, notes, err := s.cfg.Live.ScheduledRuns(ctx, s.cfg.Catalog, live.Teams)
	if err != nil {
		s.cfg.Logger.Warn("Dashboard could not read the schedules", zap.Error(err))
		notes = []string{"The schedules did not answer, so the forecast counts no recurring run."}
	}
	live.Runs = runs
	out.Notes = append(out.Notes, notes...)
	weeks, err := reports.Forecasts(ctx, s.cfg.Ledger, s.cfg.Catalog, now, live)
	if err != nil {
		return out, err
	}
	for _, w := range weeks {
		if len(out.Teams) == 0 || out.Teams[len(out.Teams)-1].Team != w.Team {
			out.Teams = append(out.Teams, forecastTeam{Team: w.Team, Rostered: w.Rostered})
		}
		t := &out.Teams[len(out.Teams)-1]
		skill := reports.SkillText(w.Skill)
		if len(t.Rows) == 0 || t.Rows[len(t.Rows)-1].Skill != skill || t.Rows[len(t.Rows)-1].Allocation != string(w.Allocation) {
			t.Rows = append(t.Rows, forecastRow{Skill: skill, Allocation: string(w.Allocation)})
		}
		row := &t.Rows[len(t.Rows)-1]
		week := w.Start.Format(weekLayout)
		if len(t.Rows) == 1 {
			t.Weeks = append(t.Weeks, week)
		}
		row.Cells = append(row.Cells, forecastCell{
			Week: w.Start.Format(dateLayout), Baseline: hours(w.BaselineHours), Recurring: hours(w.RecurringHours), Open: hours(w.OpenHours),
			Demand: hours(w.DemandHours()), Capacity: hours(w.CapacityHours), LineText: hours(w.LineHours()), Fits: w.Fits(),
		})
		if !w.Fits() {
			out.NotFitting = append(out.NotFitting, fmt.Sprintf("%s, %s, %s, week of %s: %sh against the %sh line (%sh over)",
				w.Team, skill, w.Allocation, week, hours(w.DemandHours()), hours(w.LineHours()), hours(w.DemandHours()-w.LineHours())))
		}
	}
	return out, nil
}
