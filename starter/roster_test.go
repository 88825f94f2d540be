package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// TestRosterFailsBeforeDial runs every roster command and the task commands' new
// flags on an env whose dial fails the test, so each error is proven to come first.
func TestRosterFailsBeforeDial(t *testing.T) {
	person := func(body string) string { return writeFile(t, "person.json", []byte(body)) }
	join := func(args ...string) []string {
		return append([]string{"marketing-ops", "join", "--actor", "maya"}, args...)
	}
	full := []string{"--id", "zed", "--seniority", "specialist", "--skills", "writing", "--weekly-hours", "30"}
	tests := []struct {
		name    string
		args    []string
		stdin   string
		wantErr []string
	}{
		{name: "no team", wantErr: []string{"roster: name the team first", "the catalog's teams are analytics, marketing-ops"}},
		{name: "a flag before the team", args: []string{"--json"}, wantErr: []string{"roster: name the team first"}},
		{name: "team not in the catalog", args: []string{"growth", "--json"}, wantErr: []string{`roster: "growth" is not a team in catalog `, "use one of analytics, marketing-ops"}},
		{name: "unknown command", args: []string{"marketing-ops", "hire"}, wantErr: []string{`roster marketing-ops: unknown command "hire"`, "usage: starter roster TEAM"}},
		{name: "view leftover", args: []string{"marketing-ops", "--json", "people"}, wantErr: []string{`unexpected argument "people"`}},
		{name: "view bad wait", args: []string{"marketing-ops", "--wait", "soon"}, wantErr: []string{`invalid value "soon" for flag -wait`}},
		{name: "join without actor", args: []string{"marketing-ops", "join", "--id", "zed"}, wantErr: []string{"--actor: required; say who makes the change"}},
		{name: "join without id", args: join(full[2:]...), wantErr: []string{"--id: required (or give --person-file); give the person's handle"}},
		{name: "join without seniority", args: join("--id", "zed"), wantErr: []string{"--seniority: required", "senior, specialist or coordinator"}},
		{name: "join without skills", args: join("--id", "zed", "--seniority", "senior"), wantErr: []string{"--skills: required"}},
		{name: "join without hours", args: join(full[:6]...), wantErr: []string{"--weekly-hours: required", "like --weekly-hours 32"}},
		{name: "join hours not a number", args: join("--weekly-hours", "lots"), wantErr: []string{`invalid value "lots" for flag -weekly-hours`}},
		{name: "join allocation without percent", args: join(append(full, "--allocations", "optimization")...), wantErr: []string{`--allocations: "optimization" is not allocation=percent`, sharesExample}},
		{name: "join unknown allocation", args: join(append(full, "--allocations", "marketing=100")...), wantErr: []string{`--allocations: "marketing" is not an allocation`}},
		{name: "join allocation twice", args: join(append(full, "--allocations", "optimization=50,optimization=50")...), wantErr: []string{"--allocations: optimization is given twice"}},
		{name: "join allocation not whole", args: join(append(full, "--allocations", "optimization=12.5")...), wantErr: []string{"--allocations: optimization=12.5 is not a whole percent"}},
		{name: "join file and flags", args: join("--person-file", person(`{}`), "--id", "zed"), wantErr: []string{"--id: the person comes from --person-file"}},
		{name: "join file unknown field", args: join("--person-file", person(`{"id": "zed", "hours": 30}`)), wantErr: []string{`unknown field "hours"; the fields are id, name, seniority, skills, weeklyHours, allocations, timeOff`}},
		{name: "join file wrong type", args: join("--person-file", person(`{"weeklyHours": "lots"}`)), wantErr: []string{"field weeklyHours: string is the wrong type; want float64"}},
		{name: "join file of two people", args: join("--person-file", person(`{"id": "a"} {"id": "b"}`)), wantErr: []string{"holds more than one JSON object; give one person per file"}},
		{name: "join file missing", args: join("--person-file", filepath.Join(t.TempDir(), "absent.json")), wantErr: []string{"--person-file: open "}},
		{name: "join stdin not JSON", args: join("--person-file", "-"), stdin: "id: zed", wantErr: []string{"-: not a JSON person"}},
		{name: "leave without person", args: []string{"marketing-ops", "leave", "--actor", "maya"}, wantErr: []string{"--person: required; name the person by ID"}},
		{name: "leave with empty person", args: []string{"marketing-ops", "leave", "--actor", "maya", "--person", ""}, wantErr: []string{"--person: required"}},
		{name: "leave without actor", args: []string{"marketing-ops", "leave", "--person", "omar"}, wantErr: []string{"--actor: required"}},
		{name: "leave leftover", args: []string{"marketing-ops", "leave", "--actor", "maya", "--person", "omar", "today"}, wantErr: []string{`unexpected argument "today"`}},
		{name: "out-of-office without person", args: []string{"marketing-ops", "out-of-office", "--actor", "maya"}, wantErr: []string{"--person: required"}},
		{name: "out-of-office bad from", args: []string{"marketing-ops", "out-of-office", "--actor", "maya", "--person", "lena", "--from", "tomorrow"}, wantErr: []string{`--from: "tomorrow" is neither a date like 2026-12-21 nor an RFC 3339 time`}},
		{name: "out-of-office bad back", args: []string{"marketing-ops", "out-of-office", "--actor", "maya", "--person", "lena", "--back", "21/12/2026"}, wantErr: []string{`--back: "21/12/2026" is neither`}},
		{name: "back-in-office without actor", args: []string{"marketing-ops", "back-in-office", "--person", "lena"}, wantErr: []string{"--actor: required"}},
		{name: "back-in-office without person", args: []string{"marketing-ops", "back-in-office", "--actor", "maya"}, wantErr: []string{"--person: required"}},
		{name: "change-hours without hours", args: []string{"marketing-ops", "change-hours", "--actor", "maya", "--person", "rosa"}, wantErr: []string{"--weekly-hours: required"}},
		{name: "change-hours without person", args: []string{"marketing-ops", "change-hours", "--actor", "maya", "--weekly-hours", "20"}, wantErr: []string{"--person: required"}},
		{name: "change-hours bad allocations", args: []string{"marketing-ops", "change-hours", "--actor", "maya", "--person", "rosa", "--weekly-hours", "20", "--allocations", "automation=100"}, wantErr: []string{`--allocations: "automation" is not an allocation`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, nil, strings.NewReader(tt.stdin))
			err := e.roster(context.Background(), tt.args)
			require.Error(t, err)
			for _, part := range tt.wantErr {
				require.ErrorContains(t, err, part)
			}
		})
	}
}

