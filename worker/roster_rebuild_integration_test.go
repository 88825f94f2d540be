package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// A roster that was terminated is started again by the worker; its first run asks the
// team's open tasks for their places, so the bookings survive, the new roster's notices
// are taken by the tasks, and completing them gives every hour back.
func TestIntegrationRosterRebuiltFromOpenTasks(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ids := submitReviews(ctx, t, ls.intake, "rebuild", 2)
	held := map[string]string{}
	for _, id := range ids {
		st, err := ls.intake.WaitFor(ctx, id, answered)
		require.NoError(t, err)
		require.NotEmpty(t, st.Staffing.Person, "room for both")
		held[id] = st.Staffing.Person
	}
	rosterID := workflows.RosterWorkflowID("marketing-ops")
	require.NoError(t, ls.client.TerminateWorkflow(ctx, rosterID, "", "test: lose the roster"))

	file, err := roster.Default(cat)
	require.NoError(t, err)
	queue := workflows.QueuesWithPrefix("it").Tasks
	require.NoError(t, EnsureRosters(ctx, ls.client, queue, cat, file, time.Minute))

	var rs workflows.RosterStatus
	require.Eventually(t, func() bool {
		rs = mustQueryRoster(ctx, t, ls.client)
		return rs.Counts.Assigned == len(ids)
	}, 30*time.Second, 200*time.Millisecond, "the open tasks told the new roster their places")
	where := checkRoster(t, rs, ids)
	require.Equal(t, held, where, "each booking taken over as it was")
	require.Equal(t, 1, rs.Runs, "a new roster, not the old one")

	// The new roster's notices reach the tasks: a manager moves one.
	moved := ids[0]
	to := "rosa"
	if held[moved] == "rosa" {
		to = "lena"
	}
	_, err = intake.ChangeRoster(ctx, ls.intake, "marketing-ops", workflows.ReassignTaskUpdate{Actor: "maya", TaskID: moved, To: to})
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, moved, func(st workflows.TaskStatus) bool { return st.Assignee == to })
	require.NoError(t, err)
	require.Equal(t, "moved by maya", st.Staffing.Reason)
	held[moved] = to

	for _, id := range ids {
		require.NoError(t, finishAs(ctx, ls.intake, id, held[id]))
	}
	require.Eventually(t, func() bool {
		rs := mustQueryRoster(ctx, t, ls.client)
		for _, p := range rs.People {
			if p.PlannedHours != 0 {
				return false
			}
		}
		return rs.Counts.Released >= len(ids)
	}, 30*time.Second, 200*time.Millisecond, "every hour given back")
}
