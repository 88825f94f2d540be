package lanesworker_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// reviewHours is what each reviewer reports at completion, so ActualHours is known.
const reviewHours = 0.75

// writeRoster writes a marketing-ops roster: three people who cover the team's other
// skills (maya's and rosa's lack design, omar's is a specialist's, so reviews skip
// them), plus the senior designers given, who take every review.
func writeRoster(t *testing.T, designers ...roster.Person) string {
	t.Helper()
	people := append([]roster.Person{
		{ID: "maya", Seniority: roster.Senior, Skills: []string{"paid-media", "project-management", "analysis"}, WeeklyHours: 36},
		{ID: "omar", Seniority: roster.Specialist, Skills: []string{"analysis", "development", "paid-media", "design"}, WeeklyHours: 38},
		{ID: "rosa", Seniority: roster.Coordinator, Skills: []string{"project-management", "writing"}, WeeklyHours: 40},
	}, designers...)
	data, err := json.Marshal(roster.File{Teams: map[string]roster.Team{
		"marketing-ops": {Managers: []string{"maya"}, QueueWait: catalog.Duration(time.Hour), People: people},
	}})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "roster.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// reviewRequest is one review task of a roster test.
func reviewRequest(id string) workflows.TaskRequest {
	return workflows.TaskRequest{RequestID: id, TaskType: bench.ReviewType, Title: "Review " + id, Requester: "maya"}
}

// answered is true once the roster has told the task who takes it or where it waits.
func answered(st workflows.TaskStatus) bool {
	sf := st.Staffing
	return sf != nil && ((sf.Person != "" && st.Assignee == sf.Person) || sf.Position > 0)
}

// finishAs acknowledges and completes a task as its booked person, as act does, but
// returns its error so it can run in a goroutine.
func finishAs(ctx context.Context, in *intake.Client, taskID, person string) error {
	rec, err := intake.Send(ctx, in, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}})
	if err == nil && !rec.Accepted {
		err = fmt.Errorf("acknowledge refused: %s", rec.Reason)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", taskID, err)
	}
	rec, err = intake.Send(ctx, in, taskID, workflows.SignalComplete, workflows.CompleteSignal{
		ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person},
		Outcome:      workflows.OutcomeResolved,
		Hours:        reviewHours,
	})
	if err == nil && !rec.Accepted {
		err = fmt.Errorf("complete refused: %s", rec.Reason)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", taskID, err)
	}
	return nil
}

// checkRoster asserts what must hold at every moment: no allocation past the cap, each
// task in at most one place, and every task of ids booked, waiting or released once.
// It returns where each open task is: a person, or "" for the queue.
func checkRoster(t *testing.T, rs workflows.RosterStatus, ids []string) map[string]string {
	t.Helper()
	where := map[string]string{}
	place := func(taskID, who string) {
		prev, seen := where[taskID]
		require.False(t, seen, "task %s is both with %q and %q", taskID, prev, who)
		where[taskID] = who
	}
	booked := 0
	for _, p := range rs.People {
		for _, a := range p.Allocations {
			require.LessOrEqual(t, a.Utilization, roster.UtilizationCap+1e-9, "%s's %s allocation: %.2fh of %.2fh", p.ID, a.Allocation, a.Booked, a.Capacity)
		}
		for _, b := range p.OpenTasks {
			require.Equal(t, p.ID, b.Person)
			place(b.TaskID, p.ID)
			booked++
		}
	}
	for _, w := range rs.Queue {
		place(w.TaskID, "")
	}
	for taskID := range where {
		require.Contains(t, ids, taskID, "the roster holds a task the test never submitted")
	}
	require.Equal(t, len(ids), booked+len(rs.Queue)+rs.Counts.Released, "every task booked, waiting or released: %+v", rs.Counts)
	require.Equal(t, booked+rs.Counts.Released, rs.Counts.Assigned, "each booking assigned once: %+v", rs.Counts)
	return where
}

func mustQueryRoster(ctx context.Context, t *testing.T, c client.Client) workflows.RosterStatus {
	t.Helper()
	rs, err := bench.QueryRoster(ctx, c, workflows.RosterWorkflowID("marketing-ops"))
	require.NoError(t, err)
	return rs
}

