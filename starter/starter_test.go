package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// getenvFrom returns a getenv backed by m; a nil map answers "" for every variable.
func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// newTestEnv builds an env on the default catalog whose dial fails the test:
// nothing these tests run may reach Temporal.
func newTestEnv(t *testing.T, vars map[string]string, stdin io.Reader) (*env, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	e, err := newEnv(getenvFrom(vars), stdin, &out)
	require.NoError(t, err)
	e.now = nil // outputs that do not depend on the wall clock
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		t.Fatal("dial reached: the command should have failed before talking to Temporal")
		return nil, nil, errors.New("unreachable")
	}
	return e, &out
}

// writeFile writes data to a new file in a test directory and returns its path.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

const goodIntake = `{
  "requestId": "req-42",
  "taskType": "utm-naming-validation",
  "title": "Check the UTMs of the spring launch",
  "description": "All paid links",
  "requester": "dana",
  "campaignId": "spring-26",
  "assignee": "alice",
  "scores": {"latency": 2, "criticality": 2, "automation": 5},
  "payload": {"urls": ["https://example.com/?utm_source=x"]}
}`

func goodRequest() workflows.TaskRequest {
	return workflows.TaskRequest{
		RequestID:   "req-42",
		TaskType:    "utm-naming-validation",
		Title:       "Check the UTMs of the spring launch",
		Description: "All paid links",
		Requester:   "dana",
		CampaignID:  "spring-26",
		Assignee:    "alice",
		Scores:      &catalog.Scores{Latency: 2, Criticality: 2, Automation: 5},
		Payload:     json.RawMessage(`{"urls": ["https://example.com/?utm_source=x"]}`),
	}
}

