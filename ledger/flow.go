package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/lanes-dev/lanes/catalog"
)

// FlowTimes is how long one task type took in one lane, over the tasks it
// completed in the period (DOMAIN.md §11). Cancelled tasks are left out.
type FlowTimes struct {
	// TaskType and Lane are the group: a task rerouted to people counts in their lane.
	TaskType string
	Lane     catalog.Lane
	// Cycle is the time from intake receiving the request to the task completing.
	Cycle Percentiles
	// Queue is the time from receipt to the first booking to a person: 0 for
	// automated work that never needed one. Human work that completed without
	// ever being booked (the roster off, work kept in a role queue) is not counted,
	// so Queue.Count can be below Cycle.Count.
	Queue Percentiles
	// Response is the time from receipt to the first acknowledgement by a person,
	// or to the automation's first result for automated work.
	Response Percentiles
	// Paused is the time the task waited on its requester. It is shown beside
	// the other times, not subtracted from them.
	Paused Percentiles
}

// FlowTimes reports cycle, queue and response times (p50 and p90) by task type
// and lane, for the tasks completed in the period that the filter keeps.
func (s *Store) FlowTimes(ctx context.Context, p Period, f Filter) ([]FlowTimes, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	rows, err := s.db.QueryContext(ctx, `SELECT t.task_type, t.lane, t.cycle_ms, t.queue_ms, t.response_ms, t.paused_ms
		FROM task_flow t WHERE t.closed_at_ms >= $1 AND t.closed_at_ms < $2`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: flow times: %w", err)
	}
	defer rows.Close()
	type group struct {
		taskType, lane                 string
		cycle, queue, response, paused []int64
	}
	groups := map[[2]string]*group{}
	for rows.Next() {
		var taskType, lane string
		var cycle, paused int64
		var queue, response sql.NullInt64
		if err := rows.Scan(&taskType, &lane, &cycle, &queue, &response, &paused); err != nil {
			return nil, fmt.Errorf("ledger: flow times: %w", err)
		}
		g := groups[[2]string{taskType, lane}]
		if g == nil {
			g = &group{taskType: taskType, lane: lane}
			groups[[2]string{taskType, lane}] = g
		}
		g.cycle = append(g.cycle, cycle)
		g.paused = append(g.paused, paused)
		if queue.Valid {
			g.queue = append(g.queue, queue.Int64)
		}
		if response.Valid {
			g.response = append(g.response, response.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: flow times: %w", err)
	}
	out := make([]FlowTimes, 0, len(groups))
	for _, g := range groups {
		out = append(out, FlowTimes{
			TaskType: g.taskType, Lane: catalog.Lane(g.lane),
			Cycle: percentilesOf(g.cycle), Queue: percentilesOf(g.queue),
			Response: percentilesOf(g.response), Paused: percentilesOf(g.paused),
		})
	}
	// Sorted in Go: PostgreSQL's text order follows the server's collation, SQLite's does not.
	slices.SortFunc(out, func(a, b FlowTimes) int {
		return cmp.Or(cmp.Compare(a.TaskType, b.TaskType), cmp.Compare(a.Lane, b.Lane))
	})
	return out, nil
}
