package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

func TestSummarizeIntake(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
		require.NoError(t, err)
		return v
	}
	records := []intakeRecord{
		{Start: at("2026-11-23 09:10"), Unit: "consumer", Rush: true, Tier: catalog.TierFull, Score: 300, Scored: true},
		{Start: at("2026-11-23 09:40"), Unit: "consumer", Tier: catalog.TierStandard, Score: 60, Scored: true},
		{Start: at("2026-11-23 14:05"), Unit: "enterprise", Rush: true, Tier: catalog.TierFull, Score: 500, Scored: true},
		{Start: at("2026-11-24 09:20"), Unit: "consumer", Tier: catalog.TierSelfService, Score: 5, Scored: true},
		{Start: at("2026-11-25 16:00"), Tier: catalog.TierStandard}, // started before intake scored requests
		{Start: at("2026-11-27 10:00"), Unit: "consumer", Tier: catalog.TierStandard, Scored: true},
	}
	r := summarizeIntake(records, at("2026-11-20 00:00"), ny)

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
	assert.InDelta(t, 65.0/3, r.Rush.OtherAvgScore, 1e-9, "the unscored task is left out of the average")
	assert.Equal(t, map[catalog.Tier]int{catalog.TierFull: 2, catalog.TierStandard: 3, catalog.TierSelfService: 1}, r.Tiers)
	// Ties list in date order: Fri 27 after Tue 24 and Wed 25.
	assert.Equal(t, []periodCount{{"2026-11-23 Mon", 3}, {"2026-11-24 Tue", 1}, {"2026-11-25 Wed", 1}}, r.BusiestDays)
	assert.Equal(t, []periodCount{{"09:00", 3}, {"10:00", 1}, {"14:00", 1}}, r.BusiestHours)
}

func TestSummarizeNoIntake(t *testing.T) {
	r := summarizeIntake(nil, time.Time{}, time.UTC)
	assert.Zero(t, r.Tasks)
	assert.Zero(t, r.Rush.Share)
	assert.Empty(t, r.BusiestDays)
}

func TestIntakeReportFlagsFailBeforeDial(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "-1h"}, "--since: -1h0m0s must be positive"},
		{[]string{"--zone", "Mars/Olympus"}, `--zone: "Mars/Olympus" is not a time zone`},
	} {
		e, _ := newTestEnv(t, nil, nil)
		require.ErrorContains(t, e.run(context.Background(), "intake-report", tt.args), tt.want)
	}
}

// Tasks submitted with a business unit, rush flag and score are counted from visibility.
func TestIntegrationIntakeReport(t *testing.T) {
	_, e, out := startImportServer(t)
	e.now = time.Now
	in, closeClient, err := e.dial(context.Background())
	require.NoError(t, err)
	defer closeClient()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, r := range []workflows.TaskRequest{
		{BusinessUnit: "consumer", Rush: true, RICE: &catalog.RICE{Reach: 1000, Impact: 1, Confidence: 100, Effort: 1}},
		{BusinessUnit: "consumer"},
		{BusinessUnit: "enterprise", RICE: &catalog.RICE{Reach: 20, Impact: 0.5, Confidence: 50, Effort: 1}},
	} {
		r.RequestID, r.TaskType, r.Title = "report-"+string(rune('a'+i)), "creative-stakeholder-review", "Review"
		_, err := in.Submit(ctx, r)
		require.NoError(t, err)
	}
	var report intakeReport
	require.Eventually(t, func() bool {
		out.Reset()
		if e.run(ctx, "intake-report", []string{"--since", "1h", "--json"}) != nil || json.Unmarshal(out.Bytes(), &report) != nil {
			return false
		}
		return report.Tasks == 3
	}, 20*time.Second, 200*time.Millisecond, "visibility lists the three tasks")
	assert.Equal(t, []unitIntake{{Unit: "consumer", Tasks: 2, Rush: 1, Score: 1000}, {Unit: "enterprise", Tasks: 1, Score: 5}}, report.Units)
	assert.Equal(t, 1, report.Rush.Tasks)
	assert.InDelta(t, 1000.0/1005, report.Rush.ScoreShare, 1e-9)
	assert.Equal(t, map[catalog.Tier]int{catalog.TierFull: 1, catalog.TierStandard: 1, catalog.TierSelfService: 1}, report.Tiers)

	out.Reset()
	require.NoError(t, e.run(ctx, "intake-report", []string{"--since", "1h"}))
	assert.Contains(t, out.String(), "Rush: 1 of 3 (33%), carrying 100% of the score")
	assert.Contains(t, out.String(), "Tiers: full 1, standard 1, self-service 1")
}
