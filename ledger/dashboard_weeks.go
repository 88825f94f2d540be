package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
)

// Clocks counts the SLA clocks of one kind that ended met and breached.
type Clocks struct {
	Met      int
	Breached int
}

// Attainment is met ÷ (met + breached), from 0 to 1; ok is false when no clock ended.
func (c Clocks) Attainment() (rate float64, ok bool) {
	if c.Met+c.Breached == 0 {
		return 0, false
	}
	return float64(c.Met) / float64(c.Met+c.Breached), true
}

// WeekOutcomes is one ISO week's SLA clocks and completed tasks: the dashboard's
// trend lines of SLA attainment, automation rate and manual minutes saved, with
// the same definitions as SLAAttainment and AutomationRates (DOMAIN.md §11).
type WeekOutcomes struct {
	// Start and End bound the week, as in Week.
	Start time.Time
	End   time.Time
	// Response and Resolution count the clocks of each kind that ended in the week.
	Response   Clocks
	Resolution Clocks
	// Completed counts the tasks completed in the week; ByAutomation those an
	// automation closed with no person's work step, whose manual minutes sum to
	// ManualMinutesSaved.
	Completed          int
	ByAutomation       int
	ManualMinutesSaved int
}

// AutomationRate is ByAutomation ÷ Completed, from 0 to 1.
func (w WeekOutcomes) AutomationRate() float64 { return ratio(w.ByAutomation, w.Completed) }

// WeeklyOutcomes reports, for each ISO week of the period (weeks start on Monday
// in loc), the SLA clocks that ended and the tasks completed in it, for the tasks
// the filter keeps.
func (s *Store) WeeklyOutcomes(ctx context.Context, p Period, loc *time.Location, f Filter) ([]WeekOutcomes, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if err := zoneError(loc); err != nil {
		return nil, err
	}
	weeks := weeksOf(p, loc)
	out := make([]WeekOutcomes, len(weeks))
	for i, w := range weeks {
		out[i] = WeekOutcomes{Start: w.From, End: w.To}
	}
	// weekOf finds the week an instant of the period falls in.
	weekOf := func(at int64) *WeekOutcomes {
		i := sort.Search(len(out), func(i int) bool { return out[i].End.UnixMilli() > at })
		return &out[min(i, len(out)-1)]
	}
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	err := s.eachRow(ctx, `SELECT c.clock, c.outcome, c.ended_at_ms FROM sla_clocks c JOIN tasks t ON t.task_id = c.task_id
		WHERE c.ended_at_ms >= $1 AND c.ended_at_ms < $2`+where, args, func(rows *sql.Rows) error {
		var clock, outcome string
		var at int64
		if err := rows.Scan(&clock, &outcome, &at); err != nil {
			return err
		}
		tally := &weekOf(at).Response
		if clock == ClockResolution {
			tally = &weekOf(at).Resolution
		}
		if outcome == ClockMet {
			tally.Met++
		} else {
			tally.Breached++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("weekly outcomes: %w", err)
	}
	where, args = f.completedIn(p)
	err = s.eachRow(ctx, `SELECT t.closed_at_ms, t.closed_by_automation, t.manual_minutes FROM tasks t WHERE `+where, args, func(rows *sql.Rows) error {
		var at int64
		var byAutomation bool
		var minutes int
		if err := rows.Scan(&at, &byAutomation, &minutes); err != nil {
			return err
		}
		w := weekOf(at)
		w.Completed++
		if byAutomation {
			w.ByAutomation++
			w.ManualMinutesSaved += minutes
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("weekly outcomes: %w", err)
	}
	return out, nil
}
