package reports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// Live is what the review's forecast reads beside the ledger: the rosters now
// and the runs the recurring schedules will start.
type Live struct {
	Teams   []string
	Rosters Rosters
	Runs    []ScheduledRun
	// Notes say what could not be read, such as a schedule Temporal did not answer for.
	Notes []string
}

// Review is the monthly review (DOMAIN.md §9 and §11) of month (YYYY-MM) in
// s.Zone: the top task types, what to automate or re-score next, who asked for
// work and when, and the forecast of the four weeks after s.At against capacity.
// s.Period is not read: the month is the period.
func Review(ctx context.Context, store *ledger.Store, month string, s Scope, types *catalog.Catalog, live Live) (*Report, error) {
	review, err := store.Review(ctx, month, s.Zone, s.Filter, types)
	if err != nil {
		return nil, err
	}
	s.Period = review.Period
	r := s.report("review")
	top := func(name, title string, rows []ledger.Handling) Table {
		t := handlingTable(name, title, false)
		for _, h := range rows {
			t.add(handlingRow(h, false)...)
		}
		return t
	}
	r.Tables = append(r.Tables,
		top("top_by_volume", "Top ten task types by volume (tasks completed)", review.ByVolume),
		top("top_by_escalation_rate", "Top ten task types by escalation rate (among those escalated)", review.ByEscalationRate),
		top("top_by_manual_touches", "Top ten task types by manual touches a task (among those touched)", review.ByManualTouches),
		automateNextTable(review.AutomateNext), rescoreTable(review.Rescore))
	r.Tables = append(r.Tables, intakeTables(review.Intake)...)
	weeks, err := Forecasts(ctx, store, types, s.At, live)
	if err != nil {
		return nil, fmt.Errorf("review %s: %w", month, err)
	}
	r.Tables = append(r.Tables, forecastTable(weeks), notFittingTable(weeks))
	r.Notes = append(r.Notes, live.Notes...)
	return r, nil
}

func automateNextTable(rows []ledger.AutomateNext) Table {
	t := Table{
		Name: "automate_next", Title: "Automate next: manual minutes a month people spent on types that could be automated (automation score 3 or more, not in the automated lane)",
		Empty: "no such type was worked by people this month",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("lane", "LANE", Text), col("automation_score", "AUTOMATION SCORE", Count),
			col("tasks", "TASKS", Count), col("manual_minutes", "MANUAL MINUTES", Count),
		},
	}
	for _, a := range rows {
		t.add(a.TaskType, string(a.Lane), a.AutomationScore, a.Tasks, a.ManualMinutes)
	}
	return t
}

func rescoreTable(rows []ledger.Rescore) Table {
	t := Table{
		Name: "rescore", Title: "Re-score candidates: types re-scored, climbing more than once, failing automation, or off their estimate by more than half",
		Empty: "no type showed a sign",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("reasons", "WHY", Text), col("completed", "COMPLETED", Count),
			col("reclassified", "RE-SCORED", Count), col("escalated_repeatedly", "CLIMBED TWICE+", Count),
			col("automation_runs", "RUNS", Count), col("automation_failed", "FAILED", Count),
			col("hours_estimated", "EST", Hours), col("hours_actual", "ACTUAL", Hours),
		},
	}
	for _, c := range rows {
		reasons := make([]string, len(c.Reasons))
		for i, why := range c.Reasons {
			reasons[i] = string(why)
		}
		t.add(c.TaskType, strings.Join(reasons, ", "), c.Completed, c.Reclassified, c.EscalatedRepeatedly, c.Runs, c.Failed, c.HoursEstimated, c.HoursActual)
	}
	return t
}

// Forecasts projects each team's next four weeks: its lookback read from the
// ledger in the team's zone, its roster and its schedules' runs from live.
func Forecasts(ctx context.Context, store *ledger.Store, types *catalog.Catalog, now time.Time, live Live) ([]ForecastWeek, error) {
	var out []ForecastWeek
	for _, team := range live.Teams {
		loc, err := time.LoadLocation(types.Teams[team].TimeZone)
		if err != nil {
			return nil, fmt.Errorf("forecast of %s: the catalog's time zone: %w", team, err)
		}
		history, err := store.Demand(ctx, Lookback(now, loc), loc, ledger.Filter{Team: team})
		if err != nil {
			return nil, fmt.Errorf("forecast of %s: %w", team, err)
		}
		out = append(out, Forecast(ForecastInput{Team: team, Zone: loc, Now: now, Types: types, History: history, Roster: live.Rosters[team], Runs: live.Runs})...)
	}
	return out, nil
}

func forecastTable(weeks []ForecastWeek) Table {
	t := Table{
		Name: "forecast", Title: "Forecast of the next four weeks per team, skill and allocation: demand (the last four weeks' average, the schedules' runs, the work open now) against capacity",
		Empty: "no demand expected",
		Columns: []Column{
			col("team", "TEAM", Text), col("skill", "SKILL", Text), col("allocation", "ALLOCATION", Text),
			col("week_start", "WEEK OF", Date), col("baseline_hours", "BASELINE", Hours),
			col("recurring_hours", "RECURRING", Hours), col("open_hours", "OPEN NOW", Hours),
			col("demand_hours", "DEMAND", Hours), col("capacity_hours", "CAPACITY", Hours),
			col("line_hours", "95% LINE", Hours), col("fits", "FITS", Text),
		},
	}
	for _, w := range weeks {
		fits := "yes"
		switch {
		case !w.Rostered:
			fits = "no roster"
		case !w.Fits():
			fits = "NO"
		}
		t.add(w.Team, SkillText(w.Skill), string(w.Allocation), w.Start, w.BaselineHours, w.RecurringHours, w.OpenHours,
			w.DemandHours(), w.CapacityHours, w.LineHours(), fits)
	}
	return t
}

func notFittingTable(weeks []ForecastWeek) Table {
	t := Table{
		Name: "will_not_fit", Title: "The weeks that will not fit: demand over the 95% line",
		Empty: "every week fits",
		Columns: []Column{
			col("team", "TEAM", Text), col("skill", "SKILL", Text), col("allocation", "ALLOCATION", Text),
			col("week_start", "WEEK OF", Date), col("demand_hours", "DEMAND", Hours), col("line_hours", "95% LINE", Hours),
			col("over_hours", "OVER BY", Hours),
		},
	}
	for _, w := range weeks {
		if !w.Fits() {
			t.add(w.Team, SkillText(w.Skill), string(w.Allocation), w.Start, w.DemandHours(), w.LineHours(), w.DemandHours()-w.LineHours())
		}
	}
	return t
}

// SkillText names a forecast row's skill; the team's whole allocation reads "all skills".
func SkillText(skill string) string {
	if skill == "" {
		return "all skills"
	}
	return skill
}
