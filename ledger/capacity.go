package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// PersonHours compares the hours people reported on their completed work with
// the hours it was estimated at (DOMAIN.md §11, actual vs estimate), for one
// person over a period: the capacity dashboard reads it over the last 7 and 30
// days. Planned load against each person's weekly capacity per allocation is
// not here: it is the rosters' live state, not a fact of closed tasks.
type PersonHours struct {
	// Person is who completed the tasks: the person the task's close names, or
	// else its last holder. Work an automation closed on its own has no person.
	Person string
	// Completed counts the tasks they completed in the period; Reported those
	// with hours reported, the only ones the hours below sum over.
	Completed int
	Reported  int
	// HoursEstimated is the estimate booked against their week (the type's
	// manual minutes when classified); HoursActual the hours they reported.
	HoursEstimated float64
	HoursActual    float64
}

// ActualToEstimate is HoursActual ÷ HoursEstimated: above 1 the work took
// longer than booked, below 1 less. 0 when nothing was estimated.
func (h PersonHours) ActualToEstimate() float64 {
	if h.HoursEstimated == 0 {
		return 0
	}
	return h.HoursActual / h.HoursEstimated
}

// ActualHours reports actual against estimated hours per person, over the tasks
// completed in the period.
func (s *Store) ActualHours(ctx context.Context, p Period, f Filter) ([]PersonHours, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	where, args := f.completedIn(p)
	// The completer if the close names one, else whoever held the task last. Work an
	// automation closed on its own has no person, though its close names the automation.
	// The close's time is the task's, bounded here too ($1 and $2 are the period's)
	// so SQLite, which starts from the closes, reads only the period's.
	query := `SELECT COALESCE(NULLIF(m.person, ''), (SELECT h.person FROM holders h WHERE h.task_id = t.task_id
			ORDER BY h.held_from_ms DESC, h.milestone_key DESC LIMIT 1)),
		t.hours_estimated, COALESCE(t.hours_actual, 0)
		FROM tasks t JOIN milestones m ON m.task_id = t.task_id AND m.kind = 'closed' AND m.at_ms >= $1 AND m.at_ms < $2
		WHERE t.closed_by_automation = 0 AND ` + where
	people := map[string]*PersonHours{}
	err := s.eachRow(ctx, query, args, func(rows *sql.Rows) error {
		var person sql.NullString
		var estimated, actual float64
		if err := rows.Scan(&person, &estimated, &actual); err != nil {
			return err
		}
		if !person.Valid {
			return nil
		}
		h := people[person.String]
		if h == nil {
			h = &PersonHours{Person: person.String}
			people[person.String] = h
		}
		h.Completed++
		if actual > 0 {
			h.Reported++
			h.HoursEstimated += estimated
			h.HoursActual += actual
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("actual hours: %w", err)
	}
	out := make([]PersonHours, 0, len(people))
	for _, h := range people {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b PersonHours) int { return cmp.Compare(a.Person, b.Person) })
	return out, nil
}
