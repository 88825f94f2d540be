package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// Every mistake in a report's flags is refused before the ledger is opened or
// Temporal dialled, naming the flag and the fix.
func TestReportRefusesBadFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"flow", "--team", "sales"}, `--team: "sales" is not a team in catalog 2026-11-25.1@`},
		{[]string{"flow", "--month", "2026-3"}, `--month: "2026-3" is not a month; write it as YYYY-MM, such as 2026-03`},
		{[]string{"review", "--month", "March"}, `--month: "March" is not a month; write it as YYYY-MM`},
		{[]string{"flow", "--from", "2026-03-31", "--to", "2026-03-01"}, "--to: 2026-03-01 is before --from 2026-03-31; the period runs forward"},
		{[]string{"flow", "--from", "2026-03-01"}, "--from: given without --to; give both, like --from 2026-03-01 --to 2026-03-31, or --month 2026-03"},
		{[]string{"capacity", "--to", "2026-03-31"}, "--to: given without --from; give both"},
		{[]string{"flow", "--month", "2026-03", "--from", "2026-03-01", "--to", "2026-03-31"}, "--month: given with --from/--to; give a month or a period, not both"},
		{[]string{"flow", "--from", "1 March", "--to", "2026-03-31"}, `--from: "1 March" is not a date; write it as YYYY-MM-DD`},
		{[]string{"flow", "--from", "2026-03-01", "--to", "31/03/2026"}, `--to: "31/03/2026" is not a date; write it as YYYY-MM-DD`},
		{[]string{"flow", "--from", "2025-01-01", "--to", "2026-03-31"}, "--to: the period is 455 days, longer than the 400 one report reads; split it"},
		{[]string{"review", "--from", "2026-03-01", "--to", "2026-03-31"}, "--from: the review covers a calendar month; give --month, like --month 2026-03"},
		{[]string{"review", "--to", "2026-03-31"}, "--to: the review covers a calendar month; give --month, like --month 2026-03"},
		{[]string{"flow", "--zone", "Mars/Olympus"}, `--zone: "Mars/Olympus" is not a time zone`},
		{[]string{"flow", "--json", "--csv"}, "--csv: given with --json; choose one format"},
		{[]string{"capacity", "--wait", "0s"}, "--wait: 0s must be positive"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			e, _ := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": filepath.Join(t.TempDir(), "none.db")}, nil)
			require.ErrorContains(t, e.run(context.Background(), "report", tt.args), tt.want)
		})
	}
}

// A report looks for the worker's ledger and never creates one elsewhere.
func TestReportNeedsTheWorkersLedger(t *testing.T) {
	dir := t.TempDir()
	e, _ := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": filepath.Join(dir, "ledger.db")}, nil)
	err := e.run(context.Background(), "report", []string{"flow"})
	require.ErrorContains(t, err, "LANES_LEDGER_PATH: no ledger at "+filepath.Join(dir, "ledger.db")+"; run starter from the directory the worker or go run ./cmd/dev runs in")
	assert.NoFileExists(t, filepath.Join(dir, "ledger.db"))

	e, _ = newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": "a.db", "LANES_LEDGER_DSN": "postgres://x"}, nil)
	require.ErrorContains(t, e.run(context.Background(), "report", []string{"flow"}), "LANES_LEDGER_PATH: is set beside LANES_LEDGER_DSN")
}

