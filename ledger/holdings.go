package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// Holding is how much work one person held in one ISO week: who carried the
// load, and when. It counts holding, not effort: a task a person holds while it
// waits on its requester still sits on their desk.
type Holding struct {
	// Person is who held the tasks: booked to them, given, taken from the queue.
	Person string
	// Start and End bound the week, as in Week.
	Start time.Time
	End   time.Time
	// Tasks counts the tasks they held at some moment of the week.
	Tasks int
	// Peak is the most tasks they held at the same moment in the week.
	Peak int
}

// heldSpan is one person holding one task, in Unix milliseconds; to is the
// report's end while they still hold it.
type heldSpan struct {
	person, taskID string
	from, to       int64
}

// Holdings reports, per person and ISO week of the period (weeks start on
// Monday in loc), how many tasks they held and the most at once. Whatever the
// tasks' outcome, every booking counts, until a handoff or the close ended it.
func (s *Store) Holdings(ctx context.Context, p Period, loc *time.Location, f Filter) ([]Holding, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if err := zoneError(loc); err != nil {
		return nil, err
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	var spans []heldSpan
	err := s.eachRow(ctx, `SELECT h.person, h.task_id, h.held_from_ms, h.held_to_ms
		FROM holders h JOIN tasks t ON t.task_id = h.task_id
		WHERE h.held_from_ms < $2 AND (h.held_to_ms IS NULL OR h.held_to_ms > $1)`+where, args, func(rows *sql.Rows) error {
		var span heldSpan
		var end sql.NullInt64
		if err := rows.Scan(&span.person, &span.taskID, &span.from, &end); err != nil {
			return err
		}
		span.to = to
		if end.Valid {
			span.to = end.Int64
		}
		spans = append(spans, span)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("holdings: %w", err)
	}
	var out []Holding
	for _, week := range weeksOf(p, loc) {
		out = append(out, holdingsIn(week, spans)...)
	}
	slices.SortStableFunc(out, func(a, b Holding) int { return cmp.Compare(a.Person, b.Person) })
	return out, nil
}

// holdingsIn counts each person's tasks held in the week and their peak, by
// walking the week's starts and ends in time order.
func holdingsIn(week Period, spans []heldSpan) []Holding {
	start, end := week.millis()
	type edge struct {
		at    int64
		delta int
	}
	edges := map[string][]edge{}
	tasks := map[string]map[string]bool{}
	for _, s := range spans {
		if s.from >= end || s.to <= start || s.to <= s.from {
			continue
		}
		edges[s.person] = append(edges[s.person], edge{max(s.from, start), 1}, edge{min(s.to, end), -1})
		if tasks[s.person] == nil {
			tasks[s.person] = map[string]bool{}
		}
		tasks[s.person][s.taskID] = true
	}
	var out []Holding
	for person, es := range edges {
		// An end and a start at one instant (a handoff) do not overlap: ends first.
		slices.SortFunc(es, func(a, b edge) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.delta, b.delta)) })
		held, peak := 0, 0
		for _, e := range es {
			held += e.delta
			peak = max(peak, held)
		}
		out = append(out, Holding{Person: person, Start: week.From, End: week.To, Tasks: len(tasks[person]), Peak: peak})
	}
	return out
}
