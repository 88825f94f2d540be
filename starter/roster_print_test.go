package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// marketingOps is the default marketing-ops roster at dec1 with real bookings: a task
// done last week, three open tasks (omar's reactive-support hours full), one task
// waiting because of it, and devon away until Monday.
func marketingOps(t *testing.T) workflows.RosterStatus {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	file, err := roster.Default(cat)
	require.NoError(t, err)
	ny, err := time.LoadLocation(cat.Teams["marketing-ops"].TimeZone)
	require.NoError(t, err)
	s, err := roster.NewState("marketing-ops", file.Teams["marketing-ops"], ny)
	require.NoError(t, err)
	ask := func(id, skill string, a catalog.Allocation, hours float64, senior bool, prefer string, at time.Time) roster.Notice {
		return s.Ask(roster.Request{TaskID: id, TaskType: "t", Skill: skill, Senior: senior, Allocation: a, Hours: hours, Prefer: prefer, At: at}, at)
	}
	require.Equal(t, "lena", ask("task-done", "writing", catalog.AllocationCampaignExecution, 2, false, "", dec1.Add(-48*time.Hour)).Person)
	require.True(t, s.Release("task-done", true, 3, dec1.Add(-24*time.Hour)))
	back := time.Date(2026, 12, 7, 0, 0, 0, 0, ny)
	_, err = s.SetAway("devon", roster.Away{From: dec1.Add(-time.Hour), Back: back}, dec1)
	require.NoError(t, err)
	require.Equal(t, "rosa", ask("task-brief", "writing", catalog.AllocationCampaignExecution, 2, false, "rosa", dec1).Person)
	require.Equal(t, "omar", ask("task-report", "analysis", catalog.AllocationReactiveSupport, 7.22, false, "", dec1).Person)
	outage := ask("task-outage", "paid-media", catalog.AllocationReactiveSupport, 1.5, true, "", dec1)
	require.Equal(t, "maya", outage.Person)
	outage.Serial = 42
	s.Notifying(outage) // its notice has not reached the task yet
	require.Equal(t, 1, ask("task-spike", "analysis", catalog.AllocationReactiveSupport, 1, false, "", dec1).Position)
	return workflows.RosterStatus{View: s.View(dec1), Runs: 1, HistoryLength: 42}
}

func TestPrintRoster(t *testing.T) {
	e, out := newTestEnv(t, nil, nil)
	e.printRoster(marketingOps(t))
	t.Log("\n" + out.String())
	for _, line := range []string{
		`Roster of marketing-ops: managers maya, devon; a task that waits 30m for capacity escalates`,
		`PERSON +SENIORITY +WEEKLY +AWAY +PLANNED +ACTUAL 7D +CAMPAIGN-EXECUTION +REACTIVE-SUPPORT +OPTIMIZATION +AUTOMATION-IMPROVEMENT +OPEN TASKS`,
		`devon +senior +36h +until Mon 7 Dec 00:00 EST +0h +0h +0% +0% +0% +0% +-`,
		`lena +specialist +38h +- +0h +3h +0% +0% +0% +0% +-`,
		`maya +senior +36h +- +1\.5h +0h +0% +21% +0% +0% +task-outage 1\.5h \(notifying\)`,
		`omar +specialist +38h +- +7\.22h +0h +0% +95% FULL +0% +0% +task-report 7\.22h`,
		// 2h of rosa's 16h is 12.5%, rounded to even.
		`rosa +coordinator +40h +- +2h +0h +12% +0% +0% +0% +task-brief 2h`,
		`FULL: at or over 95% of the allocation; no new work goes there\.`,
		`\(notifying\): booked; the roster's notice is on its way to the task, whose status names the person once it lands\.`,
		`Queue \(1 waiting, in the order they will be taken\):`,
		`  PLACE +TASK +SKILL +ALLOCATION +HOURS +WAITING SINCE +WHY`,
		`  1 +task-spike +analysis +reactive-support +1h +Tue 1 Dec 10:00 EST +every available .* with skill "analysis" would pass 95% of their reactive-support hours.*`,
		`Counts: 4 assigned, 1 queued, 1 released, 0 moved`,
		`Last 7 days: 2h estimated, 3h actual \(150% of the estimate\)`,
		`Workflow roster-marketing-ops: run 1, history 42 events`,
	} {
		require.Regexp(t, regexp.MustCompile(`(?m)^`+line+`$`), out.String())
	}
	require.Len(t, strings.Split(strings.TrimSpace(out.String()), "\n"), 15, "header, table of five, legends, queue of one, totals")
}

