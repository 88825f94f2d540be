package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/workflows"
)

func TestParseBenchIntake(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    benchIntakeOptions
		wantErr string
	}{
		{args: nil, want: benchIntakeOptions{n: 500, concurrency: 20}},
		{args: []string{"-n", "50", "-concurrency", "5"}, want: benchIntakeOptions{n: 50, concurrency: 5}},
		{args: []string{"-n", "0"}, wantErr: "-n and -concurrency: must be at least 1"},
		{args: []string{"-concurrency", "0"}, wantErr: "-n and -concurrency: must be at least 1"},
		{args: []string{"extra"}, wantErr: `unexpected argument "extra"`},
		{args: []string{"-type", "x"}, wantErr: "flag provided but not defined: -type"},
	} {
		got, err := parseBenchIntake(tc.args, io.Discard)
		if tc.wantErr != "" {
			require.ErrorContains(t, err, tc.wantErr, "%q", tc.args)
			continue
		}
		require.NoError(t, err, "%q", tc.args)
		require.Equal(t, tc.want, got, "%q", tc.args)
	}
}

// The bench's requests are ones the service takes: valid against the default catalog,
// each with its own request ID.
func TestIntakeBenchRequestsAreValid(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	ids, bodies, err := intakeBenchRequests("lanes-bench-intake-test", 3)
	require.NoError(t, err)
	require.Equal(t, []string{"lanes-bench-intake-test-0", "lanes-bench-intake-test-1", "lanes-bench-intake-test-2"}, ids)
	for i, body := range bodies {
		var req workflows.TaskRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&req))
		require.Equal(t, ids[i], req.RequestID)
		require.NoError(t, (&intake.Client{Catalog: cat}).Prepare(&req))
	}
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		q      int
		want   time.Duration
	}{
		{name: "none", sorted: nil, q: 50, want: 0},
		{name: "one", sorted: ms(7), q: 99, want: 7 * time.Millisecond},
		{name: "median of four is the lower middle", sorted: ms(1, 2, 3, 4), q: 50, want: 2 * time.Millisecond},
		{name: "p99 of 100", sorted: ms(hundred...), q: 99, want: 99 * time.Millisecond},
		{name: "max", sorted: ms(hundred...), q: 100, want: 100 * time.Millisecond},
	} {
		require.Equal(t, tc.want, percentile(tc.sorted, tc.q), tc.name)
	}
}

// The figures count answers by status, measure from each request's send, leave the
// requests that started nothing out of the workflow rows, and print one table.
func TestIntakeFiguresAndReport(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	created := func(sent, answered int, withStatus bool) IntakeAnswer {
		a := IntakeAnswer{Sent: at(sent), Answered: at(answered), Code: http.StatusCreated}
		if withStatus {
			a.Submission = intakeapi.SubmitAnswer{Status: &workflows.TaskStatus{}}
		}
		return a
	}
	answers := []IntakeAnswer{
		created(0, 100, true),
		created(10, 310, false),
		{Sent: at(20), Answered: at(50), Code: http.StatusServiceUnavailable, Field: "", Message: "Temporal is not answering"},
		{Sent: at(30), Answered: at(1030), Err: errors.New("connection reset")},
		created(40, 2000, true),
	}
	times := []intakeTaskTimes{
		{started: at(20), firstTaskDone: at(60), completed: at(500)},
		{started: at(110), firstTaskDone: at(210), completed: at(2500)},
		{},
		{},
		{started: at(70), firstTaskDone: at(1040), completed: at(1540)},
	}
	f := intakeFiguresOf(answers, times)
	require.Equal(t, 5, f.requests)
	require.Equal(t, 2*time.Second, f.window)
	require.Equal(t, map[int]int{http.StatusCreated: 3, http.StatusServiceUnavailable: 1}, f.codes)
	require.Equal(t, 1, f.noAnswer)
	require.Equal(t, 2, f.withStatus)
	require.Equal(t, 2500*time.Millisecond, f.done)
	require.Len(t, f.spans, 4)
	require.Equal(t, []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 1960 * time.Millisecond}, f.spans[0].latencies, "the 503 is not throughput")
	require.Equal(t, []time.Duration{20 * time.Millisecond, 30 * time.Millisecond, 100 * time.Millisecond}, f.spans[1].latencies)
	require.Equal(t, []time.Duration{60 * time.Millisecond, 200 * time.Millisecond, 1000 * time.Millisecond}, f.spans[2].latencies)
	require.Equal(t, []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond, 2490 * time.Millisecond}, f.spans[3].latencies)

	var out strings.Builder
	require.NoError(t, printIntakeFigures(&out, f))
	want := `5 requests in 2s: 1.5 requests/s answered 2xx (first POST sent to last answer)
Answers: 3 × 201, 1 × 503 (2 of the 201s with the task's status); errors: 2, 1 without an answer (first: connection reset)
Tasks: 3 completed, the last 2.5s after the first POST: 1.2 tasks/s end to end

                             from → to  requests    p50    p99    max
                         POST → answer         3  300ms  300ms  1.96s
               POST → workflow started         3   30ms   30ms  100ms
  POST → first workflow task completed         3  200ms  200ms     1s
                 POST → task completed         3   1.5s   1.5s  2.49s

Send and answer times are this process's clock, workflow times the server's: they agree when both run on one machine.
`
	require.Equal(t, want, out.String())
}
