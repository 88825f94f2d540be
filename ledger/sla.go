package ledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// SLAAttainment is how often one SLA clock of one task type and team was kept,
// over the clocks that ended in the period (DOMAIN.md §11). A clock ends when it
// is met (the task was acknowledged or resolved in time) or breached (its
// deadline passed first); a clock that was paused counts in the period it ends.
type SLAAttainment struct {
	// TaskType and Team are the group, the team being the one that owns the task.
	TaskType string
	Team     string
	// Clock is ClockResponse (time to acknowledge) or ClockResolution (time to resolve).
	Clock string
	// Met and Breached count the clocks that ended each way.
	Met      int
	Breached int
}

// Attainment is met ÷ (met + breached), from 0 to 1.
func (a SLAAttainment) Attainment() float64 {
	if a.Met+a.Breached == 0 {
		return 0
	}
	return float64(a.Met) / float64(a.Met+a.Breached)
}

// SLAAttainment reports response and resolution SLA attainment by task type and
// team, for the clocks that ended in the period on the tasks the filter keeps.
func (s *Store) SLAAttainment(ctx context.Context, p Period, f Filter) ([]SLAAttainment, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	rows, err := s.db.QueryContext(ctx, `SELECT t.task_type, t.team, c.clock,
			SUM(CASE WHEN c.outcome = 'met' THEN 1 ELSE 0 END),
			SUM(CASE WHEN c.outcome = 'breached' THEN 1 ELSE 0 END)
		FROM sla_clocks c JOIN tasks t ON t.task_id = c.task_id
		WHERE c.ended_at_ms >= $1 AND c.ended_at_ms < $2`+where+`
		GROUP BY t.task_type, t.team, c.clock`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: SLA attainment: %w", err)
	}
	defer rows.Close()
	var out []SLAAttainment
	for rows.Next() {
		var a SLAAttainment
		if err := rows.Scan(&a.TaskType, &a.Team, &a.Clock, &a.Met, &a.Breached); err != nil {
			return nil, fmt.Errorf("ledger: SLA attainment: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: SLA attainment: %w", err)
	}
	// Sorted in Go: PostgreSQL's text order follows the server's collation, SQLite's does not.
	slices.SortFunc(out, func(a, b SLAAttainment) int {
		return cmp.Or(cmp.Compare(a.TaskType, b.TaskType), cmp.Compare(a.Team, b.Team), cmp.Compare(a.Clock, b.Clock))
	})
	return out, nil
}
