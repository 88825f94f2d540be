package lanesworker_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// Two thousand reviews ask the roster at once, as a bulk import makes them, of a team
// with room for twelve. The stand-ins are parked workflows whose asks go straight to
// the roster (the signal a task sends when it starts), so the test spends its time on
// the roster rather than on 2,000 task workflows; no worker serves the roster until
// every ask is in its history, so its next workflow task meets all 2,000 at once, as a
// roster behind a busy worker does. The roster books twelve, queues the rest in order
// and tells every one, with no workflow task of its own failing, while it continues as
// new with the queue; it answers its query, books waiting tasks as hours come back, and
// a real review submitted after the burst is told its place at the end of the line.
func TestIntegrationRosterBurstOfTwoThousand(t *testing.T) {
	const burst = 2000
	cat, err := catalog.Default()
	require.NoError(t, err)
	path := writeRoster(t,
		roster.Person{ID: "devon", Seniority: roster.Senior, Skills: []string{"development", "design"}, WeeklyHours: 30},
		roster.Person{ID: "lena", Seniority: roster.Senior, Skills: []string{"writing", "design"}, WeeklyHours: 40})
	var cfg lanesworker.Config
	ls := startLanesWith(t, cat, func(c *lanesworker.Config) {
		c.RosterPath, c.Pools = path, []string{lanesworker.PoolRPA, lanesworker.PoolCloud}
		cfg = *c
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	file, err := roster.Load(path, cat)
	require.NoError(t, err)
	rosterID, rosterQueue := workflows.RosterWorkflowID("marketing-ops"), "it-roster-held"
	run, err := ls.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: rosterID, TaskQueue: rosterQueue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
	}, workflows.TeamRosterWorkflow, workflows.RosterInput{
		Team: "marketing-ops", TimeZone: cat.Teams["marketing-ops"].TimeZone, Roster: file.Teams["marketing-ops"],
		MaxEvents: 5000, ReconcileEvery: time.Hour,
	})
	require.NoError(t, err)
	runTasksPool(t, cfg, ls, cat)

	parked, err := bench.NewParkedTasks(ls.client, cat, rosterID, "it-bulk", burst, 20)
	require.NoError(t, err)
	require.NoError(t, parked.Park(ctx))
	require.NoError(t, parked.AskAll(ctx))
	w := worker.New(ls.client, rosterQueue, worker.Options{})
	w.RegisterWorkflow(workflows.TeamRosterWorkflow)
	w.RegisterActivity(&activities.Rosters{Temporal: ls.client})
	require.NoError(t, w.Start())
	defer w.Stop()
	var rs workflows.RosterStatus
	var queryErrs []error
	require.Eventually(t, func() bool {
		rs, err = bench.QueryRoster(ctx, ls.client, rosterID)
		if err != nil {
			queryErrs = append(queryErrs, err)
			return false
		}
		return rs.Counts.Assigned+rs.Counts.Queued == burst && rs.Telling == 0
	}, 3*time.Minute, 200*time.Millisecond, "every ask placed and every task told")
	require.NoError(t, errors.Join(queryErrs...), "the roster answers its query during the burst")

	perPerson := map[string]int{}
	for _, p := range rs.People {
		perPerson[p.ID] = len(p.OpenTasks)
	}
	require.Equal(t, map[string]int{"devon": 5, "lena": 7, "maya": 0, "omar": 0, "rosa": 0}, perPerson, "seniors with design filled to the cap")
	require.Equal(t, roster.Counts{Assigned: 12, Queued: burst - 12}, rs.Counts)
	require.Equal(t, burst-12, rs.Waiting)
	require.Len(t, rs.Queue, roster.ViewQueue, "the query lists the head of the line")
	for i := 1; i < len(rs.Queue); i++ {
		require.False(t, rs.Queue[i].At.Before(rs.Queue[i-1].At), "equal priorities wait in the order they asked")
	}
	require.Greater(t, rs.Runs, 1, "the roster continued as new with the queue")

	history, _, err := bench.HistoryAcrossRuns(ctx, ls.client, rosterID, run.GetRunID())
	require.NoError(t, err)
	_, delivered, _, err := bench.RosterAnswers(history, converter.GetDefaultDataConverter())
	require.NoError(t, err)
	require.Len(t, delivered, burst, "every stand-in took a notice")
	burstPhase := bench.WaitingPhases(history, burst-12, 12)[0]
	t.Logf("%d roster workflow tasks, longest %v", len(burstPhase.TasksRun), slices.Max(append(burstPhase.TasksRun, 0)))
	for _, e := range history {
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
			// The server closes a workflow task during which over 100 signals arrived, and
			// one that would continue as new over messages it has not applied; the next
			// workflow task applies them. Any other failure is the roster's.
			cause := e.GetWorkflowTaskFailedEventAttributes().GetCause()
			require.Contains(t, []enumspb.WorkflowTaskFailedCause{
				enumspb.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND, enumspb.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
			}, cause, "event %d: %v", e.GetEventId(), e)
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
			require.Failf(t, "a roster workflow task timed out", "event %d: %v", e.GetEventId(), e)
		}
	}

	// Hours come back: the first three in line are booked.
	next := []string{rs.Queue[0].TaskID, rs.Queue[1].TaskID, rs.Queue[2].TaskID}
	var done []string
	for _, p := range rs.People {
		for _, b := range p.OpenTasks[:min(2, len(p.OpenTasks))] {
			done = append(done, b.TaskID)
		}
	}
	require.Len(t, done, 4)
	require.NoError(t, parked.Release(ctx, done[:3]))
	require.Eventually(t, func() bool {
		rs, err = bench.QueryRoster(ctx, ls.client, rosterID)
		return err == nil && rs.Counts.Released == 3 && rs.Telling == 0
	}, time.Minute, 100*time.Millisecond, "the releases reach the roster")
	booked := map[string]bool{}
	for _, p := range rs.People {
		for _, b := range p.OpenTasks {
			booked[b.TaskID] = true
		}
	}
	for _, id := range next {
		require.True(t, booked[id], "%s, next in line, is booked", id)
	}
	require.Equal(t, burst-15, rs.Waiting)

	// A real review submitted now is told its place, at the end of the line.
	sub, err := ls.intake.Submit(ctx, reviewRequest("it-bulk-late"))
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, sub.TaskID, answered)
	require.NoError(t, err)
	require.Equal(t, burst-15+1, st.Staffing.Position)
	require.NoError(t, ls.client.TerminateWorkflow(ctx, sub.TaskID, "", "test over"))
}
