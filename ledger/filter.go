package ledger

import (
	"fmt"
	"time"
)

// Filter narrows a report to part of the work; the zero Filter keeps it all.
// Every report of this package takes one, so `--team` means the same everywhere.
type Filter struct {
	// Team, when set, keeps only the tasks this team owns now: a task rerouted
	// to another team counts in the team that finished it.
	Team string
}

// and appends the filter's condition on the tasks table (alias t) to a WHERE
// clause, numbering its parameter after args. An unset team adds nothing, so the
// query stays one an index on the period can serve.
func (f Filter) and(args []any) (string, []any) {
	if f.Team == "" {
		return "", args
	}
	args = append(args, f.Team)
	return fmt.Sprintf(" AND t.team = $%d", len(args)), args
}

// completedIn selects the tasks (alias t) completed in the period that the filter keeps.
func (f Filter) completedIn(p Period) (string, []any) {
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	return "t.outcome = 'completed' AND t.closed_at_ms >= $1 AND t.closed_at_ms < $2" + where, args
}

// WeekStart is the Monday 00:00 in loc that begins t's ISO week. Days are added
// by the calendar, not as 24 hours, so a daylight-saving change cannot shift it.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	back := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(t.Year(), t.Month(), t.Day()-back, 0, 0, 0, 0, loc)
}

// weeksOf cuts the period into ISO weeks in loc; the first and last are cut at
// the period's edges when it does not start on a Monday or end on one.
func weeksOf(p Period, loc *time.Location) []Period {
	var weeks []Period
	for start := WeekStart(p.From, loc); start.Before(p.To); start = start.AddDate(0, 0, 7) {
		w := Period{From: start, To: start.AddDate(0, 0, 7)}
		if w.From.Before(p.From) {
			w.From = p.From
		}
		if w.To.After(p.To) {
			w.To = p.To
		}
		weeks = append(weeks, w)
	}
	return weeks
}

// zoneError refuses a missing time zone rather than fall back to the machine's.
func zoneError(loc *time.Location) error {
	if loc == nil {
		return &PeriodError{Field: "Location", Problem: "is not set; give the time zone the report's days, weeks and hours are counted in, such as time.LoadLocation(\"America/New_York\")"}
	}
	return nil
}
