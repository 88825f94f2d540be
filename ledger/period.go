package ledger

import (
	"fmt"
	"slices"
	"time"
)

// MaxPeriod is the longest period one report reads: it bounds the rows a query
// brings into memory to compute percentiles, whatever the ledger holds.
const MaxPeriod = 400 * 24 * time.Hour

// Period is the stretch of time a report covers, from From up to but not
// including To. A task counts in the period it closed in; an SLA clock in the
// period it ended in.
type Period struct {
	// From is the first instant the report covers.
	From time.Time
	// To is the instant it stops before.
	To time.Time
}

// PeriodError is a period a report cannot cover; it names the field at fault.
type PeriodError struct {
	// Field is "From" or "To"; "Month" for a monthly review's month; "Location"
	// for a report counted in a time zone that was not given.
	Field string
	// Problem says what is wrong and how to fix it.
	Problem string
}

// Error names the field and how to fix it.
func (e *PeriodError) Error() string {
	return "report period: " + e.Field + ": " + e.Problem
}

func (p Period) validate() error {
	switch {
	case p.From.IsZero():
		return &PeriodError{Field: "From", Problem: "is not set; give the first instant the report covers"}
	case p.To.IsZero():
		return &PeriodError{Field: "To", Problem: "is not set; give the instant the report stops before"}
	case !p.To.After(p.From):
		return &PeriodError{Field: "To", Problem: fmt.Sprintf("%s is not after From %s; the period runs forward", p.To.Format(time.RFC3339), p.From.Format(time.RFC3339))}
	case p.To.Sub(p.From) > MaxPeriod:
		return &PeriodError{Field: "To", Problem: fmt.Sprintf("the period is %d days, longer than the %d one report reads; split it", int(p.To.Sub(p.From).Hours()/24), int(MaxPeriod.Hours()/24))}
	}
	return nil
}

// millis is the period as the ledger stores times.
func (p Period) millis() (from, to int64) {
	return p.From.UnixMilli(), p.To.UnixMilli()
}

// Percentiles describes how long something took over a set of tasks.
type Percentiles struct {
	// Count is the number of tasks measured.
	Count int
	// P50 is the median: half the tasks took this long or less.
	P50 time.Duration
	// P90: nine tasks in ten took this long or less.
	P90 time.Duration
}

// percentilesOf computes nearest-rank percentiles: the p-th percentile is the
// smallest measured time that at least p% of the tasks did not exceed. It is
// done in Go because SQLite has no percentile function, so both databases give
// the same answer from the same rows.
func percentilesOf(millis []int64) Percentiles {
	if len(millis) == 0 {
		return Percentiles{}
	}
	sorted := slices.Clone(millis)
	slices.Sort(sorted)
	// The rank is ceil(percent × n / 100), in integers so no rounding creeps in.
	rank := func(percent int) time.Duration {
		i := (percent*len(sorted)+99)/100 - 1
		return time.Duration(sorted[max(i, 0)]) * time.Millisecond
	}
	return Percentiles{Count: len(sorted), P50: rank(50), P90: rank(90)}
}
