package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

const (
	campaign = catalog.AllocationCampaignExecution
	reactive = catalog.AllocationReactiveSupport
)

func newYork(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	return loc
}

func defaultCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	return cat
}

// person is someone on the roster view with the allocations' weekly hours given.
func person(id string, skills []string, campaignHours, reactiveHours float64) roster.PersonView {
	return roster.PersonView{ID: id, Skills: skills, Allocations: []roster.AllocationView{
		{Allocation: campaign, Capacity: campaignHours}, {Allocation: reactive, Capacity: reactiveHours},
	}}
}

// Wednesday 11 March 2026, the week after New York moved its clocks (Sunday the
// 8th): the lookback is the four weeks from 9 February, the forecast the four
// from 16 March, each starting at Monday midnight in New York whatever its offset.
func TestForecastWeeks(t *testing.T) {
	ny := newYork(t)
	now := time.Date(2026, time.March, 11, 10, 0, 0, 0, ny)
	assert.Equal(t, ledger.Period{From: time.Date(2026, time.February, 9, 0, 0, 0, 0, ny), To: time.Date(2026, time.March, 9, 0, 0, 0, 0, ny)}, Lookback(now, ny))
	var starts []string
	for _, w := range Weeks(now, ny) {
		starts = append(starts, w.From.Format("Mon 2 Jan 15:04 MST"))
		assert.Equal(t, w.From.AddDate(0, 0, 7), w.To)
	}
	assert.Equal(t, []string{"Mon 16 Mar 00:00 EDT", "Mon 23 Mar 00:00 EDT", "Mon 30 Mar 00:00 EDT", "Mon 6 Apr 00:00 EDT"}, starts)
}

func TestForecast(t *testing.T) {
	ny := newYork(t)
	now := time.Date(2026, time.March, 11, 10, 0, 0, 0, ny)
	week := func(month time.Month, day int) time.Time { return time.Date(2026, month, day, 0, 0, 0, 0, ny) }
	demand := func(start time.Time, taskType string, bucket catalog.Bucket, exception, scheduled bool, received, staffed int, hours float64) ledger.Demand {
		return ledger.Demand{Start: start, End: start.AddDate(0, 0, 7), TaskType: taskType, Team: "marketing-ops", Bucket: bucket,
			Exception: exception, Scheduled: scheduled, Received: received, Staffed: staffed, StaffedHours: hours}
	}
	history := []ledger.Demand{
		// Creative reviews (design, reactive support): 8 hours over the four weeks, 2 a week.
		demand(week(time.February, 9), "creative-stakeholder-review", catalog.BucketExceptionOnly, false, false, 3, 3, 3),
		demand(week(time.February, 23), "creative-stakeholder-review", catalog.BucketExceptionOnly, false, false, 5, 5, 5),
		// UTM checks (analysis): the bot did seven; the one it failed, a person took as
		// an exception from reactive support: 0.25h, a sixteenth of an hour a week.
		demand(week(time.February, 16), "utm-naming-validation", catalog.BucketRepeatableNoncritical, false, false, 7, 0, 0),
		demand(week(time.February, 16), "utm-naming-validation", catalog.BucketRepeatableNoncritical, true, false, 1, 1, 0.25),
		// Email QA (writing, campaign execution): four runs of the schedule, left to
		// the schedule's runs ahead, and one asked for by hand: 1.5h, 0.375 a week.
		demand(week(time.February, 9), "weekly-lifecycle-email-qa", catalog.BucketPlannedCritical, false, true, 2, 2, 3),
		demand(week(time.February, 23), "weekly-lifecycle-email-qa", catalog.BucketPlannedCritical, false, true, 2, 2, 3),
		demand(week(time.March, 2), "weekly-lifecycle-email-qa", catalog.BucketPlannedCritical, false, false, 1, 1, 1.5),
	}
	runs := []ScheduledRun{
		{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.March, 16, 10, 0, 0, 0, ny)},
		{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.March, 23, 10, 0, 0, 0, ny)},
		{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.March, 30, 10, 0, 0, 0, ny)},
		{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.April, 6, 10, 0, 0, 0, ny)},
		{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.April, 13, 10, 0, 0, 0, ny)}, // after the four weeks
		{TaskType: "monthly-dashboard-refresh", At: time.Date(2026, time.April, 1, 8, 0, 0, 0, ny)},   // analytics' work
	}
	lena := person("lena", []string{"writing", "design"}, 15.2, 7.6)
	lena.OpenTasks = []roster.Booking{{Request: roster.Request{TaskID: "task-r1", Skill: "design", Allocation: reactive, Hours: 1}, Person: "lena", BookedAt: now.Add(-time.Hour)}}
	// Rosa is back on Wednesday the 18th at noon: four and a half days of her first week.
	rosa := person("rosa", []string{"writing", "design"}, 16, 8)
	back := time.Date(2026, time.March, 18, 12, 0, 0, 0, ny)
	rosa.Away, rosa.AwayUntil = true, &back
	omar := person("omar", []string{"analysis"}, 15.2, 7.6)
	view := &roster.View{Team: "marketing-ops", People: []roster.PersonView{lena, rosa, omar},
		Queue: []roster.Waiting{{Request: roster.Request{TaskID: "task-q1", Skill: "design", Allocation: reactive, Hours: 10}}}}

	got := Forecast(ForecastInput{Team: "marketing-ops", Zone: ny, Now: now, Types: defaultCatalog(t), History: history, Roster: view, Runs: runs})

	rosaFirst := 4.5 / 7
	want := []string{
		// 2h a week; 11h open now (lena's review, the 10h waiting); lena and rosa's reactive hours.
		row("analysis", reactive, "03-16", 0.0625, 0, 0, 7.6),
		row("analysis", reactive, "03-23", 0.0625, 0, 0, 7.6),
		row("analysis", reactive, "03-30", 0.0625, 0, 0, 7.6),
		row("analysis", reactive, "04-06", 0.0625, 0, 0, 7.6),
		row("design", reactive, "03-16", 2, 0, 11, 7.6+8*rosaFirst),
		row("design", reactive, "03-23", 2, 0, 0, 15.6),
		row("design", reactive, "03-30", 2, 0, 0, 15.6),
		row("design", reactive, "04-06", 2, 0, 0, 15.6),
		// 0.375h a week asked for by hand, and one scheduled run a week of 1.5h, all of which people did.
		row("writing", campaign, "03-16", 0.375, 1.5, 0, 15.2+16*rosaFirst),
		row("writing", campaign, "03-23", 0.375, 1.5, 0, 31.2),
		row("writing", campaign, "03-30", 0.375, 1.5, 0, 31.2),
		row("writing", campaign, "04-06", 0.375, 1.5, 0, 31.2),
		// The whole team, each person once.
		row("", campaign, "03-16", 0.375, 1.5, 0, 15.2+16*rosaFirst+15.2),
		row("", campaign, "03-23", 0.375, 1.5, 0, 46.4),
		row("", campaign, "03-30", 0.375, 1.5, 0, 46.4),
		row("", campaign, "04-06", 0.375, 1.5, 0, 46.4),
		row("", reactive, "03-16", 2.0625, 0, 11, 7.6+8*rosaFirst+7.6),
		row("", reactive, "03-23", 2.0625, 0, 0, 23.2),
		row("", reactive, "03-30", 2.0625, 0, 0, 23.2),
		row("", reactive, "04-06", 2.0625, 0, 0, 23.2),
	}
	var rows []string
	for _, w := range got {
		rows = append(rows, row(w.Skill, w.Allocation, w.Start.Format("01-02"), w.BaselineHours, w.RecurringHours, w.OpenHours, w.CapacityHours))
	}
	assert.Equal(t, want, rows)

	// Design's first week: 13h against 95% of 12.74h (12.11h) will not fit; the
	// whole reactive allocation (13.06h against 19.33h) will.
	var tight []string
	for _, w := range got {
		if !w.Fits() {
			tight = append(tight, fmt.Sprintf("%s %s %s", w.Skill, w.Allocation, w.Start.Format("01-02")))
		}
	}
	assert.Equal(t, []string{"design reactive-support 03-16"}, tight)
}

