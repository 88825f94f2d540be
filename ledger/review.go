package ledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// topCount is how many task types each of the review's top lists names.
const topCount = 10

// MonthlyReview is the month's look back that tells leaders what to change
// (DOMAIN.md §9): which task types take the most work, which climb and which
// need people's hands, what to automate or re-score next, and who asks for
// work and when. Every list but Intake counts the tasks completed in the month.
//
// The four-week demand forecast is not here: it needs the recurring schedules
// and the rosters' capacity, which live in Temporal, not in the ledger.
type MonthlyReview struct {
	// Month is the month reviewed, as YYYY-MM; Period its first instant to the
	// next month's, in the review's time zone.
	Month  string
	Period Period
	// ByVolume is the ten types that completed the most tasks.
	ByVolume []Handling
	// ByEscalationRate is the ten types with the highest share of tasks
	// escalated, among those escalated at all; ties go to the busier type.
	ByEscalationRate []Handling
	// ByManualTouches is the ten types whose tasks took the most manual touches
	// each (Handling.TouchesPerTask), among those touched at all.
	ByManualTouches []Handling
	// AutomateNext ranks the types that could be automated by the manual
	// minutes a month their automation would save, most first.
	AutomateNext []AutomateNext
	// Rescore lists the types whose scores look wrong, and why.
	Rescore []Rescore
	// Intake counts the requests received in the month.
	Intake Intake
}

// Review assembles the monthly review of month (YYYY-MM, such as "2026-03"),
// with the month's days and hours counted in loc, never the machine's zone.
// types gives each task type's catalog scores, for the automate-next ranking.
// A malformed month or a missing zone is a *PeriodError naming it.
func (s *Store) Review(ctx context.Context, month string, loc *time.Location, f Filter, types TaskTypes) (*MonthlyReview, error) {
	if err := zoneError(loc); err != nil {
		return nil, err
	}
	if types == nil {
		return nil, errors.New("ledger: review: no task types given; pass the catalog, whose automation scores rank automate-next")
	}
	p, err := monthPeriod(month, loc)
	if err != nil {
		return nil, err
	}
	tasks, err := s.completedTasks(ctx, p, f)
	if err != nil {
		return nil, fmt.Errorf("review %s: %w", month, err)
	}
	in, err := s.intake(ctx, p, loc, f)
	if err != nil {
		return nil, fmt.Errorf("review %s: %w", month, err)
	}
	byType := handlingBy(tasks, func(r *taskRecord) [2]string { return [2]string{r.taskType, ""} })
	return &MonthlyReview{
		Month: month, Period: p,
		ByVolume: top(byType, func(h Handling) bool { return true }, func(a, b Handling) int {
			return cmp.Compare(b.Completed, a.Completed)
		}),
		ByEscalationRate: top(byType, func(h Handling) bool { return h.Escalated > 0 }, func(a, b Handling) int {
			return cmp.Or(cmp.Compare(b.EscalationRate(), a.EscalationRate()), cmp.Compare(b.Completed, a.Completed))
		}),
		ByManualTouches: top(byType, func(h Handling) bool { return h.ManualTouches > 0 }, func(a, b Handling) int {
			return cmp.Or(cmp.Compare(b.TouchesPerTask(), a.TouchesPerTask()), cmp.Compare(b.ManualTouches, a.ManualTouches))
		}),
		AutomateNext: automateNext(tasks, types),
		Rescore:      rescoreCandidates(tasks),
		Intake:       in,
	}, nil
}

// monthPeriod reads YYYY-MM as the month's period in loc.
func monthPeriod(month string, loc *time.Location) (Period, error) {
	start, err := time.ParseInLocation("2006-01", month, loc)
	if err != nil {
		return Period{}, &PeriodError{Field: "Month", Problem: fmt.Sprintf("%q is not a month; write it as YYYY-MM, such as 2026-03", month)}
	}
	return Period{From: start, To: start.AddDate(0, 1, 0)}, nil
}

// top keeps the types that pass, ranks them by better (then by name, so ties
// read the same on every run) and returns the first ten.
func top(types []Handling, keep func(Handling) bool, better func(a, b Handling) int) []Handling {
	var out []Handling
	for _, h := range types {
		if keep(h) {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b Handling) int { return cmp.Or(better(a, b), cmp.Compare(a.TaskType, b.TaskType)) })
	return out[:min(len(out), topCount)]
}
