package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Week is one ISO week's flow (DOMAIN.md §9): what the team finished and what
// was still waiting when the week ended.
type Week struct {
	// Start is the Monday 00:00 the week begins, in the report's time zone, or
	// the period's start when the period begins mid-week.
	Start time.Time
	// End is the next Monday 00:00, or the period's end when it comes first.
	End time.Time
	// Completed is the throughput: tasks completed from Start up to End.
	// Cancelled tasks are not throughput.
	Completed int
	// Backlog is the tasks open at End: received before it and neither
	// completed nor cancelled by then.
	Backlog int
}

// WeeklyFlow reports throughput and backlog for each ISO week of the period,
// with weeks starting on Monday in loc (the team's zone, never the machine's).
func (s *Store) WeeklyFlow(ctx context.Context, p Period, loc *time.Location, f Filter) ([]Week, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if err := zoneError(loc); err != nil {
		return nil, err
	}
	// Every task that was open at some point of the period or closed in it:
	// received before its end, and not closed before its start.
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	rows, err := s.db.QueryContext(ctx, `SELECT t.received_at_ms, t.closed_at_ms, t.outcome FROM tasks t
		WHERE t.received_at_ms < $2 AND (t.closed_at_ms IS NULL OR t.closed_at_ms >= $1)`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("ledger: weekly flow: %w", err)
	}
	defer rows.Close()
	weeks := weeksOf(p, loc)
	out := make([]Week, len(weeks))
	for i, w := range weeks {
		out[i] = Week{Start: w.From, End: w.To}
	}
	for rows.Next() {
		var received int64
		var closed sql.NullInt64
		var outcome string
		if err := rows.Scan(&received, &closed, &outcome); err != nil {
			return nil, fmt.Errorf("ledger: weekly flow: %w", err)
		}
		for i := range out {
			end := out[i].End.UnixMilli()
			if received < end && (!closed.Valid || closed.Int64 >= end) {
				out[i].Backlog++
			}
			if outcome == OutcomeCompleted && closed.Valid && closed.Int64 >= out[i].Start.UnixMilli() && closed.Int64 < end {
				out[i].Completed++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger: weekly flow: %w", err)
	}
	return out, nil
}
