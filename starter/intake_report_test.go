package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// request is one request as intake's classification records it in the ledger.
type request struct {
	id, team, unit string
	rush           bool
	tier           catalog.Tier
	score          float64
	at             time.Time
}

// ledgerWith writes the requests to a new SQLite ledger and returns its path.
func ledgerWith(t *testing.T, requests []request) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	store, err := ledger.Open(context.Background(), ledger.Config{Path: path})
	require.NoError(t, err)
	defer func() { require.NoError(t, store.Close()) }()
	for _, r := range requests {
		require.NoError(t, store.Record(context.Background(), ledger.Fact{
			TaskID: r.id, Milestone: "classified", Kind: ledger.KindClassified, At: r.at,
			Task: &ledger.TaskDetails{TaskType: "creative-stakeholder-review", Team: r.team, Bucket: catalog.BucketExceptionOnly,
				Lane: catalog.LaneHuman, ServiceTier: string(r.tier), BusinessUnit: r.unit, Rush: r.rush, Score: r.score, Received: r.at},
		}))
	}
	return path
}

func TestIntakeReportFromTheLedger(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
		require.NoError(t, err)
		return v
	}
	path := ledgerWith(t, []request{
		{"task-a", "marketing-ops", "consumer", true, catalog.TierFull, 300, at("2026-11-23 09:10")},
		{"task-b", "marketing-ops", "consumer", false, catalog.TierStandard, 60, at("2026-11-23 09:40")},
		{"task-c", "marketing-ops", "enterprise", true, catalog.TierFull, 500, at("2026-11-23 14:05")},
		{"task-d", "marketing-ops", "consumer", false, catalog.TierSelfService, 5, at("2026-11-24 09:20")},
		{"task-e", "marketing-ops", "", false, "", 0, at("2026-11-25 16:00")}, // started before intake scored requests
		{"task-f", "marketing-ops", "consumer", false, catalog.TierStandard, 0, at("2026-11-27 10:00")},
		{"task-g", "analytics", "consumer", false, catalog.TierStandard, 7, at("2026-11-26 11:00")},
		{"task-old", "marketing-ops", "consumer", false, catalog.TierStandard, 9, at("2026-11-20 12:00")}, // before --since
	})
	e, out := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": path}, nil)
	e.now = func() time.Time { return at("2026-11-28 12:00") }

	require.NoError(t, e.run(context.Background(), "intake-report", []string{"--team", "marketing-ops", "--zone", "America/New_York", "--json"}))
	var r intakeReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &r), out.String())
	assert.Equal(t, 6, r.Tasks)
	assert.Equal(t, []unitIntake{
		{Unit: "consumer", Tasks: 4, Rush: 1, Score: 365},
		{Unit: "", Tasks: 1},
		{Unit: "enterprise", Tasks: 1, Rush: 1, Score: 500},
	}, r.Units)
	assert.Equal(t, 2, r.Rush.Tasks)
	assert.InDelta(t, 2.0/6, r.Rush.Share, 1e-9)
	assert.InDelta(t, 800.0/865, r.Rush.ScoreShare, 1e-9)
	assert.InDelta(t, 400, r.Rush.AvgScore, 1e-9)
	assert.InDelta(t, 65.0/4, r.Rush.OtherAvgScore, 1e-9, "the ledger keeps 0 for an unscored request, which counts")
	assert.Equal(t, map[catalog.Tier]int{catalog.TierFull: 2, catalog.TierStandard: 2, catalog.TierSelfService: 1, "": 1}, r.Tiers)
	// Ties list in date and hour order.
	assert.Equal(t, []periodCount{{"2026-11-23 Mon", 3}, {"2026-11-24 Tue", 1}, {"2026-11-25 Wed", 1}}, r.BusiestDays)
	assert.Equal(t, []periodCount{{"09:00", 3}, {"10:00", 1}, {"14:00", 1}}, r.BusiestHours)

	out.Reset()
	require.NoError(t, e.run(context.Background(), "intake-report", []string{"--zone", "America/New_York"}))
	assert.Contains(t, out.String(), "Intake since 2026-11-21T17:00:00Z (America/New_York): 7 tasks")
	assert.Contains(t, out.String(), "Rush: 2 of 7 (29%), carrying 92% of the score")
	assert.Contains(t, out.String(), "Tiers: full 2, standard 3, self-service 1, — 1")
}

func TestIntakeReportRefusesBadFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "-1h"}, "--since: -1h0m0s must be positive"},
		{[]string{"--since", "10000h"}, "--since: 10000h0m0s must be positive and at most 9600h"},
		{[]string{"--zone", "Mars/Olympus"}, `--zone: "Mars/Olympus" is not a time zone`},
		{[]string{"--team", "sales"}, `--team: "sales" is not a team in catalog`},
	} {
		e, _ := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": filepath.Join(t.TempDir(), "none.db")}, nil)
		require.ErrorContains(t, e.run(context.Background(), "intake-report", tt.args), tt.want)
	}
	e, _ := newTestEnv(t, map[string]string{"LANES_LEDGER_PATH": filepath.Join(t.TempDir(), "none.db")}, nil)
	require.ErrorContains(t, e.run(context.Background(), "intake-report", nil), "LANES_LEDGER_PATH: no ledger at",
		"a report never creates a ledger where the worker does not write one")
}
