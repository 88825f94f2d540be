package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// Demand is the work one task type brought one team in one ISO week: what the
// four-week forecast projects from. It counts requests by when intake received
// them, whatever became of them.
type Demand struct {
	// Start and End bound the week, as in Week.
	Start time.Time
	End   time.Time
	// TaskType, Team and Bucket are the group; the bucket is the one the task
	// ended in, which with the type decides the allocation its hours draw from.
	TaskType string
	Team     string
	Bucket   catalog.Bucket
	// Exception groups the tasks whose automation failed, so that people took
	// them as exceptions (drawn from reactive support, DOMAIN.md §7).
	Exception bool
	// Scheduled groups the tasks a recurring schedule started (requester
	// catalog.ScheduleRequester): the forecast takes those from the schedules.
	Scheduled bool
	// Received counts the requests.
	Received int
	// Staffed counts those that needed a person: booked to one, or closed by
	// one; StaffedHours sums their estimated hours.
	Staffed      int
	StaffedHours float64
}

// Demand reports, per ISO week of the period (weeks start on Monday in loc),
// the requests each task type brought each team and the people's hours they
// needed, over the requests received in the period that the filter keeps.
func (s *Store) Demand(ctx context.Context, p Period, loc *time.Location, f Filter) ([]Demand, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if err := zoneError(loc); err != nil {
		return nil, err
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	weeks := weeksOf(p, loc)
	type key struct {
		week                 int
		taskType, team       string
		bucket               catalog.Bucket
		exception, scheduled bool
	}
	groups := map[key]*Demand{}
	err := s.eachRow(ctx, `SELECT t.task_type, t.team, t.bucket, t.requester, t.received_at_ms, t.hours_estimated,
			CASE WHEN t.booked_at_ms IS NOT NULL OR (t.outcome = 'completed' AND t.closed_by_automation = 0) THEN 1 ELSE 0 END,
			CASE WHEN EXISTS (SELECT 1 FROM automation_attempts a WHERE a.task_id = t.task_id AND a.failed = 1) THEN 1 ELSE 0 END
		FROM tasks t WHERE t.received_at_ms >= $1 AND t.received_at_ms < $2`+where, args, func(rows *sql.Rows) error {
		var k key
		var requester string
		var received int64
		var hours float64
		var staffed bool
		if err := rows.Scan(&k.taskType, &k.team, &k.bucket, &requester, &received, &hours, &staffed, &k.exception); err != nil {
			return err
		}
		k.scheduled = requester == catalog.ScheduleRequester
		k.week = slices.IndexFunc(weeks, func(w Period) bool { return received < w.To.UnixMilli() })
		d := groups[k]
		if d == nil {
			w := weeks[k.week]
			d = &Demand{Start: w.From, End: w.To, TaskType: k.taskType, Team: k.team, Bucket: k.bucket, Exception: k.exception, Scheduled: k.scheduled}
			groups[k] = d
		}
		d.Received++
		if staffed {
			d.Staffed++
			d.StaffedHours += hours
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("demand: %w", err)
	}
	out := make([]Demand, 0, len(groups))
	for _, d := range groups {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Demand) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Team, b.Team), cmp.Compare(a.TaskType, b.TaskType),
			cmp.Compare(a.Bucket, b.Bucket), compareBool(a.Exception, b.Exception), compareBool(a.Scheduled, b.Scheduled))
	})
	return out, nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
