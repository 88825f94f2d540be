package bench

import (
	"bytes"
	"encoding/base64"
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
	"github.com/lanes-dev/lanes/payloadcrypt"
	"github.com/lanes-dev/lanes/workflows"
)

func TestParseBenchIntake(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		want    benchIntakeOptions
		wantErr string
	}{
		{args: nil, want: benchIntakeOptions{n: 500, concurrency: 20, rounds: 2, warmup: 100, encryption: encryptionBoth}},
		{args: []string{"-n", "50", "-concurrency", "5", "-rounds", "3", "-warmup", "0", "-encryption", "off"},
			want: benchIntakeOptions{n: 50, concurrency: 5, rounds: 3, warmup: 0, encryption: encryptionOff}},
		{args: []string{"-n", "0"}, wantErr: "-n and -concurrency: must be at least 1"},
		{args: []string{"-concurrency", "0"}, wantErr: "-n and -concurrency: must be at least 1"},
		{args: []string{"-rounds", "0"}, wantErr: "-rounds: must be at least 1"},
		{args: []string{"-warmup", "-1"}, wantErr: "-warmup: must be 0 or more"},
		{args: []string{"-encryption", "yes"}, wantErr: `-encryption: "yes"; use off, on or both`},
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

// Both settings run every round count, in clear and encrypted alternately so neither
// always goes first: 0, 1, 1, 0, …
func TestRoundOrder(t *testing.T) {
	require.Equal(t, []int{0, 1, 1, 0}, roundOrder(2, 2))
	require.Equal(t, []int{0, 1, 1, 0, 0, 1}, roundOrder(2, 3))
	require.Equal(t, []int{0, 0, 0}, roundOrder(1, 3))
}

// Encryption uses LANES_PAYLOAD_KEYS when set, else a key made for the run.
func TestIntakeSettings(t *testing.T) {
	envKeys, err := payloadcrypt.Parse("2026-q1="+base64.StdEncoding.EncodeToString(make([]byte, 32)), payloadcrypt.EnvKeys)
	require.NoError(t, err)
	both, err := intakeSettings(encryptionBoth, envKeys)
	require.NoError(t, err)
	require.Len(t, both, 2)
	require.Nil(t, both[0].keys, "in clear first")
	require.Same(t, envKeys, both[1].keys)
	require.Contains(t, settingNames(both), "payloads in clear; payloads encrypted, encrypted with AES-256-GCM under key 2026-q1")

	made, err := intakeSettings(encryptionOn, nil)
	require.NoError(t, err)
	require.Len(t, made, 1)
	require.NotNil(t, made[0].keys)
	require.Contains(t, made[0].keys.Describe(), "from a key made for this bench run")

	off, err := intakeSettings(encryptionOff, envKeys)
	require.NoError(t, err)
	require.Equal(t, []intakeSetting{{name: "payloads in clear"}}, off)
}

// A setting's rounds add up: answers and latencies together, windows summed; the
// comparison reads encrypted against clear as ratios of this run's own figures.
func TestIntakeComparison(t *testing.T) {
	round := func(window time.Duration, ms ...int) intakeFigures {
		s := intakeSpan{name: "POST → answer"}
		for _, m := range ms {
			s.latencies = append(s.latencies, time.Duration(m)*time.Millisecond)
		}
		done := intakeSpan{name: "POST → task completed", latencies: s.latencies}
		return intakeFigures{requests: len(ms), window: window, done: window, codes: map[int]int{http.StatusCreated: len(ms)},
			withStatus: len(ms), spans: []intakeSpan{s, done}}
	}
	inClear := []intakeFigures{round(time.Second, 100, 300), round(time.Second, 200, 400)}
	encrypted := []intakeFigures{round(2*time.Second, 200, 600), round(2*time.Second, 400, 800)}
	m := mergeIntakeFigures(inClear)
	require.Equal(t, 4, m.requests)
	require.Equal(t, 2*time.Second, m.window)
	require.Equal(t, map[int]int{http.StatusCreated: 4}, m.codes)
	require.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 400 * time.Millisecond}, m.spans[0].latencies)
	require.InDelta(t, 2.0, m.answeredRate(), 1e-9)

	var out strings.Builder
	settings := []intakeSetting{{name: "payloads in clear"}, {name: "payloads encrypted"}}
	require.NoError(t, printIntakeComparison(&out, settings, [][]intakeFigures{inClear, encrypted}))
	require.Contains(t, out.String(), "Payloads in clear: 2 rounds (2.0, 2.0 requests/s)\n4 requests in 2s: 2.0 requests/s answered 2xx")
	require.Contains(t, out.String(), "Payloads encrypted: 2 rounds (1.0, 1.0 requests/s)\n4 requests in 4s: 1.0 requests/s answered 2xx")
	require.True(t, strings.HasSuffix(out.String(), `Payloads encrypted against payloads in clear, the rounds alternating in this run (ratio: encrypted / clear):
                      figure  in clear  encrypted  ratio
       requests answered 2xx     2.0/s      1.0/s  ×0.50
  tasks completed end to end     2.0/s      1.0/s  ×0.50
           POST → answer p50     200ms      400ms  ×2.00
           POST → answer p99     300ms      600ms  ×2.00
   POST → task completed p50     200ms      400ms  ×2.00
   POST → task completed p99     300ms      600ms  ×2.00
`), out.String())
}
