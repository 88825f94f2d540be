package ledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/lanes-dev/lanes/catalog"
)

// Breaches counts one task type's lost SLAs for one team, and what Lanes did
// about the lost resolutions (DOMAIN.md §6), over the period.
type Breaches struct {
	// TaskType and Team are the group, the team being the one that owns the task.
	TaskType string
	Team     string
	// Response counts response clocks breached in the period: nobody
	// acknowledged the task before its response deadline.
	Response int
	// Resolution counts resolution clocks breached in the period: the task was
	// not resolved before its resolution deadline.
	Resolution int
	// Deferred, Rerouted and Paused count the fallbacks run in the period after
	// a lost resolution: a new due date, a backup owner or lane, or a paused campaign.
	Deferred int
	Rerouted int
	Paused   int
}

// Breaches reports SLA breaches by task type and team, over the clocks that
// ended in the period, with the fallbacks run in it. Types with no breach and
// no fallback are left out; SLAAttainment gives the clocks that were met.
func (s *Store) Breaches(ctx context.Context, p Period, f Filter) ([]Breaches, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	// One row per task type, team and what happened: a clock breached, or a fallback run.
	rows, err := s.db.QueryContext(ctx, `SELECT t.task_type, t.team, 'clock', c.clock, COUNT(*)
		FROM sla_clocks c JOIN tasks t ON t.task_id = c.task_id
		WHERE c.outcome = 'breached' AND c.ended_at_ms >= $1 AND c.ended_at_ms < $2`+where+`
		GROUP BY t.task_type, t.team, c.clock
		UNION ALL
		SELECT t.task_type, t.team, 'fallback', m.note, COUNT(*)
		FROM milestones m JOIN tasks t ON t.task_id = m.task_id
		WHERE m.kind = 'fallback' AND m.at_ms >= $1 AND m.at_ms < $2`+where+`
		GROUP BY t.task_type, t.team, m.note`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: breaches: %w", err)
	}
	defer rows.Close()
	groups := map[[2]string]*Breaches{}
	for rows.Next() {
		var taskType, team, what, which string
		var n int
		if err := rows.Scan(&taskType, &team, &what, &which, &n); err != nil {
			return nil, fmt.Errorf("ledger: breaches: %w", err)
		}
		b := groups[[2]string{taskType, team}]
		if b == nil {
			b = &Breaches{TaskType: taskType, Team: team}
			groups[[2]string{taskType, team}] = b
		}
		switch what + " " + which {
		case "clock " + ClockResponse:
			b.Response += n
		case "clock " + ClockResolution:
			b.Resolution += n
		case "fallback " + string(catalog.FallbackDefer):
			b.Deferred += n
		case "fallback " + string(catalog.FallbackReroute):
			b.Rerouted += n
		case "fallback " + string(catalog.FallbackPause):
			b.Paused += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: breaches: %w", err)
	}
	out := make([]Breaches, 0, len(groups))
	for _, b := range groups {
		out = append(out, *b)
	}
	// Sorted in Go: PostgreSQL's text order follows the server's collation, SQLite's does not.
	slices.SortFunc(out, func(a, b Breaches) int {
		return cmp.Or(cmp.Compare(a.TaskType, b.TaskType), cmp.Compare(a.Team, b.Team))
	})
	return out, nil
}
