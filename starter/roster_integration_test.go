package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// itQueue is where the test's worker runs the roster and the stand-in task.
const itQueue = "starter-it"

// rosterServer is a real Temporal server running the default
// marketing-ops roster, and a starter env whose dial reaches it.
type rosterServer struct {
	liveStarter
}

func startRosterServer(t *testing.T) *rosterServer {
	t.Helper()
	ts := temporalserver.Start(t)
	ts.NewWorker(itQueue, func(r worker.Registry) {
		r.RegisterWorkflow(workflows.TeamRosterWorkflow)
		r.RegisterWorkflowWithOptions(rosteredTask, workflow.RegisterOptions{Name: "RosteredTask"})
	})
	c := ts.Client()
	cat, err := catalog.Default()
	require.NoError(t, err)
	file, err := roster.Default(cat)
	require.NoError(t, err)
	in := workflows.RosterInput{Team: "marketing-ops", TimeZone: cat.Teams["marketing-ops"].TimeZone, Roster: file.Teams["marketing-ops"]}
	opts := client.StartWorkflowOptions{ID: workflows.RosterWorkflowID("marketing-ops"), TaskQueue: itQueue}
	_, err = c.ExecuteWorkflow(context.Background(), opts, workflows.TeamRosterWorkflow, in)
	require.NoError(t, err)

	e, out := newTestEnv(t, nil, nil)
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: itQueue}, func() {}, nil
	}
	return &rosterServer{liveStarter{t: t, c: c, env: e, out: out}}
}

// view reads the roster through `starter roster marketing-ops --json`.
func (s *rosterServer) view() workflows.RosterStatus {
	s.t.Helper()
	out, err := s.starter("roster", "marketing-ops", "--json")
	require.NoError(s.t, err)
	var st workflows.RosterStatus
	require.NoError(s.t, json.Unmarshal([]byte(out), &st))
	return st
}

// rosteredTask stands in for a CampaignTaskWorkflow of a rostered team: it asks the
// roster for a person, answers the status query with its staffing and takes the
// roster's notices, which is all of the task that starter reassign relies on.
func rosteredTask(ctx workflow.Context, req roster.Request) error {
	st := workflows.TaskStatus{TaskID: req.TaskID, Team: "marketing-ops", Stage: workflows.StageAssigned, Request: workflows.TaskRequest{Title: req.Title},
		Staffing: &workflows.Staffing{Roster: workflows.RosterWorkflowID("marketing-ops"), Reason: "asking the roster"}}
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.TaskStatus, error) { return st, nil }); err != nil {
		return err
	}
	ask := workflows.RequestPersonSignal{Request: req}
	if err := workflow.SignalExternalWorkflow(ctx, st.Staffing.Roster, "", workflows.SignalRequestPerson, ask).Get(ctx, nil); err != nil {
		return err
	}
	notices := workflow.GetSignalChannel(ctx, workflows.SignalRosterNotice)
	for {
		var n workflows.RosterNoticeSignal
		notices.Receive(ctx, &n)
		sf := st.Staffing
		sf.Person, sf.Allocation, sf.EstimatedHours, sf.Position, sf.Reason = n.Notice.Person, n.Notice.Allocation, n.Notice.Hours, n.Notice.Position, n.Notice.Reason
		st.HumanStep, st.Assignee = workflows.StepWork, n.Notice.Person
	}
}

// personRow finds a person's row in the roster table, where padding follows the ID.
func personRow(t *testing.T, out, id string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, id+"  ") {
			return line
		}
	}
	t.Fatalf("no row for %s in\n%s", id, out)
	return ""
}

