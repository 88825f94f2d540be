package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/lanes-dev/lanes/internal/temporalserver"
)

// The holidays the schedule integration test adds lie between two of Temporal's next
// ten runs on every date: for a start date in each month of a year, and on the days
// around the catalog's own holidays, a real server, listing a schedule's times, skips
// the added holiday and runs before it.
func TestWithHolidaysLieBetweenTwoRunsOnAnyDate(t *testing.T) {
	ts := temporalserver.Start(t)
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
				next := temporalNextRuns(t, ts, id+"-"+start.Format("20060102T150405Z"), spec, start, 10)
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
// with spec, as the server lists them for a paused schedule of its own, id.
func temporalNextRuns(t *testing.T, ts *temporalserver.Server, id string, spec client.ScheduleSpec, from time.Time, n int) []time.Time {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := ts.Client()
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: id, Spec: spec, Paused: true,
		Action: &client.ScheduleWorkflowAction{ID: id, Workflow: "NeverStarted", TaskQueue: "nobody-polls"},
	})
	require.NoError(t, err)
	res, err := c.WorkflowService().ListScheduleMatchingTimes(ctx, &workflowservice.ListScheduleMatchingTimesRequest{
		Namespace: ts.Namespace(), ScheduleId: id,
		StartTime: timestamppb.New(from), EndTime: timestamppb.New(from.AddDate(2, 0, 0)),
	})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(res.GetStartTime()), n, "runs in two years from %s", from)
	var runs []time.Time
	for _, at := range res.GetStartTime()[:n] {
		runs = append(runs, at.AsTime())
	}
	return runs
}
