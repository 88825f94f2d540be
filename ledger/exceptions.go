package ledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Exceptions is how often one automation failed (DOMAIN.md §9: which systems
// produce the most exceptions). An automation is an executor pool ("rpa" bots,
// "cloud" services) and the action it runs, such as "pause-campaign".
type Exceptions struct {
	// Executor and Action name the automation.
	Executor string
	Action   string
	// Runs counts its runs that ended in the period, each after Temporal's own
	// retries; Failed counts those that ended in an exception a person had to take.
	Runs   int
	Failed int
}

// FailureRate is Failed ÷ Runs, from 0 to 1.
func (e Exceptions) FailureRate() float64 {
	if e.Runs == 0 {
		return 0
	}
	return float64(e.Failed) / float64(e.Runs)
}

// Exceptions reports automation runs and failures by executor action, over the
// runs that ended in the period (whether or not their task has closed), the
// actions with the most failures first.
func (s *Store) Exceptions(ctx context.Context, p Period, f Filter) ([]Exceptions, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	rows, err := s.db.QueryContext(ctx, `SELECT a.executor, a.action, COUNT(*), SUM(a.failed)
		FROM automation_attempts a JOIN tasks t ON t.task_id = a.task_id
		WHERE a.at_ms >= $1 AND a.at_ms < $2`+where+`
		GROUP BY a.executor, a.action`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: exceptions: %w", err)
	}
	defer rows.Close()
	var out []Exceptions
	for rows.Next() {
		var e Exceptions
		if err := rows.Scan(&e.Executor, &e.Action, &e.Runs, &e.Failed); err != nil {
			return nil, fmt.Errorf("ledger: exceptions: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: exceptions: %w", err)
	}
	// Sorted in Go: PostgreSQL's text order follows the server's collation, SQLite's does not.
	slices.SortFunc(out, func(a, b Exceptions) int {
		return cmp.Or(cmp.Compare(b.Failed, a.Failed), cmp.Compare(a.Executor, b.Executor), cmp.Compare(a.Action, b.Action))
	})
	return out, nil
}
