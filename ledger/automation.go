package ledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// AutomationRate is how much of one task type's work for one team automation
// closed on its own, over the tasks completed in the period (DOMAIN.md §11).
type AutomationRate struct {
	// TaskType and Team are the group.
	TaskType string
	Team     string
	// Completed counts the tasks completed; cancelled tasks are left out.
	Completed int
	// ByAutomation counts those an automation closed with no person's work step.
	ByAutomation int
	// ManualMinutesSaved is the sum of the type's estimated manual minutes
	// (the catalog's manualMinutes when the task was classified) over the tasks
	// automation closed: the time people would have spent by hand.
	ManualMinutesSaved int
}

// Rate is the automation rate: ByAutomation ÷ Completed, from 0 to 1.
func (a AutomationRate) Rate() float64 {
	if a.Completed == 0 {
		return 0
	}
	return float64(a.ByAutomation) / float64(a.Completed)
}

// AutomationRates reports the automation rate and manual minutes saved by task
// type and team, for the tasks completed in the period that the filter keeps.
func (s *Store) AutomationRates(ctx context.Context, p Period, f Filter) ([]AutomationRate, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	where, args := f.completedIn(p)
	rows, err := s.db.QueryContext(ctx, `SELECT t.task_type, t.team, COUNT(*), SUM(t.closed_by_automation),
			SUM(CASE WHEN t.closed_by_automation = 1 THEN t.manual_minutes ELSE 0 END)
		FROM tasks t
		WHERE `+where+`
		GROUP BY t.task_type, t.team`, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: automation rates: %w", err)
	}
	defer rows.Close()
	var out []AutomationRate
	for rows.Next() {
		var a AutomationRate
		if err := rows.Scan(&a.TaskType, &a.Team, &a.Completed, &a.ByAutomation, &a.ManualMinutesSaved); err != nil {
			return nil, fmt.Errorf("ledger: automation rates: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: automation rates: %w", err)
	}
	// Sorted in Go: PostgreSQL's text order follows the server's collation, SQLite's does not.
	slices.SortFunc(out, func(a, b AutomationRate) int {
		return cmp.Or(cmp.Compare(a.TaskType, b.TaskType), cmp.Compare(a.Team, b.Team))
	})
	return out, nil
}
