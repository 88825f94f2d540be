package bench

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/payloadcrypt"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

func TestParseBenchRoster(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    benchRosterOptions
		wantErr string
	}{
		{args: nil, want: benchRosterOptions{n: 200, concurrency: 20}},
		{args: []string{"-n", "50", "-concurrency", "5", "-max-events", "300"}, want: benchRosterOptions{n: 50, concurrency: 5, maxEvents: 300}},
		{args: []string{"-n", "0"}, wantErr: "-n and -concurrency: must be at least 1"},
		{args: []string{"-concurrency", "0"}, wantErr: "-n and -concurrency: must be at least 1"},
		{args: []string{"-max-events", "-1"}, wantErr: "-max-events: must be 0"},
		{args: []string{"-waiting", "10000", "-backlog"}, want: benchRosterOptions{n: 200, concurrency: 20, waiting: 10000, backlog: true}},
		{args: []string{"-waiting", "-1"}, wantErr: "-waiting: must be 0"},
		{args: []string{"extra"}, wantErr: `unexpected argument "extra"`},
		{args: []string{"-people", "3"}, wantErr: "flag provided but not defined: -people"},
	} {
		got, err := parseBenchRoster(tc.args, io.Discard)
		if tc.wantErr != "" {
			require.ErrorContains(t, err, tc.wantErr, "%q", tc.args)
			continue
		}
		require.NoError(t, err, "%q", tc.args)
		require.Equal(t, tc.want, got, "%q", tc.args)
	}
}

// The bench's team holds only the review type and has just enough people for all n
// reviews under the cap; its roster passes the same checks as any roster file.
func TestBenchRosterWorldFitsEveryTask(t *testing.T) {
	def, err := catalog.Default()
	require.NoError(t, err)
	for _, tc := range []struct{ n, people int }{{1, 1}, {38, 1}, {39, 2}, {200, 6}} {
		w, err := newBenchRosterWorld(def, "bench-roster-test", tc.n)
		require.NoError(t, err)
		require.Equal(t, []string{ReviewType}, w.cat.IDs())
		require.Equal(t, 38, w.each, "0.95 × 40h of 1h reviews")
		team := w.file.Teams["bench-roster-test"]
		require.Len(t, team.People, tc.people, "n=%d", tc.n)
		require.Equal(t, roster.Senior, team.People[0].Seniority, "exception-only work goes to seniors")
		require.Equal(t, roster.Shares{catalog.AllocationReactiveSupport: 100}, team.People[0].Allocations)
		path, err := w.writeRoster(t.TempDir())
		require.NoError(t, err)
		require.NotEmpty(t, path)
	}
}

// RosterAnswers pairs each task's first ask with the delivery of its first notice,
// across runs whose event IDs start again at 1, and reads asks encrypted under
// LANES_PAYLOAD_KEYS with the client's converter.
func TestRosterAnswersAcrossRuns(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	keys, err := payloadcrypt.Parse("bench="+key, payloadcrypt.EnvKeys)
	require.NoError(t, err)
	for name, dc := range map[string]converter.DataConverter{"in clear": converter.GetDefaultDataConverter(), "encrypted": keys.DataConverter()} {
		t.Run(name, func(t *testing.T) {
			h := rosterHistory(t, dc)
			asked, done, working, err := RosterAnswers(h.Events, dc)
			require.NoError(t, err)
			t0 := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
			require.Equal(t, map[string]time.Time{"task-a": t0.Add(time.Second), "task-b": t0.Add(6 * time.Second)}, asked)
			require.Equal(t, map[string]time.Time{"task-a": t0.Add(3 * time.Second), "task-b": t0.Add(9 * time.Second)}, done)
			require.Equal(t, t0.Add(2*time.Second), working)
		})
	}
	_, _, _, err = RosterAnswers(rosterHistory(t, keys.DataConverter()).Events, converter.GetDefaultDataConverter())
	require.ErrorContains(t, err, "decode request-person signal", "an encrypted ask read without the keys")
}

// rosterHistory is a roster's history over two runs, its asks written with dc.
func rosterHistory(t *testing.T, dc converter.DataConverter) *historypb.History {
	t.Helper()
	event := func(id, sec int, kind, attrs string) string {
		return fmt.Sprintf(`{"eventId":"%d","eventTime":"2026-11-24T15:00:%02dZ","eventType":"EVENT_TYPE_%s"%s}`, id, sec, kind, attrs)
	}
	ask := func(id, sec int, task string) string {
		payloads, err := dc.ToPayloads(workflows.RequestPersonSignal{Request: roster.Request{TaskID: task}})
		require.NoError(t, err)
		input, err := protojson.Marshal(payloads)
		require.NoError(t, err)
		return event(id, sec, "WORKFLOW_EXECUTION_SIGNALED", `,"workflowExecutionSignaledEventAttributes":{"signalName":"request-person","input":`+string(input)+`}`)
	}
	notice := func(id, sec int, task string) string {
		return event(id, sec, "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED",
			`,"signalExternalWorkflowExecutionInitiatedEventAttributes":{"signalName":"roster-notice","workflowExecution":{"workflowId":"`+task+`"}}`)
	}
	delivered := func(id, sec, initiated int) string {
		return event(id, sec, "EXTERNAL_WORKFLOW_EXECUTION_SIGNALED", fmt.Sprintf(`,"externalWorkflowExecutionSignaledEventAttributes":{"initiatedEventId":"%d"}`, initiated))
	}
	events := []string{
		event(1, 0, "WORKFLOW_EXECUTION_STARTED", ""),
		ask(2, 1, "task-a"),
		event(3, 2, "WORKFLOW_TASK_STARTED", ""),
		notice(4, 2, "task-a"),
		delivered(5, 3, 4),
		ask(6, 4, "task-a"), // a second ask keeps the first's time
		event(7, 5, "WORKFLOW_EXECUTION_CONTINUED_AS_NEW", ""),
		event(1, 6, "WORKFLOW_EXECUTION_STARTED", ""),
		ask(2, 6, "task-b"),
		event(3, 7, "WORKFLOW_TASK_STARTED", ""),
		notice(4, 7, "task-b"),
		delivered(5, 9, 4), // initiated event 4 of this run, not of the first
	}
	var h historypb.History
	require.NoError(t, temporalproto.CustomJSONUnmarshalOptions{}.Unmarshal([]byte(`{"events":[`+strings.Join(events, ",")+`]}`), &h))
	return &h
}