// Fifty reviews submitted at once to a team with room for twelve: twelve are booked
// without passing anyone's cap and the rest wait in line, nothing lost or doubled.
// Completing the booked ones lets the waiting ones in until all fifty are done. The
// roster, started with a small MaxEvents, continues as new during the run.
func TestIntegrationRosterFiftyTasks(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	// Reactive support is 20% of the week: devon has 6h (5 reviews under 95%), lena 8h (7 reviews).
	path := writeRoster(t,
		roster.Person{ID: "devon", Seniority: roster.Senior, Skills: []string{"development", "design"}, WeeklyHours: 30},
		roster.Person{ID: "lena", Seniority: roster.Senior, Skills: []string{"writing", "design"}, WeeklyHours: 40})
	// The first worker runs only the automation pools, so the roster below is started
	// before any lanesworker.EnsureRosters; the tasks pool starts once it runs.
	var cfg lanesworker.Config
	ls := startLanesWith(t, cat, func(c *lanesworker.Config) {
		c.RosterPath, c.RosterReconcileEvery, c.Pools = path, 2*time.Second, []string{lanesworker.PoolRPA, lanesworker.PoolCloud}
		cfg = *c
	})
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	file, err := roster.Load(path, cat)
	require.NoError(t, err)
	_, err = ls.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflows.RosterWorkflowID("marketing-ops"), TaskQueue: ls.intake.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
	}, workflows.TeamRosterWorkflow, workflows.RosterInput{
		Team: "marketing-ops", TimeZone: cat.Teams["marketing-ops"].TimeZone, Roster: file.Teams["marketing-ops"],
		MaxEvents: 300, ReconcileEvery: cfg.RosterReconcileEvery,
	})
	require.NoError(t, err)
	runTasksPool(t, cfg, ls, cat)

	ids := submitReviews(ctx, t, ls.intake, "it-roster", 50)
	for _, id := range ids {
		_, err := ls.intake.WaitFor(ctx, id, answered)
		require.NoError(t, err)
	}
	rs := mustQueryRoster(ctx, t, ls.client)
	where := checkRoster(t, rs, ids)
	perPerson := map[string]int{}
	for _, who := range where {
		perPerson[who]++
	}
	require.Equal(t, map[string]int{"devon": 5, "lena": 7, "": 38}, perPerson, "seniors with design filled to the cap, the rest wait")
	require.Equal(t, roster.Counts{Assigned: 12, Queued: 38}, rs.Counts)
	for _, id := range ids {
		st, err := ls.intake.Status(ctx, id)
		require.NoError(t, err)
		require.Equal(t, where[id], st.Staffing.Person, "task %s and the roster agree", id)
		require.Equal(t, where[id] == "", st.Staffing.Position > 0, "task %s waits with a place in line", id)
	}

	completeAll(ctx, t, ls, ids)

	require.Eventually(t, func() bool {
		rs, err = bench.QueryRoster(ctx, ls.client, workflows.RosterWorkflowID("marketing-ops"))
		return err == nil && rs.Counts.Released >= len(ids)
	}, time.Minute, 100*time.Millisecond, "every release reaches the roster")
	checkRoster(t, rs, ids)
	require.Empty(t, rs.Queue)
	for _, p := range rs.People {
		require.Zero(t, p.PlannedHours, "%s still has hours booked", p.ID)
		require.Empty(t, p.OpenTasks, "%s still holds tasks", p.ID)
		for _, a := range p.Allocations {
			require.Zero(t, a.Booked, "%s's %s", p.ID, a.Allocation)
		}
	}
	require.Equal(t, len(ids), rs.Counts.Assigned, "each task booked exactly once")
	require.Greater(t, rs.Runs, 1, "the roster continued as new during the run")
	require.InDelta(t, float64(len(ids))*reviewHours, rs.ActualDone, 1e-9, "every completion's hours recorded")
	for _, id := range ids {
		var res workflows.TaskResult
		require.NoError(t, ls.client.GetWorkflow(ctx, id, "").Get(ctx, &res), "%s closed once completed", id)
		st, sf := res.Status, res.Status.Staffing
		require.Equal(t, workflows.StageCompleted, st.Stage, id)
		require.Equal(t, workflows.OutcomeResolved, st.Outcome, id)
		require.Equal(t, sf.Person, st.CompletedBy, id)
		require.True(t, sf.Released, "%s gave its capacity back", id)
		require.Equal(t, reviewHours, sf.ActualHours, id)
	}
}

