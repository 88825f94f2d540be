package dashboard_test

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/dashboard"
	"github.com/lanes-dev/lanes/reports"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// fakeLive is the rosters, open tasks and schedules' runs the dashboard tests
// show, as Temporal would answer them; it records the teams the open tasks were
// asked for.
type fakeLive struct {
	rosters map[string]workflows.RosterStatus
	open    []dashboard.OpenTask
	runs    []reports.ScheduledRun
	// notes are each team's notes on its schedules.
	notes map[string][]string

	mu    sync.Mutex
	asked []string
}

func (f *fakeLive) Roster(_ context.Context, team string) (workflows.RosterStatus, error) {
	st, ok := f.rosters[team]
	if !ok {
		return st, dashboard.ErrNoRoster
	}
	return st, nil
}

func (f *fakeLive) DueBefore(_ context.Context, team string, due time.Time, limit int) ([]dashboard.OpenTask, bool, error) {
	f.mu.Lock()
	f.asked = append(f.asked, team)
	f.mu.Unlock()
	var out []dashboard.OpenTask
	for _, t := range f.open {
		if (team == "" || t.Team == team) && t.ResolveBy.Before(due) {
			out = append(out, t)
		}
	}
	more := len(out) > limit
	return out[:min(len(out), limit)], more, nil
}

func (f *fakeLive) ScheduledRuns(_ context.Context, types *catalog.Catalog, teams []string) ([]reports.ScheduledRun, []string, error) {
	var out []reports.ScheduledRun
	for _, r := range f.runs {
		if t, ok := types.TaskType(r.TaskType); ok && slices.Contains(teams, t.Team) {
			out = append(out, r)
		}
	}
	var notes []string
	for _, team := range teams {
		notes = append(notes, f.notes[team]...)
	}
	return out, notes, nil
}

// forecastLive is marchLive with what the forecast reads besides: lena writes and
// designs, omar does paid media and development; lena holds a 20-hour creative
// review; the email QA's schedule runs on the next three Mondays at 10:00, and
// analytics' dashboard refresh's schedule is paused.
func forecastLive() *fakeLive {
	f := marchLive()
	mops := f.rosters["marketing-ops"]
	mops.View.People[0].Skills = []string{"writing", "design"}
	mops.View.People[0].OpenTasks = []roster.Booking{{Person: "lena", Request: roster.Request{
		TaskID: "task-open1", TaskType: "creative-stakeholder-review", Skill: "design", Allocation: catalog.AllocationCampaignExecution, Hours: 20}}}
	mops.View.People[1].Skills = []string{"paid-media", "development"}
	f.rosters["marketing-ops"] = mops
	f.runs = []reports.ScheduledRun{
		{TaskType: "weekly-lifecycle-email-qa", At: march(23, 10, 0)},
		{TaskType: "weekly-lifecycle-email-qa", At: march(30, 10, 0)},
		// Monday 20 April is past the four weeks, which end as it begins.
		{TaskType: "weekly-lifecycle-email-qa", At: time.Date(2026, time.April, 20, 10, 0, 0, 0, newYork)},
	}
	f.notes = map[string][]string{"analytics": {"schedule lanes-recur-monthly-dashboard-refresh is paused, so the forecast counts no run of monthly-dashboard-refresh."}}
	return f
}

// marchLive is marketing-ops' roster now: lena is over the 95% line in reactive
// support; analytics runs no roster. Three open tasks: one late, one due this
// afternoon, one next week, and one beyond the at-risk list's seven days.
func marchLive() *fakeLive {
	person := func(id, name string, weekly float64, booked ...float64) roster.PersonView {
		p := roster.PersonView{ID: id, Name: name, WeeklyHours: weekly}
		shares := []float64{0.4, 0.2, 0.2, 0.2}
		for i, a := range catalog.Allocations() {
			capacity := weekly * shares[i]
			p.Allocations = append(p.Allocations, roster.AllocationView{Allocation: a, Capacity: capacity, Booked: booked[i], Utilization: booked[i] / capacity})
			p.PlannedHours += booked[i]
		}
		return p
	}
	mops := workflows.RosterStatus{View: roster.View{Team: "marketing-ops", Waiting: 2, People: []roster.PersonView{
		// 7.6 of 15.2h is 50%; 7.4 of 7.6h is 97%, over the line; 0.76 of 7.6h is 10%.
		person("lena", "Lena Ortiz", 38, 7.6, 7.4, 0, 0.76),
		person("omar", "Omar Haddad", 38, 0, 0, 0, 0),
	}}}
	return &fakeLive{
		rosters: map[string]workflows.RosterStatus{"marketing-ops": mops},
		open: []dashboard.OpenTask{
			{ID: "task-open1", TaskType: "creative-stakeholder-review", Team: "marketing-ops", Assignee: "lena", Stage: "acknowledged", SLAState: "on_track", ResolveBy: march(20, 17, 0)},
			{ID: "task-late", TaskType: "launch-qa-blocker", Team: "marketing-ops", Assignee: "role:launch-qa", Stage: "queued", SLAState: "breached", ResolveBy: march(20, 10, 0), EscalationLevel: 2},
			{ID: "task-next-week", TaskType: "paid-media-tracking-failure", Team: "analytics", Stage: "automating", SLAState: "on_track", ResolveBy: march(24, 17, 0)},
			{ID: "task-far", TaskType: "creative-stakeholder-review", Team: "marketing-ops", Assignee: "rosa", Stage: "assigned", SLAState: "on_track", ResolveBy: march(30, 17, 0)},
		},
	}
}
