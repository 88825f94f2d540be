package ledger

import (
	"context"
	"fmt"
)

// Milestones is the set of milestone keys the ledger holds for a task: what a
// backfill finds already there, and so need not record, or may not.
func (s *Store) Milestones(ctx context.Context, taskID string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT milestone_key FROM milestones WHERE task_id = $1`, taskID)
	if err != nil {
		return nil, fmt.Errorf("ledger: read the milestones of %s: %w", taskID, err)
	}
	defer rows.Close()
	keys := map[string]bool{}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, fmt.Errorf("ledger: read the milestones of %s: %w", taskID, err)
		}
		keys[key] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: read the milestones of %s: %w", taskID, err)
	}
	return keys, nil
}