// runTasksPool runs the tasks pool of cfg on the test's server until the test ends.
func runTasksPool(t *testing.T, cfg lanesworker.Config, ls *lanesServer, cat *catalog.Catalog) {
	t.Helper()
	cfg.Pools = []string{lanesworker.PoolTasks}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	cfg.Catalog, cfg.Notifier, cfg.Logger = cat, ls.board, zaptest.NewLogger(t)
	go func() { done <- lanesworker.RunWorker(ctx, cfg, ls.client) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
}

// submitReviews submits n reviews at once, one goroutine each, and returns their task IDs.
func submitReviews(ctx context.Context, t *testing.T, in *intake.Client, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			sub, err := in.Submit(ctx, reviewRequest(fmt.Sprintf("%s-%02d", prefix, i)))
			ids[i], errs[i] = sub.TaskID, err
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	return ids
}

// completeAll plays the reviewers: each round completes every task booked so far, at
// once, which lets waiting tasks in for the next round; the roster keeps its rules in between.
func completeAll(ctx context.Context, t *testing.T, ls *lanesServer, ids []string) {
	t.Helper()
	done := map[string]bool{}
	for len(done) < len(ids) {
		var round []workflows.TaskStatus
		require.Eventually(t, func() bool {
			round = round[:0]
			for _, id := range ids {
				st, err := ls.intake.Status(ctx, id)
				if err != nil {
					return false
				}
				if !done[id] && st.Staffing != nil && st.Staffing.Person != "" && st.Assignee == st.Staffing.Person {
					round = append(round, st)
				}
			}
			return len(round) > 0
		}, time.Minute, 100*time.Millisecond, "%d tasks still wait and none is booked", len(ids)-len(done))
		errs := make([]error, len(round))
		var wg sync.WaitGroup
		for i, st := range round {
			wg.Go(func() { errs[i] = finishAs(ctx, ls.intake, st.TaskID, st.Staffing.Person) })
		}
		wg.Wait()
		require.NoError(t, errors.Join(errs...))
		for _, st := range round {
			done[st.TaskID] = true
		}
		checkRoster(t, mustQueryRoster(ctx, t, ls.client), ids)
	}
}

// A task that times out while it holds a booking cannot give it back; the roster's
// check of open tasks releases it, and the task waiting behind it gets the person.
func TestIntegrationRosterReleasesTimedOutTask(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	// Reactive support of 8h a week is 1.6h, room for one 1h review under the cap.
	path := writeRoster(t, roster.Person{ID: "lena", Seniority: roster.Senior, Skills: []string{"writing", "design"}, WeeklyHours: 8})
	ls := startLanesWith(t, cat, func(c *lanesworker.Config) { c.RosterPath, c.RosterReconcileEvery = path, time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	doomed := reviewRequest("it-roster-timeout")
	run, err := ls.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflows.TaskWorkflowID(doomed.RequestID), TaskQueue: ls.intake.TaskQueue, WorkflowExecutionTimeout: 8 * time.Second,
	}, workflows.CampaignTaskWorkflow, doomed)
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, run.GetID(), answered)
	require.NoError(t, err)
	require.Equal(t, "lena", st.Staffing.Person)

	next, err := ls.intake.Submit(ctx, reviewRequest("it-roster-after-timeout"))
	require.NoError(t, err)
	st, err = ls.intake.WaitFor(ctx, next.TaskID, answered)
	require.NoError(t, err)
	require.Equal(t, 1, st.Staffing.Position, "lena is full; the second review waits first in line")

	err = run.Get(ctx, nil)
	var timeout *temporal.TimeoutError
	require.ErrorAs(t, err, &timeout, "the first task timed out holding its booking")
	_, err = ls.intake.WaitFor(ctx, next.TaskID, func(st workflows.TaskStatus) bool { return st.Staffing.Person == "lena" })
	require.NoError(t, err, "the check of open tasks freed lena for the waiting review")
	rs := mustQueryRoster(ctx, t, ls.client)
	checkRoster(t, rs, []string{run.GetID(), next.TaskID})
	require.Equal(t, roster.Counts{Assigned: 2, Queued: 1, Released: 1}, rs.Counts)

	require.NoError(t, finishAs(ctx, ls.intake, next.TaskID, "lena"))
	require.Eventually(t, func() bool {
		rs, err = bench.QueryRoster(ctx, ls.client, workflows.RosterWorkflowID("marketing-ops"))
		return err == nil && rs.Counts.Released == 2
	}, 30*time.Second, 100*time.Millisecond, "the completion reaches the roster")
	for _, p := range rs.People {
		require.Zero(t, p.PlannedHours, p.ID)
	}
}
