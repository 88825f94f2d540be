package reports

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

// Rosters are the teams' rosters as they stand now, by team. A team missing
// from it has no roster: its human work waits in role queues, so it has no
// planned load or capacity to show.
type Rosters map[string]*roster.View

// Windows over which actual hours are read against estimates (DOMAIN.md §11).
const (
	shortWindow = 7 * 24 * time.Hour
	longWindow  = 30 * 24 * time.Hour
)

// Capacity is the capacity report (DOMAIN.md §9 and §11) of the teams: each
// person's planned load against each protected allocation now, who is at or over
// the 95% line and since when, actual hours against estimates over the last 7
// and 30 days, and each team's completed work over the period: automation rate,
// manual minutes saved, SLA breaches and handoffs per task.
func Capacity(ctx context.Context, store *ledger.Store, s Scope, teams []string, rosters Rosters) (*Report, error) {
	r := s.report("capacity")
	loads, atLine, people, summary := allocationsTable(), atLineTable(), peopleTable(), summaryTable()
	for _, team := range teams {
		view := rosters[team]
		if view == nil {
			r.Notes = append(r.Notes, fmt.Sprintf("%s has no roster: its human work waits in role queues, so it has no planned load or capacity.", team))
		} else {
			addLoads(&loads, &atLine, team, *view, s.At)
		}
		if err := addPeople(ctx, store, s, team, view, &people); err != nil {
			return nil, fmt.Errorf("capacity report of %s: %w", team, err)
		}
		if err := addSummary(ctx, store, s, team, &summary); err != nil {
			return nil, fmt.Errorf("capacity report of %s: %w", team, err)
		}
	}
	r.Tables = []Table{loads, atLine, people, summary}
	return r, nil
}

func allocationsTable() Table {
	return Table{
		Name: "allocations", Title: "Planned load against weekly capacity per protected allocation (the roster books nobody past 95%)",
		Empty: "no roster to read",
		Columns: []Column{
			col("team", "TEAM", Text), col("person", "PERSON", Text), col("allocation", "ALLOCATION", Text),
			col("capacity_hours", "CAPACITY", Hours), col("planned_hours", "PLANNED", Hours),
			col("utilization", "UTILIZATION", Share), col("at_line", "95% LINE", Text),
		},
	}
}

func atLineTable() Table {
	return Table{
		Name: "at_line", Title: "Who is at or over the 95% line, and for how long (since the booking that took them over it, among the tasks they hold)",
		Empty: "nobody is at the line",
		Columns: []Column{
			col("team", "TEAM", Text), col("person", "PERSON", Text), col("allocation", "ALLOCATION", Text),
			col("utilization", "UTILIZATION", Share), col("since", "SINCE", Instant), col("for_minutes", "FOR", Duration),
		},
	}
}

func addLoads(loads, atLine *Table, team string, v roster.View, at time.Time) {
	for _, l := range Loads(v) {
		line := ""
		if l.AtLine {
			line = "FULL"
		}
		loads.add(team, l.Person, string(l.Allocation), l.CapacityHours, l.PlannedHours, l.Utilization, line)
		if l.AtLine {
			var held time.Duration
			if l.AtLineSince != nil {
				held = max(at.Sub(*l.AtLineSince), 0)
			}
			atLine.add(team, l.Person, string(l.Allocation), l.Utilization, l.AtLineSince, held)
		}
	}
}

func peopleTable() Table {
	return Table{
		Name: "people", Title: "People: planned hours now, and hours reported against estimates over the tasks they completed in the last 7 and 30 days",
		Empty: "no one on a roster and no work completed by a person",
		Columns: []Column{
			col("team", "TEAM", Text), col("person", "PERSON", Text), col("weekly_hours", "WEEKLY", Hours),
			col("away", "AWAY", Text), col("planned_hours", "PLANNED", Hours), col("open_tasks", "OPEN", Count),
			col("estimated_hours_7d", "EST 7D", Hours), col("actual_hours_7d", "ACTUAL 7D", Hours),
			col("actual_to_estimate_7d", "ACT/EST 7D", Share),
			col("estimated_hours_30d", "EST 30D", Hours), col("actual_hours_30d", "ACTUAL 30D", Hours),
			col("actual_to_estimate_30d", "ACT/EST 30D", Share),
		},
	}
}

