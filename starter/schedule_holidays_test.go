package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	schedulepb "go.temporal.io/api/schedule/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/service/worker/scheduler"
)

// The holidays the schedule integration test adds lie between two of Temporal's next
// ten runs on every date: for a start date in each month of a year, and on the days
// around the catalog's own holidays, Temporal's own spec evaluation (the code the
// server runs) skips the added holiday and runs before it.
func TestWithHolidaysLieBetweenTwoRunsOnAnyDate(t *testing.T) {
	var starts []time.Time
	for m := time.January; m <= time.December; m++ {
		starts = append(starts, time.Date(2026, m, 6, 21, 13, 0, 0, time.UTC), time.Date(2026, m, 28, 23, 59, 0, 0, time.UTC))
	}
	starts = append(starts,
		time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), // the catalog's 1 January holiday is the next run
		time.Date(2026, 12, 1, 7, 59, 0, 0, time.UTC),  // a minute before a monthly run in London
		time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC),   // on it: Temporal starts the next run after it
		time.Date(2026, 12, 21, 15, 0, 0, 0, time.UTC), // a Monday run, then the 28 December holiday
	)
	for _, start := range starts {
		t.Run(start.Format(time.RFC3339), func(t *testing.T) {
			cat, holidays := withHolidays(t, start)
			for _, id := range []string{"weekly-lifecycle-email-qa", "monthly-dashboard-refresh"} {
				tt, _ := cat.TaskType(id)
				spec, err := recurringSpec(tt, cat.Teams[tt.Team])
				require.NoError(t, err)
				next := temporalNextRuns(t, spec, start, 10)
				holiday := holidays[tt.Team]
				between := false
				for i, at := range next {
					require.NotEqual(t, holiday.Format(time.DateOnly), at.In(holiday.Location()).Format(time.DateOnly), "%s runs on the holiday", id)
					if i > 0 && next[i-1].Before(holiday) && at.After(holiday) {
						between = true
					}
				}
				require.True(t, between, "%s from %s: the holiday %s lies between two of %v", id, start, holiday, next)
			}
		})
	}
}

// temporalNextRuns are the next n times after from at which Temporal starts a schedule
// with spec, computed by the server's own scheduler.
func temporalNextRuns(t *testing.T, spec client.ScheduleSpec, from time.Time, n int) []time.Time {
	t.Helper()
	pb := &schedulepb.ScheduleSpec{TimezoneName: spec.TimeZoneName}
	for _, c := range spec.Calendars {
		pb.StructuredCalendar = append(pb.StructuredCalendar, structuredCalendar(c))
	}
	for _, c := range spec.Skip {
		pb.ExcludeStructuredCalendar = append(pb.ExcludeStructuredCalendar, structuredCalendar(c))
	}
	compiled, err := scheduler.NewSpecBuilder(dynamicconfig.GetIntPropertyFn(100000), dynamicconfig.GetIntPropertyFn(1000000)).NewCompiledSpec(pb)
	require.NoError(t, err)
	var runs []time.Time
	for at := from; len(runs) < n; {
		next, err := compiled.GetNextTime("", at)
		require.NoError(t, err)
		require.False(t, next.Next.IsZero(), "no run after %s", at)
		runs = append(runs, next.Next)
		at = next.Next
	}
	return runs
}

func structuredCalendar(c client.ScheduleCalendarSpec) *schedulepb.StructuredCalendarSpec {
	ranges := func(rs []client.ScheduleRange) []*schedulepb.Range {
		var out []*schedulepb.Range
		for _, r := range rs {
			out = append(out, &schedulepb.Range{Start: int32(r.Start), End: int32(r.End), Step: int32(r.Step)})
		}
		return out
	}
	return &schedulepb.StructuredCalendarSpec{
		Second: ranges(c.Second), Minute: ranges(c.Minute), Hour: ranges(c.Hour),
		DayOfMonth: ranges(c.DayOfMonth), Month: ranges(c.Month), Year: ranges(c.Year), DayOfWeek: ranges(c.DayOfWeek),
		Comment: c.Comment,
	}
}