// The task commands' new forms: the task first, --actor for --as, complete's --hours.
func TestTaskFlagsFailBeforeDial(t *testing.T) {
	tests := []struct {
		name    string
		cmd     func(e *env, ctx context.Context, args []string) error
		args    []string
		wantErr string
	}{
		{"reassign task first, --actor, no to", actionCmd(workflows.SignalReassign), []string{"task-1", "--actor", "lena"}, "--to: required"},
		{"reassign task first, no actor", actionCmd(workflows.SignalReassign), []string{"task-1", "--to", "devon"}, "--as: required"},
		{"task given twice differently", actionCmd(workflows.SignalReassign), []string{"task-1", "--task", "task-2", "--as", "maya", "--to", "devon"}, `--task: "task-2" differs from the task "task-1" given first`},
		{"status task first and again", (*env).status, []string{"task-1", "--task", "task-2"}, `--task: "task-2" differs from the task "task-1" given first`},
		{"status leftover after the task", (*env).status, []string{"task-1", "task-2"}, `unexpected argument "task-2"`},
		{"complete negative hours", actionCmd(workflows.SignalComplete), []string{"task-1", "--as", "lena", "--hours", "-1"}, "--hours: -1 is not a number of hours; give the time the work took, like --hours 1.5"},
		{"complete NaN hours", actionCmd(workflows.SignalComplete), []string{"--task", "task-1", "--as", "lena", "--hours", "NaN"}, "--hours: NaN is not a number of hours"},
		{"complete hours not a number", actionCmd(workflows.SignalComplete), []string{"task-1", "--as", "lena", "--hours", "two"}, `invalid value "two" for flag -hours`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, nil, nil)
			require.ErrorContains(t, tt.cmd(e, context.Background(), tt.args), tt.wantErr)
		})
	}
}

func TestActionFlagsTakeTheTaskFirst(t *testing.T) {
	e, _ := newTestEnv(t, nil, nil)
	completeAction, ok := workflows.LookupAction(workflows.SignalComplete)
	require.True(t, ok)
	a := e.actionFlags(completeAction)
	require.NoError(t, a.parse([]string{"task-7", "--actor", "lena"}))
	require.Equal(t, "task-7", *a.task)
	require.Equal(t, "lena", *a.actor)
	a = e.actionFlags(completeAction)
	require.NoError(t, a.parse([]string{"task-7", "--task", "task-7", "--as", "lena"}), "the same task twice is fine")
}

func TestPersonFromFlagsAndFile(t *testing.T) {
	want := roster.Person{
		ID: "zed", Name: "Zed Ng", Seniority: roster.Specialist, Skills: []string{"writing", "design"}, WeeklyHours: 30,
		Allocations: roster.Shares{catalog.AllocationCampaignExecution: 70, catalog.AllocationOptimization: 30},
	}
	e, _ := newTestEnv(t, nil, nil)
	c := e.changeFlags("marketing-ops", "join")
	pf := addPersonFlags(c.fs)
	require.NoError(t, c.parse([]string{"--actor", "maya", "--id", "zed", "--name", "Zed Ng", "--seniority", "specialist",
		"--skills", "writing, design,", "--weekly-hours", "30", "--allocations", "campaign-execution=70, optimization=30"}))
	got, err := pf.person(c.fs, nil)
	require.NoError(t, err)
	require.Equal(t, want, got)

	file := `{"id": "zed", "name": "Zed Ng", "seniority": "specialist", "skills": ["writing", "design"], "weeklyHours": 30,
	          "allocations": {"campaign-execution": 70, "optimization": 30}}`
	c = e.changeFlags("marketing-ops", "join")
	pf = addPersonFlags(c.fs)
	require.NoError(t, c.parse([]string{"--actor", "maya", "--person-file", "-"}))
	got, err = pf.person(c.fs, strings.NewReader(file))
	require.NoError(t, err)
	require.Equal(t, want, got)
}

func TestParseSharesEmpty(t *testing.T) {
	shares, err := parseShares("  ")
	require.NoError(t, err)
	require.Nil(t, shares, "no --allocations keeps the person's shares")
}