// addPeople adds the roster's people, then anyone else who completed the team's
// work in the last 30 days (someone who left, or a team without a roster).
func addPeople(ctx context.Context, store *ledger.Store, s Scope, team string, view *roster.View, people *Table) error {
	f := ledger.Filter{Team: team}
	short, err := store.ActualHours(ctx, ledger.Period{From: s.At.Add(-shortWindow), To: s.At}, f)
	if err != nil {
		return err
	}
	long, err := store.ActualHours(ctx, ledger.Period{From: s.At.Add(-longWindow), To: s.At}, f)
	if err != nil {
		return err
	}
	hours := func(rows []ledger.PersonHours, person string) ledger.PersonHours {
		if i := slices.IndexFunc(rows, func(h ledger.PersonHours) bool { return h.Person == person }); i >= 0 {
			return rows[i]
		}
		return ledger.PersonHours{Person: person}
	}
	row := func(person string, weekly float64, away string, planned float64, open int) {
		w, m := hours(short, person), hours(long, person)
		people.add(team, person, weekly, away, planned, open, w.HoursEstimated, w.HoursActual, w.ActualToEstimate(),
			m.HoursEstimated, m.HoursActual, m.ActualToEstimate())
	}
	onRoster := map[string]bool{}
	if view != nil {
		for _, p := range view.People {
			onRoster[p.ID] = true
			row(p.ID, p.WeeklyHours, awayText(p, s.Zone), p.PlannedHours, len(p.OpenTasks))
		}
	}
	for _, h := range long {
		if !onRoster[h.Person] {
			row(h.Person, 0, "", 0, 0)
		}
	}
	return nil
}

// awayText says until when a person is away: empty when in.
func awayText(p roster.PersonView, zone *time.Location) string {
	switch {
	case !p.Away:
		return ""
	case p.AwayUntil == nil:
		return "until back-in-office"
	}
	return "until " + p.AwayUntil.In(zone).Format("Mon 2 Jan 15:04")
}

func summaryTable() Table {
	return Table{
		Name: "summary", Title: "The period's completed work per team: automation, SLA breaches and handoffs",
		Empty: "no team",
		Columns: []Column{
			col("team", "TEAM", Text), col("completed", "COMPLETED", Count), col("by_automation", "BY AUTOMATION", Count),
			col("automation_rate", "AUTOMATION RATE", Share), col("manual_minutes_saved", "MINUTES SAVED", Count),
			col("response_breached", "RESPONSE BREACHES", Count), col("resolution_breached", "RESOLUTION BREACHES", Count),
			col("handoffs_per_task", "HANDOFFS/TASK", Number),
		},
	}
}

func addSummary(ctx context.Context, store *ledger.Store, s Scope, team string, summary *Table) error {
	f := ledger.Filter{Team: team}
	rates, err := store.AutomationRates(ctx, s.Period, f)
	if err != nil {
		return err
	}
	lost, err := store.Breaches(ctx, s.Period, f)
	if err != nil {
		return err
	}
	moved, err := store.Handling(ctx, s.Period, f)
	if err != nil {
		return err
	}
	var completed, byAutomation, saved, response, resolution, handoffs int
	for _, a := range rates {
		completed, byAutomation, saved = completed+a.Completed, byAutomation+a.ByAutomation, saved+a.ManualMinutesSaved
	}
	for _, b := range lost {
		response, resolution = response+b.Response, resolution+b.Resolution
	}
	for _, h := range moved {
		handoffs += h.Handoffs
	}
	summary.add(team, completed, byAutomation, share(byAutomation, completed), saved, response, resolution, share(handoffs, completed))
	return nil
}

// share is part ÷ whole, 0 when there is no whole.
func share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
