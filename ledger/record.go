package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Record writes a fact, and what follows from it in the derived tables, in one
// transaction. A fact whose (TaskID, Milestone) is already in the ledger changes
// nothing, so an activity retried after a lost answer counts once; the first
// write of a milestone is the one kept. A *FactError is a fact that can never be
// recorded; any other error is the database's, and a retry may succeed.
func (s *Store) Record(ctx context.Context, f Fact) error {
	refused, err := s.RecordAll(ctx, []Fact{f})
	if len(refused) > 0 {
		return refused[0]
	}
	return err
}

// RecordAll writes facts in order, each as Record does, all in one transaction: a
// task's batch costs the database one commit rather than one per fact. A fact the
// ledger can never record is left out and returned, so it cannot hold back the
// others; a database error writes none of them, and a retry of the whole batch may
// succeed, each fact already in the ledger changing nothing.
func (s *Store) RecordAll(ctx context.Context, facts []Fact) (refused []*FactError, err error) {
	valid := make([]Fact, 0, len(facts))
	for _, f := range facts {
		var factErr *FactError
		if errors.As(f.validate(), &factErr) {
			refused = append(refused, factErr)
			continue
		}
		valid = append(valid, f)
	}
	if len(valid) == 0 {
		return refused, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("ledger: record %s: %w", what(valid), err)
	}
	for _, f := range valid {
		if err := record(ctx, tx, f); err != nil {
			return nil, errors.Join(fmt.Errorf("ledger: record %s/%s: %w", f.TaskID, f.Milestone, err), tx.Rollback())
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("ledger: record %s: commit: %w", what(valid), err)
	}
	return refused, nil
}

// what names the facts of a write in its errors: the fact, or the first and how many.
func what(facts []Fact) string {
	name := facts[0].TaskID + "/" + facts[0].Milestone
	if len(facts) > 1 {
		name += fmt.Sprintf(" and %d more", len(facts)-1)
	}
	return name
}

// record claims the milestone and, if this is its first write, applies the fact.
// ON CONFLICT DO NOTHING is spelled the same on SQLite and PostgreSQL, and makes
// two writers of one milestone agree: the second inserts nothing.
func record(ctx context.Context, tx *sql.Tx, f Fact) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO milestones (task_id, milestone_key, kind, at_ms, person, note)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (task_id, milestone_key) DO NOTHING`,
		f.TaskID, f.Milestone, string(f.Kind), f.At.UnixMilli(), f.Person, f.Note)
	if err != nil {
		return fmt.Errorf("milestone: %w", err)
	}
	claimed, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("milestone: %w", err)
	}
	if claimed == 0 {
		return nil
	}
	return apply(ctx, tx, f)
}

// apply writes what a newly recorded fact changes. Queued, warning and fallback
// facts are whole in their milestone row.
func apply(ctx context.Context, tx *sql.Tx, f Fact) error {
	at := f.At.UnixMilli()
	switch f.Kind {
	case KindClassified:
		d := f.Task
		return write(ctx, tx, `INSERT INTO tasks (task_id, task_type, team, bucket, lane, service_tier, business_unit,
				rush, score, requester, campaign, received_at_ms, hours_estimated, manual_minutes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (task_id) DO UPDATE SET task_type = excluded.task_type, team = excluded.team,
				bucket = excluded.bucket, lane = excluded.lane, service_tier = excluded.service_tier,
				business_unit = excluded.business_unit, rush = excluded.rush, score = excluded.score,
				requester = excluded.requester, campaign = excluded.campaign, received_at_ms = excluded.received_at_ms,
				hours_estimated = excluded.hours_estimated, manual_minutes = excluded.manual_minutes`,
			f.TaskID, d.TaskType, d.Team, string(d.Bucket), string(d.Lane), d.ServiceTier, d.BusinessUnit,
			flag(d.Rush), d.Score, d.Requester, d.Campaign, d.Received.UnixMilli(), d.HoursEstimated, d.ManualMinutes)
	case KindReclassified:
		r := f.Reclassification
		if err := write(ctx, tx, `INSERT INTO reclassifications (task_id, milestone_key, at_ms, from_bucket, to_bucket, from_lane, to_lane, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			f.TaskID, f.Milestone, at, string(r.FromBucket), string(r.ToBucket), string(r.FromLane), string(r.ToLane), r.Reason); err != nil {
			return err
		}
		return write(ctx, tx, `INSERT INTO tasks (task_id, bucket, lane) VALUES ($1, $2, $3)
			ON CONFLICT (task_id) DO UPDATE SET bucket = excluded.bucket, lane = excluded.lane`,
			f.TaskID, string(r.ToBucket), string(r.ToLane))
	case KindBooked:
		if err := openHolder(ctx, tx, f, f.Person); err != nil {
			return err
		}
		return keepEarliest(ctx, tx, "booked_at_ms", f.TaskID, at)
	case KindAcknowledged:
		return keepEarliest(ctx, tx, "acknowledged_at_ms", f.TaskID, at)
	case KindHandoff:
		return applyHandoff(ctx, tx, f)
	case KindSLAClock:
		c := f.Clock
		return write(ctx, tx, `INSERT INTO sla_clocks (task_id, milestone_key, clock, target, budget_ms, used_ms, paused_ms, deadline_ms, outcome, ended_at_ms)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			f.TaskID, f.Milestone, c.Name, c.Target, c.Budget.Milliseconds(), c.Used.Milliseconds(), c.Paused.Milliseconds(),
			c.Deadline.UnixMilli(), c.Outcome, at)
	case KindEscalated:
		e := f.Escalation
		return write(ctx, tx, `INSERT INTO escalations (task_id, milestone_key, at_ms, trigger_name, level, reason)
			VALUES ($1, $2, $3, $4, $5, $6)`, f.TaskID, f.Milestone, at, e.Trigger, e.Level, e.Reason)
	case KindAutomation:
		a := f.Automation
		return write(ctx, tx, `INSERT INTO automation_attempts (task_id, milestone_key, at_ms, executor, action, failed, error)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, f.TaskID, f.Milestone, at, a.Executor, a.Action, flag(a.Failed), a.Error)
	case KindAction:
		a := f.Action
		return write(ctx, tx, `INSERT INTO actions (task_id, milestone_key, at_ms, action, actor, identity_kind,
				identity_subject, identity_issuer, identity_system, accepted, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			f.TaskID, f.Milestone, at, a.Name, a.Actor, a.IdentityKind, a.Subject, a.Issuer, a.System, flag(a.Accepted), a.Reason)
	case KindClosed:
		c := f.Closure
		if err := closeHolder(ctx, tx, f.TaskID, at); err != nil {
			return err
		}
		return write(ctx, tx, `INSERT INTO tasks (task_id, closed_at_ms, outcome, closed_by_automation, hours_actual, paused_ms)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (task_id) DO UPDATE SET closed_at_ms = excluded.closed_at_ms, outcome = excluded.outcome,
				closed_by_automation = excluded.closed_by_automation, hours_actual = excluded.hours_actual, paused_ms = excluded.paused_ms`,
			f.TaskID, at, c.Outcome, flag(c.ByAutomation), c.HoursActual, c.Paused.Milliseconds())
	}
	return nil
}

// applyHandoff ends the current holder's time, records the handoff, starts the
// next holder's, and moves the task when a reroute sends it to another team or lane.
func applyHandoff(ctx context.Context, tx *sql.Tx, f Fact) error {
	h := f.Handoff
	if err := write(ctx, tx, `INSERT INTO handoffs (task_id, milestone_key, kind, at_ms, from_person, to_person, to_team, to_lane, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		f.TaskID, f.Milestone, string(h.Kind), f.At.UnixMilli(), h.From, h.To, h.ToTeam, string(h.ToLane), h.Reason); err != nil {
		return err
	}
	if err := closeHolder(ctx, tx, f.TaskID, f.At.UnixMilli()); err != nil {
		return err
	}
	if h.To != "" {
		if err := openHolder(ctx, tx, f, h.To); err != nil {
			return err
		}
	}
	if h.ToTeam != "" {
		if err := write(ctx, tx, `UPDATE tasks SET team = $2 WHERE task_id = $1`, f.TaskID, h.ToTeam); err != nil {
			return err
		}
	}
	if h.ToLane != "" {
		return write(ctx, tx, `UPDATE tasks SET lane = $2 WHERE task_id = $1`, f.TaskID, string(h.ToLane))
	}
	return nil
}

// openHolder starts a person's time holding the task, ending whoever held it before.
func openHolder(ctx context.Context, tx *sql.Tx, f Fact, person string) error {
	if err := closeHolder(ctx, tx, f.TaskID, f.At.UnixMilli()); err != nil {
		return err
	}
	return write(ctx, tx, `INSERT INTO holders (task_id, milestone_key, person, held_from_ms) VALUES ($1, $2, $3, $4)`,
		f.TaskID, f.Milestone, person, f.At.UnixMilli())
}

// closeHolder ends the time of whoever holds the task now.
func closeHolder(ctx context.Context, tx *sql.Tx, taskID string, atMillis int64) error {
	return write(ctx, tx, `UPDATE holders SET held_to_ms = $2 WHERE task_id = $1 AND held_to_ms IS NULL`, taskID, atMillis)
}

// keepEarliest sets a task's first-time column (first booked, first acknowledged)
// unless an earlier time is already there, so facts arriving late cannot move it.
func keepEarliest(ctx context.Context, tx *sql.Tx, column, taskID string, atMillis int64) error {
	return write(ctx, tx, `INSERT INTO tasks (task_id, `+column+`) VALUES ($1, $2)
		ON CONFLICT (task_id) DO UPDATE SET `+column+` = CASE
			WHEN tasks.`+column+` IS NULL OR excluded.`+column+` < tasks.`+column+` THEN excluded.`+column+`
			ELSE tasks.`+column+` END`, taskID, atMillis)
}

func write(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

// flag stores a boolean as 0 or 1, the one form SQLite and PostgreSQL share.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}
