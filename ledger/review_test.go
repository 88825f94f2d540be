package ledger

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

func testReview(t *testing.T, cfg Config) {
	types, err := catalog.Default()
	require.NoError(t, err)
	s := recordReview(t, cfg)
	got, err := s.Review(context.Background(), "2026-03", testZone, Filter{}, types)
	require.NoError(t, err)
	assert.Equal(t, march2026, got.Period)

	// The types' tallies are testHandling's, counted across teams.
	assert.Equal(t, []string{creative, utm, emailQA, pause404, outage, retired}, typesOf(got.ByVolume),
		"3, 3, 3 completed (ties by name), then 2, 1, 1")
	assert.Equal(t, []string{outage, pause404, creative}, typesOf(got.ByEscalationRate),
		"1 of 1, 1 of 2, 1 of 3; the others never escalated")
	assert.Equal(t, []string{emailQA, creative, outage, pause404, retired, utm}, typesOf(got.ByManualTouches),
		"8/3, 7/3, 2/1, then 2/2 and 1/1 (a tie at 1 a task, the type with more touches first), 2/3")

	assert.Equal(t, []AutomateNext{
		// qa1–qa3, 90 minutes each by hand. UTM checks are in the automated lane,
		// creative reviews (1) and outages (2) score too low, retired-report has no score.
		{TaskType: emailQA, Lane: catalog.LaneHuman, AutomationScore: 3, Tasks: 3, ManualMinutes: 270},
		// p1 only: p2 the bot did alone.
		{TaskType: pause404, Lane: catalog.LaneHybrid, AutomationScore: 3, Tasks: 1, ManualMinutes: 20},
	}, got.AutomateNext)

	assert.Equal(t, []Rescore{{
		TaskType: outage, Reasons: []RescoreReason{RescoreReclassified},
		Completed: 1, Reclassified: 1, HoursEstimated: 0.75, HoursActual: 0.75,
	}, {
		// p1 climbed twice; 1 run of 2 failed; 1h reported against 20 minutes (p2 reported none).
		TaskType: pause404, Reasons: []RescoreReason{RescoreEscalatedRepeatedly, RescoreAutomationFails, RescoreHoursOffEstimate},
		Completed: 2, EscalatedRepeatedly: 1, Runs: 2, Failed: 1, HoursEstimated: float64(20) / 60, HoursActual: 1,
	}, {
		// 1 run of 3 failed: at least one in four. Email QA's 3h against 3h estimated is on the mark.
		TaskType: utm, Reasons: []RescoreReason{RescoreAutomationFails}, Completed: 3, Runs: 3, Failed: 1,
	}}, got.Rescore)

	day := func(d, n int) DayIntake { return DayIntake{Date: march(d, 0, 0), Requests: n} }
	assert.Equal(t, Intake{
		// Received in March: u1–u3, c1–c5, qa1–qa3, p1, p2, o1, r1, o2. Not c6
		// (February) nor qa4 (April). Rush: qa3, p1, p2, o2.
		Requests: 16, Rush: 4,
		// Scores 8 + 4 + 2 + 10 + 10 + 6 + 6; rush 2 + 10 + 10 + 6.
		Score: 46, RushScore: 28,
		ByBusinessUnit: []BusinessUnitIntake{
			{BusinessUnit: "", Requests: 9}, {BusinessUnit: "paid", Requests: 4, Rush: 3, Score: 32},
			{BusinessUnit: "brand", Requests: 2, Score: 12}, {BusinessUnit: "growth", Requests: 1, Rush: 1, Score: 2},
		},
		// p1 and p2 were given full service; the others carry no tier.
		ByTier: map[catalog.Tier]int{catalog.TierFull: 2, "": 14},
		// Mondays 2nd (4), 9th, 30th; Tuesdays 3rd, 10th, 31st (2); Wednesdays 4th,
		// 11th; Thursdays 5th, 12th (2); Friday 13th.
		ByWeekday: [7]int{time.Monday: 6, time.Tuesday: 4, time.Wednesday: 2, time.Thursday: 3, time.Friday: 1},
		ByHour:    [24]int{8: 1, 9: 8, 10: 2, 11: 1, 14: 2, 20: 1, 22: 1},
		// The 2nd; the 12th and 31st (two each); then the first of the one-request days.
		BusiestDays: []DayIntake{day(2, 4), day(12, 2), day(31, 2), day(3, 1), day(4, 1)},
	}, got.Intake)
	assert.InDelta(t, 0.25, got.Intake.RushShare(), 1e-9)
	assert.InDelta(t, 28.0/46, got.Intake.RushValueShare(), 1e-9)

	creativeOnly, err := s.Review(context.Background(), "2026-03", testZone, Filter{Team: "creative"}, types)
	require.NoError(t, err)
	assert.Equal(t, []string{creative}, typesOf(creativeOnly.ByVolume))
	assert.Equal(t, 5, creativeOnly.Intake.Requests, "c1–c5")

	april := Period{From: march2026.To, To: march2026.To.AddDate(0, 1, 0)}
	in, err := s.Intake(context.Background(), april, testZone, Filter{Team: "marketing-ops"})
	require.NoError(t, err)
	assert.Equal(t, 1, in.Requests, "qa4 alone came in April")
	_, err = s.Intake(context.Background(), april, nil, Filter{})
	var pe *PeriodError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Location", pe.Field)
}

func testReviewRefusesBadInput(t *testing.T, cfg Config) {
	types, err := catalog.Default()
	require.NoError(t, err)
	s := open(t, cfg)
	for _, c := range []struct {
		month string
		loc   *time.Location
		field string
	}{
		{"2026-13", testZone, "Month"},
		{"March", testZone, "Month"},
		{"2026-3", testZone, "Month"},
		{"", testZone, "Month"},
		{"2026-03", nil, "Location"},
	} {
		_, err := s.Review(context.Background(), c.month, c.loc, Filter{}, types)
		var pe *PeriodError
		if assert.True(t, errors.As(err, &pe), "Review(%q): %v, want a *PeriodError", c.month, err) {
			assert.Equal(t, c.field, pe.Field, "Review(%q)", c.month)
		}
	}
}

func typesOf(hs []Handling) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.TaskType)
	}
	return out
}
