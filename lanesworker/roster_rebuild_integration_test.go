package lanesworker_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// A roster that was terminated is started again by the worker; its first run asks the
// team's open tasks for their places, so the bookings survive, the new roster's notices
// are taken by the tasks, and completing them gives every hour back. It reads the
// week's completions back from the team's closed tasks: a review completed before the
// termination still counts, with the hours it took.
func TestIntegrationRosterRebuiltFromOpenTasks(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := submitReviews(ctx, t, ls.intake, "rebuild", 3)
	held := map[string]string{}
	for _, id := range all {
		st, err := ls.intake.WaitFor(ctx, id, answered)
		require.NoError(t, err)
		require.NotEmpty(t, st.Staffing.Person, "room for all three")
		held[id] = st.Staffing.Person
	}
	ids, completed := all[:2], all[2]
	require.NoError(t, finishAs(ctx, ls.intake, completed, held[completed]))
	require.NoError(t, ls.client.GetWorkflow(ctx, completed, "").Get(ctx, nil))
	require.Eventually(t, func() bool {
		resp, err := ls.client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("WorkflowId = '%s' AND ExecutionStatus = 'Completed'", completed)})
		return err == nil && len(resp.GetExecutions()) == 1
	}, 30*time.Second, 100*time.Millisecond, "visibility lists the completed review")
	delete(held, completed)
	rosterID := workflows.RosterWorkflowID("marketing-ops")
	require.NoError(t, ls.client.TerminateWorkflow(ctx, rosterID, "", "test: lose the roster"))

	file, err := roster.Default(cat)
	require.NoError(t, err)
	queue := workflows.QueuesWithPrefix("it").Tasks
	require.NoError(t, lanesworker.EnsureRosters(ctx, ls.client, queue, cat, file, time.Minute))

	var rs workflows.RosterStatus
	require.Eventually(t, func() bool {
		rs = mustQueryRoster(ctx, t, ls.client)
		return rs.Counts.Assigned == len(all)
	}, 30*time.Second, 200*time.Millisecond, "the open tasks told the new roster their places, and the completed one was read back")
	where := checkRoster(t, rs, all)
	require.Equal(t, held, where, "each booking taken over as it was")
	require.Equal(t, 1, rs.Runs, "a new roster, not the old one")
	require.Equal(t, 1, rs.Counts.Released, "the completed review, read back")
	require.InDelta(t, reviewHours, rs.ActualDone, 1e-9, "the hours it took")
	require.InDelta(t, 1.0, rs.EstimatedDone, 1e-9, "against its estimate")

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
		return rs.Counts.Released >= len(all)
	}, 30*time.Second, 200*time.Millisecond, "every hour given back")
}