// The flow report reads the ledger alone: no Temporal is dialled. Its period is
// --month, --from/--to (the last day included), or the last 30 days to the end
// of today; its days are counted in the team's zone unless --zone says otherwise.
func TestFlowReportReadsTheLedgerOnly(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	path := ledgerWith(t, nil)
	store, err := ledger.Open(context.Background(), ledger.Config{Path: path})
	require.NoError(t, err)
	// A UTM check the bot closed on 31 March at 23:30 in New York: April already in UTC.
	received := time.Date(2026, time.March, 31, 23, 0, 0, 0, ny)
	_, err = store.RecordAll(context.Background(), []ledger.Fact{
		{TaskID: "task-u", Milestone: "classified", Kind: ledger.KindClassified, At: received, Task: &ledger.TaskDetails{
			TaskType: "utm-naming-validation", Team: "marketing-ops", Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, Received: received, ManualMinutes: 15}},
		{TaskID: "task-u", Milestone: "closed", Kind: ledger.KindClosed, At: received.Add(30 * time.Minute), Closure: &ledger.Closure{Outcome: ledger.OutcomeCompleted, ByAutomation: true}},
	})
	require.NoError(t, err)
	require.NoError(t, store.Close())

	report := func(args ...string) map[string]any {
		t.Helper()
		e, out := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": path}, nil)
		e.now = func() time.Time { return time.Date(2026, time.April, 2, 12, 0, 0, 0, ny) }
		require.NoError(t, e.run(context.Background(), "report", append([]string{"flow", "--json"}, args...)))
		var doc map[string]any
		require.NoError(t, json.Unmarshal(out.Bytes(), &doc), out.String())
		return doc
	}
	automation := func(doc map[string]any) []any {
		return doc["tables"].([]any)[2].(map[string]any)["rows"].([]any)
	}
	march := report("--team", "marketing-ops", "--month", "2026-03")
	assert.Equal(t, "2026-03-01T00:00:00-05:00", march["from"])
	assert.Equal(t, "2026-04-01T00:00:00-04:00", march["to"])
	assert.Equal(t, "America/New_York", march["zone"], "the team's zone")
	require.Len(t, automation(march), 1)
	assert.Equal(t, 15.0, automation(march)[0].(map[string]any)["manual_minutes_saved"])

	inUTC := report("--team", "marketing-ops", "--month", "2026-03", "--zone", "UTC")
	assert.Empty(t, automation(inUTC), "closed at 04:30 UTC on 1 April")

	days := report("--from", "2026-03-31", "--to", "2026-03-31", "--zone", "America/New_York")
	assert.Equal(t, "2026-04-01T00:00:00-04:00", days["to"], "--to includes its day")
	require.Len(t, automation(days), 1)

	last30 := report()
	assert.Equal(t, "UTC", last30["zone"], "the catalog's teams work in two zones")
	assert.Equal(t, "2026-03-04T00:00:00Z", last30["from"], "30 days: 4 March to 2 April")
	assert.Equal(t, "2026-04-03T00:00:00Z", last30["to"], "through the end of today")
	require.Len(t, automation(last30), 1)

	e, out := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": path}, nil)
	e.now = func() time.Time { return time.Date(2026, time.April, 2, 12, 0, 0, 0, ny) }
	require.NoError(t, e.run(context.Background(), "report", []string{"flow", "--team", "marketing-ops", "--month", "2026-03", "--csv"}))
	assert.Contains(t, out.String(), "\nautomation,utm-naming-validation,marketing-ops,1,1,1,15\n")
	out.Reset()
	require.NoError(t, e.run(context.Background(), "report", []string{"flow", "--team", "marketing-ops", "--month", "2026-03"}))
	assert.Contains(t, out.String(), "Flow report for marketing-ops, Sun 1 Mar 2026 to Tue 31 Mar 2026 (America/New_York)")
}

// With no ledger variable set, a report reads .lanes/dev/ledger.db: where go run
// ./cmd/dev keeps the ledger (its --dir defaults to .lanes), so starter run from
// the same directory reads the dev stack's ledger with no extra step.
func TestReportFindsTheDevLedger(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.Equal(t, filepath.Join(".lanes", "dev", "ledger.db"), filepath.FromSlash(ledger.DefaultSQLitePath))
	store, err := ledger.Open(context.Background(), ledger.Config{Path: filepath.Join(dir, ".lanes", "dev", "ledger.db")})
	require.NoError(t, err)
	require.NoError(t, store.Close())
	e, out := newTestEnv(t, nil, nil)
	e.now = func() time.Time { return time.Date(2026, time.April, 2, 12, 0, 0, 0, time.UTC) }
	require.NoError(t, e.run(context.Background(), "report", []string{"flow", "--team", "analytics"}))
	assert.Contains(t, out.String(), "Flow report for analytics, Wed 4 Mar 2026 to Thu 2 Apr 2026 (Europe/London)", "the last 30 days in the team's zone")
}
