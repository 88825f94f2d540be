package dashboard

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// The query parameters the pages take.
const (
	paramTeam  = "team"
	paramFrom  = "from"
	paramTo    = "to"
	paramMonth = "month"
)

// Layouts of the dates and months the parameters take.
const (
	dateLayout  = "2006-01-02"
	monthLayout = "2006-01"
)

// defaultWeeks is how many ISO weeks the overview shows when no period is given.
const defaultWeeks = 12

// ParamError is a query parameter a page cannot use: the page answers 400 and names it.
type ParamError struct {
	// Param is the query parameter at fault, such as "from".
	Param string
	// Problem says what is wrong with it and how to fix it.
	Problem string
}

// Error names the parameter and the fix.
func (e *ParamError) Error() string { return e.Param + ": " + e.Problem }

// view is what a page shows: one team or all, over a period counted in a zone.
type view struct {
	// Team is the team chosen, "" for all.
	Team string
	// Zone counts the days and weeks: the team's calendar zone, or UTC for all teams.
	Zone *time.Location
	// Period is the stretch shown; From and To the dates the filter form shows.
	Period   ledger.Period
	From, To string
	// Month is the review's month, YYYY-MM.
	Month string
}

// filter is the view as the ledger's reports take it.
func (v view) filter() ledger.Filter { return ledger.Filter{Team: v.Team} }

// readQuery checks that q holds only the parameters allowed, each once.
func readQuery(q url.Values, allowed ...string) error {
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch {
		case !slices.Contains(allowed, name):
			return &ParamError{Param: name, Problem: fmt.Sprintf("this page takes no such parameter; it takes %s", strings.Join(allowed, ", "))}
		case len(q[name]) > 1:
			return &ParamError{Param: name, Problem: fmt.Sprintf("given %d times; give it once", len(q[name]))}
		}
	}
	return nil
}

// team reads the team parameter and the zone its numbers are counted in.
func (s *server) team(q url.Values) (string, *time.Location, error) {
	team := q.Get(paramTeam)
	if team == "" {
		return "", time.UTC, nil
	}
	zone, ok := s.zones[team]
	if !ok {
		return "", nil, &ParamError{Param: paramTeam, Problem: fmt.Sprintf("%q is not a team in the catalog; choose one of %s, or leave it out for every team", team, strings.Join(s.teams, ", "))}
	}
	return team, zone, nil
}

// overviewView reads the overview's team, from and to. From and to are dates in
// the team's zone, both days included; without them the page shows the last
// twelve ISO weeks up to today.
func (s *server) overviewView(q url.Values, now time.Time) (view, error) {
	if err := readQuery(q, paramTeam, paramFrom, paramTo); err != nil {
		return view{}, err
	}
	team, zone, err := s.team(q)
	if err != nil {
		return view{}, err
	}
	today := midnight(now.In(zone))
	last, err := date(q, paramTo, zone, today)
	if err != nil {
		return view{}, err
	}
	monday := last.AddDate(0, 0, -((int(last.Weekday()) + 6) % 7))
	first, err := date(q, paramFrom, zone, monday.AddDate(0, 0, -7*(defaultWeeks-1)))
	if err != nil {
		return view{}, err
	}
	p := ledger.Period{From: first, To: last.AddDate(0, 0, 1)}
	switch {
	case last.Before(first):
		return view{}, &ParamError{Param: paramTo, Problem: fmt.Sprintf("%s is before from %s; the period runs forward", last.Format(dateLayout), first.Format(dateLayout))}
	case p.To.Sub(p.From) > ledger.MaxPeriod:
		return view{}, &ParamError{Param: paramFrom, Problem: fmt.Sprintf("the period from %s to %s is longer than the %d days a page reads; choose a later from", first.Format(dateLayout), last.Format(dateLayout), int(ledger.MaxPeriod.Hours()/24))}
	}
	return view{Team: team, Zone: zone, Period: p, From: first.Format(dateLayout), To: last.Format(dateLayout)}, nil
}

// reviewView reads the review's team and month (YYYY-MM; the current month in
// the team's zone when left out).
func (s *server) reviewView(q url.Values, now time.Time) (view, error) {
	if err := readQuery(q, paramTeam, paramMonth); err != nil {
		return view{}, err
	}
	team, zone, err := s.team(q)
	if err != nil {
		return view{}, err
	}
	month := q.Get(paramMonth)
	if month == "" {
		// Last month, whole, as `starter report review` reads it.
		local := now.In(zone)
		month = time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, zone).Format(monthLayout)
	}
	start, err := time.ParseInLocation(monthLayout, month, zone)
	if err != nil {
		return view{}, &ParamError{Param: paramMonth, Problem: fmt.Sprintf("%q is not a month; write it as YYYY-MM, such as %s", month, now.In(zone).Format(monthLayout))}
	}
	return view{Team: team, Zone: zone, Month: month, Period: ledger.Period{From: start, To: start.AddDate(0, 1, 0)}}, nil
}

// date reads a YYYY-MM-DD parameter as that day's midnight in zone, or fallback when it is absent.
func date(q url.Values, name string, zone *time.Location, fallback time.Time) (time.Time, error) {
	text := q.Get(name)
	if text == "" {
		return fallback, nil
	}
	d, err := time.ParseInLocation(dateLayout, text, zone)
	if err != nil {
		return time.Time{}, &ParamError{Param: name, Problem: fmt.Sprintf("%q is not a date; write it as YYYY-MM-DD, such as %s", text, fallback.Format(dateLayout))}
	}
	return d, nil
}

// midnight is the start of t's day in t's zone.
func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}