// A long line is listed from its head; the count says how many wait in all.
func TestPrintRosterLongQueue(t *testing.T) {
	e, out := newTestEnv(t, nil, nil)
	st := marketingOps(t)
	st.Waiting = 10000
	e.printRoster(st)
	require.Contains(t, out.String(), "\nQueue (10000 waiting, the first 1 shown, in the order they will be taken):\n")
}

func TestPrintRosterEmpty(t *testing.T) {
	e, out := newTestEnv(t, nil, nil)
	st := marketingOps(t)
	st.Queue, st.EstimatedDone, st.ActualDone = nil, 0, 0
	st.People[1].Away, st.People[1].AwayUntil = true, nil
	for _, p := range st.People {
		for i := range p.OpenTasks {
			p.OpenTasks[i].Notifying = false // every notice has landed: no legend for it
		}
	}
	e.printRoster(st)
	require.Contains(t, out.String(), "\nQueue: empty\n")
	require.Contains(t, out.String(), "\nLast 7 days: no completed tasks\n")
	require.Regexp(t, `(?m)^lena +specialist +38h +until back-in-office +0h`, out.String())
	require.NotContains(t, out.String(), "notifying")
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30m", time.Hour: "1h", 90 * time.Minute: "1h30m", 45 * time.Second: "45s", 0: "0s",
	} {
		require.Equal(t, want, workflows.ShortDuration(d))
	}
}

func TestPrintNotices(t *testing.T) {
	e, out := newTestEnv(t, nil, nil)
	e.printNotices(nil)
	require.Equal(t, "No tasks moved.\n", out.String())
	out.Reset()
	e.printNotices([]roster.Notice{
		{TaskID: "task-a", Person: "rosa", Allocation: catalog.AllocationCampaignExecution, Hours: 2, Reason: "least utilized"},
		{TaskID: "task-b", Allocation: catalog.AllocationReactiveSupport, Hours: 0.5, Position: 3, Reason: "lena out of office"},
	})
	require.Equal(t, "Tasks moved:\n"+
		"  task-a to rosa (campaign-execution, 2h): least utilized\n"+
		"  task-b waits in the queue at place 3 (reactive-support, 0.5h): lena out of office\n", out.String())
}

func TestSummaryShowsStaffing(t *testing.T) {
	booked := dec1.Add(-time.Hour)
	tests := []struct {
		name     string
		stage    workflows.Stage
		staffing workflows.Staffing
		want     string
	}{
		{
			name:     "booked",
			stage:    workflows.StageAssigned,
			staffing: workflows.Staffing{Person: "lena", Allocation: catalog.AllocationCampaignExecution, EstimatedHours: 1.5, BookedAt: &booked, Reason: "least utilized"},
			want:     `lena, campaign-execution, 1\.5h estimated, booked Tue 1 Dec 09:00 EST: least utilized`,
		},
		{
			name:     "waiting",
			stage:    workflows.StageAssigned,
			staffing: workflows.Staffing{Allocation: catalog.AllocationReactiveSupport, EstimatedHours: 1, Position: 2, WaitingSince: &booked, Reason: "everyone with skill \"design\" is away"},
			want:     `waiting in the marketing-ops queue at place 2 since Tue 1 Dec 09:00 EST: everyone with skill "design" is away`,
		},
		{
			name:     "asking",
			stage:    workflows.StageAssigned,
			staffing: workflows.Staffing{WaitingSince: &booked, Reason: "asking the roster"},
			want:     `asking the marketing-ops roster for a person since Tue 1 Dec 09:00 EST: asking the roster`,
		},
		{
			name:     "completed",
			stage:    workflows.StageCompleted,
			staffing: workflows.Staffing{Person: "lena", Allocation: catalog.AllocationCampaignExecution, EstimatedHours: 1.5, ActualHours: 2.25, BookedAt: &booked, Released: true},
			want:     `lena, campaign-execution, 1\.5h estimated, 2\.25h actual, booked Tue 1 Dec 09:00 EST`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, out := newTestEnv(t, nil, nil)
			st := summaryStatus()
			st.Stage, st.Staffing = tt.stage, &tt.staffing
			e.printSummary(st)
			require.Regexp(t, regexp.MustCompile(`(?m)^  Staffing +`+tt.want+`$`), out.String())
		})
	}
	e, out := newTestEnv(t, nil, nil)
	e.printSummary(summaryStatus())
	require.NotContains(t, out.String(), "Staffing", "a task of a team without a roster")
}