func row(skill string, a catalog.Allocation, week string, baseline, recurring, open, capacity float64) string {
	return fmt.Sprintf("%s %s %s baseline %.4f recurring %.2f open %.2f capacity %.4f", skill, a, week, baseline, recurring, open, capacity)
}

// A team with no roster has no capacity to compare: its weeks are listed and always fit.
// A scheduled type nobody ran yet counts whole runs unless automation does it.
func TestForecastWithoutRosterOrHistory(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	now := time.Date(2026, time.March, 25, 9, 0, 0, 0, london)
	runs := []ScheduledRun{{TaskType: "monthly-dashboard-refresh", At: time.Date(2026, time.April, 1, 8, 0, 0, 0, london)}}
	got := Forecast(ForecastInput{Team: "analytics", Zone: london, Now: now, Types: defaultCatalog(t), Runs: runs})
	assert.Empty(t, got, "the dashboard refresh is in the automated lane: with no history, no person is expected on it")

	cat := defaultCatalog(t)
	runs = []ScheduledRun{{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.April, 6, 10, 0, 0, 0, london)}}
	got = Forecast(ForecastInput{Team: "marketing-ops", Zone: london, Now: now, Types: cat, Runs: runs})
	require.Len(t, got, 8, "writing and the whole campaign allocation, four weeks each")
	for _, w := range got {
		assert.False(t, w.Rostered)
		assert.True(t, w.Fits())
	}
	assert.InDelta(t, 1.5, got[1].RecurringHours, 1e-9, "the run on 6 April is in the second week (the first starts 30 March), all 90 minutes of it")
}

// A queue longer than the roster's view lists counts whole: the listed tasks' hours stand for the rest.
func TestOpenWorkCountsTheWholeQueue(t *testing.T) {
	v := roster.View{Waiting: 1000, Queue: []roster.Waiting{
		{Request: roster.Request{TaskID: "a", Skill: "design", Hours: 1}},
		{Request: roster.Request{TaskID: "b", Skill: "copy", Hours: 3}},
	}}
	hours := map[string]float64{}
	for _, r := range openWork(v) {
		hours[r.Skill] += r.Hours
	}
	assert.Equal(t, map[string]float64{"design": 500, "copy": 1500}, hours)
}
