package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// followUpWindow is how soon a new request for the same campaign and type makes
// a completed task rework (DOMAIN.md §11): seven days, in milliseconds.
const followUpWindow = 7 * 24 * 60 * 60 * 1000

// taskRecord is one completed task and what happened to it on the way: the
// per-type numbers (Handling, the monthly review) are tallies of these.
type taskRecord struct {
	taskType, team string
	campaign       string
	closedAt       int64
	byAutomation   bool
	manualMinutes  int
	hoursEstimated float64
	hoursActual    float64 // 0 when the completer reported none
	personAcks     int     // acknowledgements by a person, not the automation's result
	reassigns      int
	handBacks      int
	reroutes       []int64 // when each reroute happened
	runs, failures int     // automation runs and the ones that failed
	firstFailure   int64   // when an automation first failed; 0 if none did
	reclassified   int
	highestLevel   int             // highest escalation level reached; 0 if none
	cycles         map[int]bool    // escalation climbs, by the cycle in their milestone key
	triggers       map[string]bool // what set off its escalations
	followedUp     bool            // a new request for its campaign and type came within 7 days
}

// completedTasks reads the tasks completed in the period that the filter keeps,
// with their handoffs, escalations, automation runs, re-scores and follow-ups.
// Each detail is one query joined on the period's tasks, so the work grows with
// the period's tasks, not with the whole ledger.
func (s *Store) completedTasks(ctx context.Context, p Period, f Filter) (map[string]*taskRecord, error) {
	where, args := f.completedIn(p)
	tasks := map[string]*taskRecord{}
	var id string
	queries := []struct {
		sql  string
		scan func(rows *sql.Rows) error
	}{{
		`SELECT t.task_id, t.task_type, t.team, t.campaign, t.closed_at_ms, t.closed_by_automation, t.manual_minutes,
			t.hours_estimated, COALESCE(t.hours_actual, 0) FROM tasks t WHERE ` + where,
		func(rows *sql.Rows) error {
			r := &taskRecord{cycles: map[int]bool{}, triggers: map[string]bool{}}
			err := rows.Scan(&id, &r.taskType, &r.team, &r.campaign, &r.closedAt, &r.byAutomation, &r.manualMinutes,
				&r.hoursEstimated, &r.hoursActual)
			tasks[id] = r
			return err
		},
	}, {
		// Every milestone naming a person, the acknowledgements told apart here: a
		// condition on kind would send SQLite through the kind index, over every
		// acknowledgement in the ledger, instead of the period's tasks.
		`SELECT m.task_id, m.kind FROM milestones m JOIN tasks t ON t.task_id = m.task_id
			WHERE m.person <> '' AND ` + where,
		func(rows *sql.Rows) error {
			var kind Kind
			err := rows.Scan(&id, &kind)
			if kind == KindAcknowledged {
				tasks[id].personAcks++
			}
			return err
		},
	}, {
		`SELECT h.task_id, h.kind, h.at_ms FROM handoffs h JOIN tasks t ON t.task_id = h.task_id WHERE ` + where,
		func(rows *sql.Rows) error {
			var kind string
			var at int64
			err := rows.Scan(&id, &kind, &at)
			tasks[id].addHandoff(HandoffKind(kind), at)
			return err
		},
	}, {
		`SELECT a.task_id, a.failed, a.at_ms FROM automation_attempts a JOIN tasks t ON t.task_id = a.task_id WHERE ` + where,
		func(rows *sql.Rows) error {
			var failed bool
			var at int64
			err := rows.Scan(&id, &failed, &at)
			tasks[id].addRun(failed, at)
			return err
		},
	}, {
		`SELECT r.task_id, COUNT(*) FROM reclassifications r JOIN tasks t ON t.task_id = r.task_id
			WHERE ` + where + ` GROUP BY r.task_id`,
		func(rows *sql.Rows) error {
			var n int
			err := rows.Scan(&id, &n)
			tasks[id].reclassified = n
			return err
		},
	}, {
		`SELECT e.task_id, e.milestone_key, e.level, e.trigger_name FROM escalations e JOIN tasks t ON t.task_id = e.task_id WHERE ` + where,
		func(rows *sql.Rows) error {
			var key, trigger string
			var level int
			err := rows.Scan(&id, &key, &level, &trigger)
			tasks[id].addEscalation(key, level, trigger)
			return err
		},
	}}
	for _, q := range queries {
		if err := s.eachRow(ctx, q.sql, args, q.scan); err != nil {
			return nil, err
		}
	}
	return tasks, s.markFollowedUp(ctx, p, tasks)
}

// markFollowedUp marks the tasks a new request for the same campaign and type
// followed within the window. It reads the requests received from the period's
// start to the window past its end, whatever their team, and matches them here:
// a join of tasks on campaign would need an index the ledger does not keep.
func (s *Store) markFollowedUp(ctx context.Context, p Period, tasks map[string]*taskRecord) error {
	from, to := p.millis()
	received := map[[2]string][]int64{}
	err := s.eachRow(ctx, `SELECT t.campaign, t.task_type, t.received_at_ms FROM tasks t
		WHERE t.campaign <> '' AND t.received_at_ms > $1 AND t.received_at_ms <= $2`,
		[]any{from, to + followUpWindow}, func(rows *sql.Rows) error {
			var campaign, taskType string
			var at int64
			err := rows.Scan(&campaign, &taskType, &at)
			received[[2]string{campaign, taskType}] = append(received[[2]string{campaign, taskType}], at)
			return err
		})
	for _, r := range tasks {
		if r.campaign == "" {
			continue
		}
		r.followedUp = slices.ContainsFunc(received[[2]string{r.campaign, r.taskType}], func(at int64) bool {
			return at > r.closedAt && at <= r.closedAt+followUpWindow
		})
	}
	return err
}

// eachRow runs a query and hands each row to scan.
func (s *Store) eachRow(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("ledger: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

func (r *taskRecord) addHandoff(kind HandoffKind, at int64) {
	switch kind {
	case HandoffReassign:
		r.reassigns++
	case HandoffHandBack:
		r.handBacks++
	case HandoffReroute:
		r.reroutes = append(r.reroutes, at)
	}
}

func (r *taskRecord) addRun(failed bool, at int64) {
	r.runs++
	if failed {
		r.failures++
		if r.firstFailure == 0 || at < r.firstFailure {
			r.firstFailure = at
		}
	}
}

// addEscalation notes a level reached. The workflow keys each level
// escalation-<cycle>-<level>, so the key tells one climb from the next; keys of
// another form (not written by the task workflow) are taken as one climb, so
// they never make a type look escalated repeatedly.
func (r *taskRecord) addEscalation(key string, level int, trigger string) {
	r.highestLevel = max(r.highestLevel, level)
	r.triggers[trigger] = true
	var cycle, keyLevel int
	if _, err := fmt.Sscanf(key, "escalation-%d-%d", &cycle, &keyLevel); err != nil {
		cycle = 0
	}
	r.cycles[cycle] = true
}