// The waiting bench's phases split at the first release: each counts its workflow
// tasks from Started to Completed, its failures by cause, and runs from its first
// message to its last notice delivered, across runs whose event IDs start again.
func TestWaitingPhases(t *testing.T) {
	event := func(id, ms int, kind, attrs string) string {
		return fmt.Sprintf(`{"eventId":"%d","eventTime":"2026-11-24T15:00:00.%03dZ","eventType":"EVENT_TYPE_%s"%s}`, id, ms, kind, attrs)
	}
	signal := func(id, ms int, name string) string {
		return event(id, ms, "WORKFLOW_EXECUTION_SIGNALED", `,"workflowExecutionSignaledEventAttributes":{"signalName":"`+name+`"}`)
	}
	completed := func(id, ms, started int) string {
		return event(id, ms, "WORKFLOW_TASK_COMPLETED", fmt.Sprintf(`,"workflowTaskCompletedEventAttributes":{"startedEventId":"%d"}`, started))
	}
	events := []string{
		event(1, 0, "WORKFLOW_EXECUTION_STARTED", ""),
		signal(2, 10, "request-person"),
		event(3, 20, "WORKFLOW_TASK_STARTED", ""),
		completed(4, 70, 3),
		event(5, 90, "EXTERNAL_WORKFLOW_EXECUTION_SIGNALED", ""),
		event(6, 100, "WORKFLOW_EXECUTION_CONTINUED_AS_NEW", ""),
		event(1, 110, "WORKFLOW_EXECUTION_STARTED", ""),
		signal(2, 200, "release-person"),
		event(3, 210, "WORKFLOW_TASK_STARTED", ""),
		event(4, 220, "WORKFLOW_TASK_FAILED", `,"workflowTaskFailedEventAttributes":{"cause":"WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND"}`),
		event(5, 230, "WORKFLOW_TASK_STARTED", ""),
		completed(6, 260, 5),
		event(7, 300, "EXTERNAL_WORKFLOW_EXECUTION_SIGNALED", ""),
	}
	var h historypb.History
	require.NoError(t, temporalproto.CustomJSONUnmarshalOptions{}.Unmarshal([]byte(`{"events":[`+strings.Join(events, ",")+`]}`), &h))
	phases := WaitingPhases(h.Events, 1, 1)
	require.Len(t, phases, 2)
	burst, drain := phases[0], phases[1]
	require.Equal(t, 2, burst.Tasks)
	require.Equal(t, []time.Duration{50 * time.Millisecond}, burst.TasksRun)
	require.Equal(t, 80*time.Millisecond, burst.Last.Sub(burst.First), "first ask to last notice")
	require.Equal(t, 1, drain.Tasks)
	require.Equal(t, []time.Duration{30 * time.Millisecond}, drain.TasksRun, "Started 5 of the second run, not of the first")
	require.Equal(t, 100*time.Millisecond, drain.Last.Sub(drain.First))
	require.Equal(t, map[string]int{"UnhandledCommand": 1}, drain.Causes)
	at := func(ms int) time.Time { return time.Date(2026, 11, 24, 15, 0, 0, ms*int(time.Millisecond), time.UTC) }
	require.Equal(t, []SlowTask{
		{Took: 50 * time.Millisecond, After: "a run's start", At: at(20)},
		{Took: 30 * time.Millisecond, After: "a failed workflow task", At: at(230)},
	}, SlowWorkflowTasks(h.Events, 20*time.Millisecond), "the failed one took 10ms")
	require.Equal(t, []SlowTask{{Took: 50 * time.Millisecond, After: "a run's start", At: at(20)}}, SlowWorkflowTasks(h.Events, 40*time.Millisecond))
}

// The bench replays the roster's largest run as a worker would, and says how long it took.
func TestLargestRunIsReplayed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "workflows", "testdata", workflows.Baseline, "roster-closing-with-notices-in-flight.json"))
	require.NoError(t, err)
	hist, err := client.HistoryFromJSON(bytes.NewReader(data), client.HistoryJSONOptions{})
	require.NoError(t, err)
	run := hist.GetEvents()
	// A run before it, shorter, to be passed over.
	history := append(append([]*historypb.HistoryEvent{}, run[:3]...), run...)
	require.Len(t, largestRun(history), len(run))

	var out strings.Builder
	require.NoError(t, printLargestReplay(&out, history, converter.GetDefaultDataConverter()))
	require.Regexp(t, fmt.Sprintf(`^Replaying the largest run \(%d events\) in this process: \d+(\.\d+)?m?s \(median of 5\), [\d.]+µs an event\.\n$`, len(run)), out.String())
}