// starter's roster commands on a real server: the view, refused and accepted
// changes, and a task moved by a manager but not by anyone else.
func TestIntegrationRosterCommands(t *testing.T) {
	s := startRosterServer(t)

	out, err := s.starter("roster", "marketing-ops")
	require.NoError(t, err)
	t.Log("\n" + out)
	for _, id := range []string{"devon", "lena", "maya", "omar", "rosa"} {
		require.Regexp(t, `^`+id+` +(senior|specialist|coordinator) +\d+h +- +0h +0h +0% +0% +0% +0% +-$`, personRow(t, out, id))
	}
	require.Contains(t, out, "\nQueue: empty\n")
	before := s.view()
	require.Len(t, before.People, 5)

	_, err = s.starter("roster", "analytics")
	require.ErrorIs(t, err, intake.ErrRosterNotFound)
	require.ErrorContains(t, err, "analytics has no roster running (workflow roster-analytics)")

	t.Run("bad people are refused, naming the field, and change nothing", func(t *testing.T) {
		_, err := s.starter("roster", "marketing-ops", "join", "--actor", "maya",
			"--id", "zed", "--seniority", "specialist", "--skills", "writing", "--weekly-hours", "-5")
		require.EqualError(t, err, "the marketing-ops roster refused join: person.weeklyHours: -5 is not positive; give the hours a week left after meetings and overhead, like 32")
		file := writeFile(t, "zed.json", []byte(`{"id": "zed", "seniority": "specialist", "skills": ["writing"], "weeklyHours": 30,
			"allocations": {"campaign-execution": 40, "reactive-support": 20, "optimization": 20, "automation-improvement": 10}}`))
		_, err = s.starter("roster", "marketing-ops", "join", "--actor", "maya", "--person-file", file)
		require.ErrorContains(t, err, "the marketing-ops roster refused join: person.allocations: the shares sum to 90%, not 100%")
		require.NotContains(t, err.Error(), "retryable")
		require.Equal(t, before.View, s.view().View, "the roster is as it was")
	})

	t.Run("join, out of office, back, change hours, leave", func(t *testing.T) {
		out, err := s.starter("roster", "marketing-ops", "join", "--actor", "maya",
			"--id", "zed", "--name", "Zed Ng", "--seniority", "specialist", "--skills", "writing,design", "--weekly-hours", "30")
		require.NoError(t, err)
		require.Contains(t, out, "zed joined marketing-ops: specialist, 30h a week, skills writing, design (by maya).\nNo tasks moved.\n")
		require.Regexp(t, `^zed +specialist +30h +- +0h`, personRow(t, out, "zed"))

		ny, err := time.LoadLocation("America/New_York")
		require.NoError(t, err)
		back := time.Now().In(ny).AddDate(0, 0, 10).Format("2006-01-02")
		backAt, err := time.ParseInLocation("2006-01-02", back, ny)
		require.NoError(t, err)
		out, err = s.starter("roster", "marketing-ops", "out-of-office", "--actor", "maya", "--person", "lena", "--back", back)
		require.NoError(t, err)
		require.Contains(t, out, "lena is out of office now, back "+back+" (by maya).")
		require.Regexp(t, `^lena +specialist +38h +until `+backAt.Format(whenLayout)+` `, personRow(t, out, "lena"))

		out, err = s.starter("roster", "marketing-ops", "back-in-office", "--actor", "maya", "--person", "lena")
		require.NoError(t, err)
		require.Regexp(t, `^lena +specialist +38h +- `, personRow(t, out, "lena"))
		_, err = s.starter("roster", "marketing-ops", "back-in-office", "--actor", "maya", "--person", "lena")
		require.EqualError(t, err, `the marketing-ops roster refused back-in-office: person: "lena" is not away`)

		out, err = s.starter("roster", "marketing-ops", "change-hours", "--actor", "maya", "--person", "rosa",
			"--weekly-hours", "20", "--allocations", "campaign-execution=50,reactive-support=50")
		require.NoError(t, err)
		require.Contains(t, out, "rosa now works 20h a week, shares campaign-execution 50%, reactive-support 50% (by maya).")
		require.Regexp(t, `^rosa +coordinator +20h +- +0h +0h +0% +0% +- +- +-$`, personRow(t, out, "rosa"))

		out, err = s.starter("roster", "marketing-ops", "leave", "--actor", "maya", "--person", "omar")
		require.NoError(t, err)
		require.Contains(t, out, "omar left marketing-ops (by maya).\nNo tasks moved.\n")
		require.NotRegexp(t, `(?m)^omar  `, out, "omar has no row")
		_, err = s.starter("roster", "marketing-ops", "leave", "--actor", "maya", "--person", "omar")
		require.EqualError(t, err, `the marketing-ops roster refused leave: person: "omar" is not on marketing-ops; use one of [devon lena maya rosa zed]`)
	})

	t.Run("only a manager moves a rostered task", func(t *testing.T) {
		req := roster.Request{TaskID: "task-it-brief", TaskType: "t", Title: "Spring brief", Skill: "writing", Allocation: catalog.AllocationCampaignExecution, Hours: 2, At: time.Now()}
		_, err := s.c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: req.TaskID, TaskQueue: itQueue}, "RosteredTask", req)
		require.NoError(t, err)
		require.Eventually(t, func() bool {
			st, err := (&intake.Client{Temporal: s.c}).Status(context.Background(), req.TaskID)
			return err == nil && st.Staffing.Person == "lena"
		}, 20*time.Second, 100*time.Millisecond, "the roster books lena, the least utilized writer by ID")

		_, err = s.starter("reassign", req.TaskID, "--to", "rosa", "--actor", "lena")
		require.EqualError(t, err, `the marketing-ops roster refused reassign-task: actor: "lena" is not a manager of marketing-ops ([maya devon]); ask one of them`)

		out, err := s.starter("reassign", req.TaskID, "--to", "rosa", "--actor", "maya")
		require.NoError(t, err)
		t.Log("\n" + out)
		require.Contains(t, out, "task-it-brief: moved to rosa on the marketing-ops roster by maya.\nTasks moved:\n  task-it-brief to rosa (campaign-execution, 2h): moved by maya\n")
		require.Regexp(t, `(?m)^  Staffing +rosa, campaign-execution, 2h estimated: moved by maya$`, out)
		out, err = s.starter("roster", "marketing-ops")
		require.NoError(t, err)
		t.Log("\n" + out)
		require.Regexp(t, `^rosa +coordinator +\d+h +- +2h .* task-it-brief 2h$`, personRow(t, out, "rosa"))
		require.Contains(t, out, "Counts: 2 assigned, 0 queued, 1 released, 1 moved")
	})
}