func TestDecodeIntake(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    workflows.TaskRequest
		wantErr []string // every part must appear in the error
	}{
		{name: "good file", data: goodIntake, want: goodRequest()},
		{
			name: "unknown field",
			data: `{"titel": "Check UTMs"}`,
			wantErr: []string{
				`intake.json: unknown field "titel"`,
				"the fields are requestId, taskType, title, description, requester, campaignId, assignee, scores, payload",
			},
		},
		{
			name:    "wrong type in a nested field",
			data:    `{"title": "x", "scores": {"latency": "high"}}`,
			wantErr: []string{"intake.json: field scores.latency:", "string is the wrong type; want int"},
		},
		{
			name:    "wrong type at the top",
			data:    `{"title": 7}`,
			wantErr: []string{"field title:", "number is the wrong type; want string"},
		},
		{name: "not JSON", data: "title: Check UTMs", wantErr: []string{"intake.json: not a JSON intake request"}},
		{name: "empty", data: "", wantErr: []string{"not a JSON intake request"}},
		{name: "a JSON array", data: `[]`, wantErr: []string{"field :", "array is the wrong type"}},
		{name: "a name twice", data: `{"title": "a", "title": "b"}`, wantErr: []string{"intake.json: title: appears twice in its object"}},
		{name: "a name in another case", data: `{"TITLE": "a"}`, wantErr: []string{"intake.json: TITLE: unknown field", "names are case-sensitive"}},
		{name: "invalid UTF-8", data: "{\"title\": \"caf\xe9\"}", wantErr: []string{"intake.json: title: is not valid UTF-8 text"}},
		{name: "a NUL", data: `{"title": "a\u0000"}`, wantErr: []string{"intake.json: title: holds the control character U+0000"}},
		{name: "null", data: `null`, wantErr: []string{"intake.json: body: is null; send a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeIntake([]byte(tt.data), "intake.json")
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, part := range tt.wantErr {
					require.ErrorContains(t, err, part)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestReadIntake(t *testing.T) {
	tooBig := append([]byte(`{"title": "`), bytes.Repeat([]byte("a"), maxIntakeFileBytes)...)
	tooBig = append(tooBig, `"}`...)
	atLimit := `{"title": "` + strings.Repeat("a", maxIntakeFileBytes-len(`{"title": ""}`)) + `"}`
	require.Len(t, atLimit, maxIntakeFileBytes)

	tests := []struct {
		name    string
		path    func(t *testing.T) string
		stdin   string
		want    workflows.TaskRequest
		wantErr []string
	}{
		{name: "stdin", path: func(*testing.T) string { return "-" }, stdin: goodIntake, want: goodRequest()},
		{
			name: "file",
			path: func(t *testing.T) string { return writeFile(t, "intake.json", []byte(goodIntake)) },
			want: goodRequest(),
		},
		{
			name: "file at the limit",
			path: func(t *testing.T) string { return writeFile(t, "big.json", []byte(atLimit)) },
			want: workflows.TaskRequest{Title: atLimit[len(`{"title": "`) : len(atLimit)-2]},
		},
		{
			name:    "file over the limit",
			path:    func(t *testing.T) string { return writeFile(t, "huge.json", tooBig) },
			wantErr: []string{"--file ", "huge.json: over 131072 bytes", "link large content"},
		},
		{
			name:    "stdin over the limit",
			path:    func(*testing.T) string { return "-" },
			stdin:   string(tooBig),
			wantErr: []string{"--file -: over 131072 bytes"},
		},
		{
			name:    "missing file",
			path:    func(t *testing.T) string { return filepath.Join(t.TempDir(), "absent.json") },
			wantErr: []string{"--file: open ", "absent.json"},
		},
		{
			name:    "decode error names the file",
			path:    func(t *testing.T) string { return writeFile(t, "typo.json", []byte(`{"titel": "x"}`)) },
			wantErr: []string{"typo.json: unknown field \"titel\""},
		},
		{
			name:    "decode error names stdin",
			path:    func(*testing.T) string { return "-" },
			stdin:   "nope",
			wantErr: []string{"-: not a JSON intake request"},
		},
	}
	require.Equal(t, workflows.MaxPayloadBytes+64<<10, maxIntakeFileBytes)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &env{stdin: strings.NewReader(tt.stdin)}
			got, err := e.readIntake(tt.path(t))
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, part := range tt.wantErr {
					require.ErrorContains(t, err, part)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestReadIntakeMissingFileIsNotExist(t *testing.T) {
	e := &env{stdin: strings.NewReader("")}
	_, err := e.readIntake(filepath.Join(t.TempDir(), "absent.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestMerge(t *testing.T) {
	file := goodRequest()
	tests := []struct {
		name  string
		flags workflows.TaskRequest
		want  func() workflows.TaskRequest
	}{
		{name: "no flags keep the file", want: goodRequest},
		{
			name: "every string flag overrides",
			flags: workflows.TaskRequest{
				RequestID: "req-43", TaskType: "routine-data-sync", Title: "Sync", Description: "Nightly",
				Requester: "eve", CampaignID: "fall-26", Assignee: "bob",
			},
			want: func() workflows.TaskRequest {
				r := goodRequest()
				r.RequestID, r.TaskType, r.Title, r.Description = "req-43", "routine-data-sync", "Sync", "Nightly"
				r.Requester, r.CampaignID, r.Assignee = "eve", "fall-26", "bob"
				return r
			},
		},
		{
			name:  "some flags override, the rest keep the file",
			flags: workflows.TaskRequest{Title: "New title", Assignee: "bob"},
			want: func() workflows.TaskRequest {
				r := goodRequest()
				r.Title, r.Assignee = "New title", "bob"
				return r
			},
		},
		{
			name: "scores and payload come from the file; submit sets them from their own flags",
			flags: workflows.TaskRequest{
				Scores:  &catalog.Scores{Latency: 5, Criticality: 5, Automation: 5},
				Payload: json.RawMessage(`{}`),
			},
			want: goodRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want(), merge(file, tt.flags))
		})
	}
	require.Equal(t, goodRequest(), file, "merge must not change the file's request")
}

func TestParseScores(t *testing.T) {
	tests := []struct {
		text    string
		want    catalog.Scores
		wantErr []string
	}{
		{text: "5,5,2", want: catalog.Scores{Latency: 5, Criticality: 5, Automation: 2}},
		{text: "1,3,5", want: catalog.Scores{Latency: 1, Criticality: 3, Automation: 5}},
		{text: "5,5", wantErr: []string{`--scores: "5,5" is not latency,criticality,automation`, "like 5,5,2"}},
		{text: "a,b,c", wantErr: []string{`--scores: "a,b,c" is not`}},
		{text: "", wantErr: []string{"--scores:"}},
		{text: "9,1,1", wantErr: []string{"--scores: scores.latency: 9 is outside 1–5"}},
		{text: "1,0,1", wantErr: []string{"--scores: scores.criticality: 0"}},
		{text: "1,1,6", wantErr: []string{"--scores: scores.automation: 6"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := parseScores(tt.text)
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, part := range tt.wantErr {
					require.ErrorContains(t, err, part)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestRunWithoutServer(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	badCatalog := writeFile(t, "catalog.json", []byte(`{"version": "x", "taskTypes": [{"id": }]}`))
	// Every action below must fail on its flags; were it to dial, this address refuses.
	unreachable := map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1"}

	tests := []struct {
		name       string
		args       []string
		vars       map[string]string
		wantOut    []string
		wantErr    string // the error starts with it
		wantErrHas []string
	}{
		{name: "no args", wantOut: []string{"usage: starter COMMAND", "submit", "catalog"}},
		{name: "help", args: []string{"help"}, wantOut: []string{"usage: starter COMMAND"}},
		{name: "-h", args: []string{"-h"}, wantOut: []string{"usage: starter COMMAND"}},
		{name: "--help", args: []string{"--help"}, wantOut: []string{"usage: starter COMMAND"}},
		{
			name:    "help needs no valid environment",
			args:    []string{"help"},
			vars:    map[string]string{"TEMPORAL_TLS": "maybe"},
			wantOut: []string{"usage: starter COMMAND"},
		},
		{
			name:       "unknown command",
			args:       []string{"frobnicate"},
			wantErr:    `unknown command "frobnicate"`,
			wantErrHas: []string{"usage: starter COMMAND"},
		},
		{
			name:    "catalog",
			args:    []string{"catalog"},
			wantOut: append([]string{"catalog " + cat.Ref(), "TYPE", "LANE", "OWNER"}, cat.IDs()...),
		},
		{
			name:    "LANES_CATALOG missing file",
			args:    []string{"catalog"},
			vars:    map[string]string{"LANES_CATALOG": filepath.Join(t.TempDir(), "absent.json")},
			wantErr: "LANES_CATALOG: read catalog:",
		},
		{
			name:       "LANES_CATALOG bad file",
			args:       []string{"catalog"},
			vars:       map[string]string{"LANES_CATALOG": badCatalog},
			wantErr:    "LANES_CATALOG: catalog ",
			wantErrHas: []string{"catalog.json"},
		},
		{
			name:       "TEMPORAL_TLS not a bool",
			args:       []string{"catalog"},
			vars:       map[string]string{"TEMPORAL_TLS": "maybe"},
			wantErr:    "TEMPORAL_TLS:",
			wantErrHas: []string{`"maybe" is not a bool`},
		},
		{name: "acknowledge without --task", args: []string{"acknowledge", "--as", "alice"}, vars: unreachable, wantErr: "--task: required"},
		{name: "ack without --task", args: []string{"ack"}, vars: unreachable, wantErr: "--task: required"},
		{name: "acknowledge without --as", args: []string{"acknowledge", "--task", "task-1"}, vars: unreachable, wantErr: "--as: required"},
		{name: "complete without --task", args: []string{"complete", "--as", "alice"}, vars: unreachable, wantErr: "--task: required"},
		{name: "complete without --as", args: []string{"complete", "--task", "task-1"}, vars: unreachable, wantErr: "--as: required"},
		{name: "hand-back without --task", args: []string{"hand-back", "--as", "alice"}, vars: unreachable, wantErr: "--task: required"},
		{name: "hand-back without --as", args: []string{"hand-back", "--task", "task-1"}, vars: unreachable, wantErr: "--as: required"},
		{name: "reassign without --task", args: []string{"reassign", "--as", "alice", "--to", "bob"}, vars: unreachable, wantErr: "--task: required"},
		{name: "reassign without --as", args: []string{"reassign", "--task", "task-1", "--to", "bob"}, vars: unreachable, wantErr: "--as: required"},
		{name: "reassign without --to", args: []string{"reassign", "--task", "task-1", "--as", "alice"}, vars: unreachable, wantErr: "--to: required"},
		{name: "status without --task", args: []string{"status"}, vars: unreachable, wantErr: "--task: required"},
		{name: "status with an undefined flag", args: []string{"status", "--bogus"}, vars: unreachable, wantErr: "flag provided but not defined: -bogus"},
		{name: "submit with bad --scores", args: []string{"submit", "--scores", "9,1,1"}, vars: unreachable, wantErr: "--scores: scores.latency"},
		{name: "submit with a missing --file", args: []string{"submit", "--file", filepath.Join(t.TempDir(), "absent.json")}, vars: unreachable, wantErr: "--file: open "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, getenvFrom(tt.vars), strings.NewReader(""), &out)
			if tt.wantErr != "" {
				require.Error(t, err)
				require.True(t, strings.HasPrefix(err.Error(), tt.wantErr), "error %q does not start with %q", err, tt.wantErr)
				require.NotContains(t, err.Error(), "dial temporal")
				for _, part := range tt.wantErrHas {
					require.ErrorContains(t, err, part)
				}
				return
			}
			require.NoError(t, err)
			for _, part := range tt.wantOut {
				require.Contains(t, out.String(), part)
			}
		})
	}
}

// TestActionsFailBeforeDial calls the commands on an env whose dial fails the test,
// so a flag error is proven to come before any connection.
func TestActionsFailBeforeDial(t *testing.T) {
	type command func(e *env, ctx context.Context, args []string) error
	tests := []struct {
		name    string
		cmd     command
		args    []string
		wantErr string
	}{
		{"acknowledge no flags", actionCmd(workflows.SignalAcknowledge), nil, "--task: required"},
		{"acknowledge no actor", actionCmd(workflows.SignalAcknowledge), []string{"--task", "task-1"}, "--as: required"},
		{"complete no task", actionCmd(workflows.SignalComplete), []string{"--as", "alice"}, "--task: required"},
		{"complete no actor", actionCmd(workflows.SignalComplete), []string{"--task", "task-1", "--outcome", "declined"}, "--as: required"},
		{"hand-back no task", actionCmd(workflows.SignalHandBack), []string{"--as", "alice"}, "--task: required"},
		{"hand-back no actor", actionCmd(workflows.SignalHandBack), []string{"--task", "task-1"}, "--as: required"},
		{"reassign no task", actionCmd(workflows.SignalReassign), []string{"--as", "alice", "--to", "bob"}, "--task: required"},
		{"reassign no actor", actionCmd(workflows.SignalReassign), []string{"--task", "task-1", "--to", "bob"}, "--as: required"},
		{"reassign no to", actionCmd(workflows.SignalReassign), []string{"--task", "task-1", "--as", "alice"}, "--to: required"},
		{"status no task", (*env).status, []string{"--json"}, "--task: required"},
		{"submit bad scores", (*env).submit, []string{"--scores", "5,5"}, "--scores:"},
		{"submit bad file", (*env).submit, []string{"--file", "-"}, "-: not a JSON intake request"},
		{"action bad wait", actionCmd(workflows.SignalAcknowledge), []string{"--wait", "soon"}, `invalid value "soon" for flag -wait`},
		{"raise-severity no scores", actionCmd(workflows.SignalRaiseSeverity), []string{"--task", "task-1", "--as", "pat"}, "--scores: required"},
		{"raise-severity bad scores", actionCmd(workflows.SignalRaiseSeverity), []string{"--task", "task-1", "--as", "pat", "--scores", "6,5,1"}, "scores.latency"},
		{"block no dependency", actionCmd(workflows.SignalBlock), []string{"--task", "task-1", "--as", "bob"}, "--dependency: required"},
		{"flag-compliance no reason", actionCmd(workflows.SignalFlagCompliance), []string{"--task", "task-1", "--as", "bob"}, "--reason: required"},
		{"wait-on-requester no actor", actionCmd(workflows.SignalWaitOnRequester), []string{"--task", "task-1"}, "--as: required"},
		{"resume no task", actionCmd(workflows.SignalResume), []string{"--as", "pat"}, "--task: required"},
		{"approve no actor", actionCmd(workflows.SignalApprove), []string{"--task", "task-1"}, "--as: required"},
		{"leftover argument", actionCmd(workflows.SignalBlock), []string{"--task", "task-1", "--as", "bob", "--dependency", "legal", "sign-off"}, `unexpected argument "sign-off"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, nil, strings.NewReader("{"))
			err := tt.cmd(e, context.Background(), tt.args)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

// dec1 is 15:00 UTC on Tuesday 1 December 2026: 10:00 in New York (EST), 15:00 in London (GMT).
var dec1 = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)

func at(t time.Time) *time.Time { return &t }

func TestClock(t *testing.T) {
	e, _ := newTestEnv(t, nil, nil)
	tests := []struct {
		name  string
		team  string
		clock workflows.SLAClock
		want  string
	}{
		{name: "no deadline", team: "marketing-ops", clock: workflows.SLAClock{Target: "15m"}, want: "not set yet"},
		{name: "running", team: "marketing-ops", clock: workflows.SLAClock{Target: "15m", Deadline: dec1}, want: "15m, due Tue 1 Dec 10:00 EST"},
		{
			name:  "met",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "15m", Deadline: dec1, MetAt: at(dec1.Add(-time.Minute))},
			want:  "15m, due Tue 1 Dec 10:00 EST, met",
		},
		{
			name:  "breached",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "4h", Deadline: dec1, BreachedAt: at(dec1)},
			want:  "4h, due Tue 1 Dec 10:00 EST, BREACHED",
		},
		{
			name:  "met late",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "4h", Deadline: dec1, BreachedAt: at(dec1), MetAt: at(dec1.Add(time.Hour))},
			want:  "4h, due Tue 1 Dec 10:00 EST, met late",
		},
		{
			name:  "met with its budget: how much of it was used",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "60m", Budget: time.Hour, Used: 12*time.Minute + 300*time.Millisecond, Deadline: dec1, MetAt: at(dec1.Add(-48 * time.Minute))},
			want:  "60m, due Tue 1 Dec 10:00 EST, met in 12m of 1h",
		},
		{
			name:  "met by automation at once: no zero figures",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "1h", Budget: time.Hour, Used: 200 * time.Millisecond, Deadline: dec1, MetAt: at(dec1.Add(-time.Hour))},
			want:  "1h, due Tue 1 Dec 10:00 EST, met at once",
		},
		{
			name:  "business hours count working time, and a pause is told",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "1 business day", Budget: 8 * time.Hour, Used: 90 * time.Minute, PausedFor: 26 * time.Hour, Deadline: dec1, MetAt: at(dec1)},
			want:  "1 business day, due Tue 1 Dec 10:00 EST, met in 1h30m of 8h working time (paused 26h in all for the requester)",
		},
		{
			name:  "met late, after how long",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "4h", Budget: 4 * time.Hour, Used: 5*time.Hour + 10*time.Second, Deadline: dec1, BreachedAt: at(dec1), MetAt: at(dec1.Add(time.Hour))},
			want:  "4h, due Tue 1 Dec 10:00 EST, met late, after 5h0m10s of 4h",
		},
		{
			name:  "paused: what was used before the pause",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "4h", Budget: 4 * time.Hour, Used: 45 * time.Minute, Deadline: dec1, PausedAt: at(time.Date(2026, 11, 30, 14, 30, 0, 0, time.UTC))},
			want:  "4h, due Tue 1 Dec 10:00 EST, PAUSED waiting on the requester since Mon 09:30, 45m of 4h used",
		},
		{
			name:  "summer time in New York",
			team:  "marketing-ops",
			clock: workflows.SLAClock{Target: "same day", Deadline: time.Date(2026, 7, 1, 21, 0, 0, 0, time.UTC)},
			want:  "same day, due Wed 1 Jul 17:00 EDT",
		},
		{
			name:  "another team's zone",
			team:  "analytics",
			clock: workflows.SLAClock{Target: "1 business day", Deadline: dec1},
			want:  "1 business day, due Tue 1 Dec 15:00 GMT",
		},
		{
			name:  "unknown team falls back to UTC",
			team:  "nobody",
			clock: workflows.SLAClock{Target: "1h", Deadline: dec1},
			want:  "1h, due Tue 1 Dec 15:00 UTC",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, e.clock(tt.team, tt.clock))
		})
	}
}

// summaryStatus is an open human task whose response was met and whose resolution is breached.
func summaryStatus() workflows.TaskStatus {
	return workflows.TaskStatus{
		TaskID:     "task-req-42",
		Request:    workflows.TaskRequest{RequestID: "req-42", TaskType: "live-campaign-outage", Title: "Checkout page down"},
		TaskName:   "Live campaign outage",
		CatalogRef: "2026-11-24.1@0a1b2c3d",
		Team:       "marketing-ops",
		Scores:     catalog.Scores{Latency: 5, Criticality: 5, Automation: 2},
		Bucket:     catalog.BucketInstantCritical,
		Lane:       catalog.LaneHuman,
		Stage:      workflows.StageAcknowledged,
		HumanStep:  workflows.StepWork,
		Assignee:   "alice",
		Response:   workflows.SLAClock{Target: "15m", Deadline: dec1, MetAt: at(dec1.Add(-5 * time.Minute))},
		Resolution: workflows.SLAClock{Target: "4h", Deadline: dec1.Add(4 * time.Hour), BreachedAt: at(dec1.Add(4 * time.Hour))},
		SLAState:   workflows.SLABreached,
		Handoffs:   1,
		Notices:    []string{"escalated to ops-manager"},
	}
}

func TestPrintSummary(t *testing.T) {
	tests := []struct {
		name    string
		vars    map[string]string
		status  func() workflows.TaskStatus
		want    []string // each a regexp matched against one whole line
		notWant []string
	}{
		{
			name:   "open task, default UI and namespace",
			status: summaryStatus,
			want: []string{
				`Task +task-req-42: Checkout page down`,
				`Type +Live campaign outage \(live-campaign-outage\), catalog 2026-11-24\.1@0a1b2c3d`,
				`Scores +latency 5, criticality 5, automation 2`,
				`Bucket +instant_critical`,
				`Lane +human`,
				`Stage +acknowledged \(work, alice\)`,
				`Response SLA +15m, due Tue 1 Dec 10:00 EST, met`,
				`Resolution SLA +4h, due Tue 1 Dec 14:00 EST, BREACHED`,
				`SLA state +breached`,
				`Handoffs +1`,
				`Notice +escalated to ops-manager`,
				`UI +http://localhost:8233/namespaces/default/workflows/task-req-42`,
			},
			notWant: []string{"Outcome", "Automation", "Exception", "Route"},
		},
		{
			name: "completed late, custom UI and namespace",
			vars: map[string]string{"TEMPORAL_NAMESPACE": "marketing", "LANES_UI_URL": " https://temporal.example.com/ "},
			status: func() workflows.TaskStatus {
				st := summaryStatus()
				st.Stage, st.SLAState = workflows.StageCompleted, workflows.SLAMissed
				st.Outcome, st.CompletedBy, st.Note = workflows.OutcomeResolved, "alice", "restored"
				st.Resolution.MetAt = at(dec1.Add(5 * time.Hour))
				st.RouteNote = "assignee alice named by intake"
				st.Handoffs, st.Notices = 0, nil
				return st
			},
			want: []string{
				`Stage +completed`,
				`Route +assignee alice named by intake`,
				`Response SLA +15m, due Tue 1 Dec 10:00 EST, met`,
				`Resolution SLA +4h, due Tue 1 Dec 14:00 EST, met late`,
				`SLA state +missed`,
				`Outcome +resolved by alice: restored`,
				`UI +https://temporal\.example\.com/namespaces/marketing/workflows/task-req-42`,
			},
			notWant: []string{"Handoffs", "Notice", "BREACHED"},
		},
		{
			name: "escalating: the level, who it asked and why",
			status: func() workflows.TaskStatus {
				st := summaryStatus()
				st.EscalationLevel, st.EscalatedTo, st.EscalationReason = 2, []string{"maya"}, "blocked by legal sign-off"
				st.Escalating = "task-req-42-escalation-1"
				return st
			},
			want: []string{
				`Escalation +level 2 asked maya \(blocked by legal sign-off\) and climbing \(task-req-42-escalation-1\), 1 cycle\(s\)`,
			},
		},
		{
			name: "automation failed, clocks not set",
			status: func() workflows.TaskStatus {
				st := summaryStatus()
				st.Lane, st.Stage, st.HumanStep, st.Assignee = catalog.LaneHybrid, workflows.StageAssigned, workflows.StepException, "role:on-call-ops"
				st.Automation = &workflows.AutomationRun{Executor: catalog.ExecutorRPA, Action: "pause-campaign", Queue: "lanes-rpa", StartedAt: dec1, Error: "portal timeout"}
				st.Exception = "automation failed after 3 attempts"
				st.Response, st.Resolution = workflows.SLAClock{Target: "15m"}, workflows.SLAClock{Target: "60m"}
				return st
			},
			want: []string{
				`Lane +hybrid`,
				`Stage +assigned \(exception, role:on-call-ops\)`,
				`Response SLA +not set yet`,
				`Resolution SLA +not set yet`,
				`Automation +rpa pause-campaign on lanes-rpa: failed: portal timeout`,
				`Exception +automation failed after 3 attempts`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, out := newTestEnv(t, tt.vars, nil)
			e.printSummary(tt.status())
			for _, line := range tt.want {
				require.Regexp(t, regexp.MustCompile(`(?m)^  `+line+`$`), out.String())
			}
			for _, s := range tt.notWant {
				require.NotContains(t, out.String(), s)
			}
		})
	}
}

func TestPrintSignals(t *testing.T) {
	e, out := newTestEnv(t, nil, nil)
	e.printSignals(workflows.TaskStatus{})
	require.Empty(t, out.String())

	e.printSignals(workflows.TaskStatus{Signals: []workflows.SignalRecord{
		{Name: workflows.SignalAcknowledge, Actor: "alice", Identity: workflows.PersonIdentity("00u-alice", "https://login.example.com"), At: dec1, Accepted: true},
		{Name: workflows.SignalComplete, Actor: "bob", Identity: workflows.SystemIdentity("jira"), At: dec1.Add(time.Minute), Reason: "only the assignee may complete"},
		{Name: workflows.SignalResume, Actor: "ops", Identity: workflows.OperatorIdentity(), At: dec1.Add(2 * time.Minute), Detail: "answered", Accepted: true},
	}})
	require.Equal(t, "  Actions:\n"+
		"    2026-12-01T15:00:00Z  "+workflows.SignalAcknowledge+" by alice via sign-in 00u-alice at https://login.example.com, accepted\n"+
		"    2026-12-01T15:01:00Z  "+workflows.SignalComplete+" by bob via intake system jira, rejected: only the assignee may complete\n"+
		"    2026-12-01T15:02:00Z  "+workflows.SignalResume+" by ops via operator (answered), accepted\n",
		out.String())
}

func TestClockShowsTimeLeft(t *testing.T) {
	e, _ := newTestEnv(t, nil, strings.NewReader(""))
	due := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	e.now = func() time.Time { return due.Add(-90 * time.Minute) }
	require.Equal(t, "15m, due Tue 1 Dec 10:00 EST, 1h30m0s left", e.clock("marketing-ops", workflows.SLAClock{Target: "15m", Deadline: due}))
	paused := due.Add(-time.Hour)
	require.NotContains(t, e.clock("marketing-ops", workflows.SLAClock{Target: "15m", Deadline: due, PausedAt: &paused}), "left")
}
