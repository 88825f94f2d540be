package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A backfill's bad flags and ledger variables are refused before anything is dialed
// (this address refuses), each error naming the flag or variable and the fix.
func TestBackfillRefusesBadInput(t *testing.T) {
	for _, tt := range []struct {
		args string
		vars map[string]string
		want string
	}{
		{args: "ledger backfill --since -24h", want: "--since: -24h0m0s must be positive, like 720h for 30 days; leave it out to cover the namespace's retention"},
		{args: "ledger backfill --since 0s", want: "--since: 0s must be positive"},
		{args: "ledger backfill --since yesterday", want: `invalid value "yesterday" for flag -since`},
		{args: "ledger backfill --wait 0s", want: "--wait: 0s must be positive"},
		{args: "ledger backfill", vars: map[string]string{"LANES_LEDGER_DSN": "postgres://lanes@db/lanes", "LANES_LEDGER_PATH": "facts.db"},
			want: "LANES_LEDGER_PATH: is set beside LANES_LEDGER_DSN"},
		{args: "ledger", want: "ledger: name the command"},
		{args: "ledger rebuild", want: `ledger: unknown command "rebuild"`},
	} {
		t.Run(tt.args, func(t *testing.T) {
			vars := map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1"}
			for k, v := range tt.vars {
				vars[k] = v
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var out strings.Builder
			err := run(ctx, strings.Fields(tt.args), getenvFrom(vars), strings.NewReader(""), &out)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// The backfill's report says what it read, recorded and skipped, and why.
func TestBackfillReportReads(t *testing.T) {
	e, out := newTestEnv(t, nil, nil)
	require.NoError(t, e.printBackfill(backfillReport{
		Since: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC), SinceFrom: "the namespace's retention, 24h0m0s",
		TasksRead: 4, TasksBackfilled: 2, FactsNew: 8, FactsPresent: 6,
		Skipped: []skippedTask{{TaskID: "task-terminated", Reason: "terminated: the workflow ended without a result, so the task has no close to record"}},
	}))
	require.Equal(t, `Ledger backfill of the tasks closed since 2026-11-23T15:00:00Z (the namespace's retention, 24h0m0s)
Tasks read         4, 2 with facts the ledger lacked
Facts recorded     8
Already present    6
Skipped            1
  task-terminated  terminated: the workflow ended without a result, so the task has no close to record
`, out.String())
}
