package roster_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

func TestNewState(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	ana := person("ana", roster.Specialist, "analysis")
	ana.TimeOff = []roster.TimeOff{{From: "2026-12-21", Back: "2026-12-23"}}

	tests := []struct {
		name      string
		team      roster.Team
		wantErr   string
		wantWait  time.Duration
		wantIDs   []string
		awayAt    []time.Time // instants ana is away
		notAwayAt []time.Time
	}{
		{
			name:     "default queue wait, members sorted, dates read as midnight in the team's zone",
			team:     roster.Team{Managers: []string{"bob"}, People: []roster.Person{person("bob", roster.Senior, "analysis"), ana}},
			wantWait: roster.DefaultQueueWait,
			wantIDs:  []string{"ana", "bob"},
			awayAt:   []time.Time{time.Date(2026, 12, 21, 5, 0, 0, 0, time.UTC), time.Date(2026, 12, 23, 4, 59, 0, 0, time.UTC)},
			notAwayAt: []time.Time{
				time.Date(2026, 12, 21, 4, 59, 0, 0, time.UTC), time.Date(2026, 12, 23, 5, 0, 0, 0, time.UTC),
			},
		},
		{
			name:     "the team's queue wait",
			team:     roster.Team{Managers: []string{"ana"}, QueueWait: catalog.Duration(time.Hour), People: []roster.Person{ana}},
			wantWait: time.Hour,
			wantIDs:  []string{"ana"},
		},
		{
			name:    "an invalid team names the field under the team",
			team:    roster.Team{Managers: []string{"ana"}, People: []roster.Person{ana, ana}},
			wantErr: `teams.ops.people[1].id: "ana" is listed twice`,
		},
		{
			name:    "no people",
			team:    roster.Team{Managers: []string{"ana"}},
			wantErr: "teams.ops.people: at least one person",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := roster.NewState("ops", tc.team, ny)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Nil(t, s)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "ops", s.Team)
			assert.Equal(t, "America/New_York", s.Zone)
			assert.Equal(t, tc.wantWait, s.QueueWait)
			assert.Equal(t, tc.team.Managers, s.Managers)
			var ids []string
			for _, m := range s.Members {
				ids = append(ids, m.ID)
				assert.Empty(t, m.TimeOff, "time off is kept as instants in Away")
			}
			assert.Equal(t, tc.wantIDs, ids)
			for _, at := range tc.awayAt {
				assert.True(t, personView(t, s.View(at), "ana").Away, "away at %s", at)
			}
			for _, at := range tc.notAwayAt {
				assert.False(t, personView(t, s.View(at), "ana").Away, "in at %s", at)
			}
		})
	}
}

func TestRequestValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(r *roster.Request)
		wantErr string
	}{
		{name: "valid", edit: func(r *roster.Request) {}},
		{name: "zero hours", edit: func(r *roster.Request) { r.Hours = 0 }},
		{name: "no task id", edit: func(r *roster.Request) { r.TaskID = "" }, wantErr: "taskId: required"},
		{name: "no skill", edit: func(r *roster.Request) { r.Skill = "" }, wantErr: "skill: required"},
		{name: "negative hours", edit: func(r *roster.Request) { r.Hours = -1 }, wantErr: "hours: -1 is negative"},
		{name: "unknown allocation", edit: func(r *roster.Request) { r.Allocation = "meetings" }, wantErr: `allocation: "meetings" is not an allocation`},
		{name: "no allocation", edit: func(r *roster.Request) { r.Allocation = "" }, wantErr: "allocation:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := work("t", "analysis", 2)
			tc.edit(&r)
			err := r.Validate()
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

// TestQueueOrder asks for work nobody has the skill for, so every task waits, and
// checks each task's reported position and the final order.
func TestQueueOrder(t *testing.T) {
	type ask struct {
		task     string
		priority int
		at       time.Duration // after t0
		position int           // reported in the notice
	}
	tests := []struct {
		name string
		asks []ask
		want []string
	}{
		{
			name: "lower priority first",
			asks: []ask{{"c", 3, 0, 1}, {"a", 1, 0, 1}, {"b", 2, 0, 2}},
			want: []string{"a", "b", "c"},
		},
		{
			name: "equal priority: who asked first",
			asks: []ask{{"x", 1, 2 * time.Minute, 1}, {"y", 1, time.Minute, 1}, {"z", 1, 3 * time.Minute, 3}},
			want: []string{"y", "x", "z"},
		},
		{
			name: "equal priority and time: task ID",
			asks: []ask{{"t2", 1, 0, 1}, {"t1", 1, 0, 1}, {"t3", 1, 0, 3}},
			want: []string{"t1", "t2", "t3"},
		},
		{
			name: "priority beats asking first",
			asks: []ask{{"early", 2, 0, 1}, {"late", 1, time.Hour, 1}, {"later", 2, 2 * time.Hour, 3}},
			want: []string{"late", "early", "later"},
		},
		{
			name: "asking again replaces the old place",
			asks: []ask{{"a", 3, 0, 1}, {"b", 2, 0, 1}, {"a", 1, 0, 1}},
			want: []string{"a", "b"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"))
			for _, a := range tc.asks {
				req := work(a.task, "design", 1)
				req.Priority, req.At = a.priority, t0.Add(a.at)
				n := s.Ask(req, t0)
				require.Empty(t, n.Person)
				assert.Equal(t, a.position, n.Position, "position of %s", a.task)
			}
			assert.Equal(t, tc.want, queueIDs(s))
			assert.Equal(t, tc.want, waitingIDs(s.View(t0).Queue), "the view shows the same queue")
			assert.Equal(t, len(tc.asks), s.Counts.Queued)
			assert.Zero(t, s.Counts.Assigned)
		})
	}
}

// TestDrain books ana close to her cap, queues tasks behind it, frees capacity
// and drains: tasks go in queue order, and one that still does not fit keeps its
// place without holding back those behind it.
func TestDrain(t *testing.T) {
	type queued struct {
		task, skill string
		priority    int
		hours       float64
	}
	tests := []struct {
		name     string
		queue    []queued
		release  bool // release ana's 15h booking before draining
		want     []string
		wantLeft []string
	}{
		{
			name:     "nothing freed, nothing drains",
			queue:    []queued{{"q1", "analysis", 1, 1}},
			want:     nil,
			wantLeft: []string{"q1"},
		},
		{
			name:     "freed capacity goes in queue order",
			queue:    []queued{{"q2", "analysis", 2, 10}, {"q1", "analysis", 1, 10}},
			release:  true,
			want:     []string{"q1"},
			wantLeft: []string{"q2"},
		},
		{
			name:     "a task that still does not fit does not block the ones behind",
			queue:    []queued{{"q1", "analysis", 1, 12}, {"q2", "analysis", 2, 5}, {"q3", "analysis", 3, 3}},
			release:  true,
			want:     []string{"q1", "q3"},
			wantLeft: []string{"q2"},
		},
		{
			name:     "a task nobody has the skill for does not block",
			queue:    []queued{{"q1", "design", 1, 1}, {"q2", "analysis", 2, 4}, {"q3", "design", 3, 1}},
			release:  true,
			want:     []string{"q2"},
			wantLeft: []string{"q1", "q3"},
		},
		{
			name:     "everything fits",
			queue:    []queued{{"q1", "analysis", 1, 5}, {"q2", "analysis", 1, 5}, {"q3", "analysis", 1, 5.2}},
			release:  true,
			want:     []string{"q1", "q2", "q3"},
			wantLeft: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"))
			hold(t, s, "big", "ana", "analysis", catalog.AllocationCampaignExecution, 15)
			for _, q := range tc.queue {
				req := work(q.task, q.skill, q.hours)
				req.Priority = q.priority
				require.Empty(t, s.Ask(req, t0).Person, "setup: %s should wait", q.task)
			}
			if tc.release {
				require.True(t, s.Release("big", true, 15, t0))
			}

			notices := s.Drain(t0.Add(time.Minute))

			var got []string
			for _, n := range notices {
				got = append(got, n.TaskID)
				assert.Equal(t, "ana", n.Person)
				assert.Equal(t, catalog.AllocationCampaignExecution, n.Allocation)
				assert.Zero(t, n.Position)
				require.Contains(t, s.Bookings, n.TaskID)
				assert.Equal(t, n.Hours, s.Bookings[n.TaskID].Hours)
				assert.Equal(t, t0.Add(time.Minute), s.Bookings[n.TaskID].BookedAt)
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantLeft, queueIDs(s))
			ana := allocationView(t, personView(t, s.View(t0), "ana"), catalog.AllocationCampaignExecution)
			assert.LessOrEqual(t, ana.Utilization, roster.UtilizationCap+1e-9)
		})
	}
}

func TestReleaseOnce(t *testing.T) {
	tests := []struct {
		name         string
		skill        string // "design" queues: nobody has it
		completed    bool
		actual       float64
		release      string // task released; "t" is the one asked
		wantFirst    bool
		wantReleased int
		wantDone     []roster.Completion
	}{
		{
			name: "completed booking records its actual hours", skill: "analysis", completed: true, actual: 4.5, release: "t",
			wantFirst: true, wantReleased: 1,
			wantDone: []roster.Completion{{TaskID: "t", Person: "ana", Allocation: catalog.AllocationCampaignExecution, Estimated: 3, Actual: 4.5, At: t0.Add(time.Hour)}},
		},
		{
			name: "cancelled booking records nothing", skill: "analysis", release: "t",
			wantFirst: true, wantReleased: 1,
		},
		{
			name: "a queued task leaves the queue", skill: "design", completed: true, actual: 1, release: "t",
			wantFirst: true,
		},
		{
			name: "an unknown task holds nothing", skill: "analysis", release: "other",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"))
			n := s.Ask(work("t", tc.skill, 3), t0)
			held := n.Person != ""

			first := s.Release(tc.release, tc.completed, tc.actual, t0.Add(time.Hour))
			counts := s.Counts
			second := s.Release(tc.release, tc.completed, tc.actual, t0.Add(2*time.Hour))

			assert.Equal(t, tc.wantFirst, first, "first release")
			assert.False(t, second, "second release")
			assert.Equal(t, counts, s.Counts, "a second release changes no count")
			assert.Equal(t, tc.wantReleased, s.Counts.Released)
			assert.Equal(t, tc.wantDone, s.Done)
			if tc.release == "t" {
				assert.Empty(t, s.Bookings)
				assert.Zero(t, s.Queue.Len())
				assert.Zero(t, personView(t, s.View(t0), "ana").PlannedHours)
			} else {
				assert.Equal(t, held, len(s.Bookings) == 1, "an unknown release leaves the booking")
			}
		})
	}
}

// TestAskAgainReleasesFirst checks a hand-back: asking for a booked task again gives
// up the old booking before the rule places it anew.
func TestAskAgainReleasesFirst(t *testing.T) {
	tests := []struct {
		name       string
		people     []roster.Person
		want       string // "" means the task waits
		wantCounts roster.Counts
	}{
		{
			name:       "handed back to someone else",
			people:     []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			want:       "bob",
			wantCounts: roster.Counts{Assigned: 2, Released: 1},
		},
		{
			name:       "handed back with nobody else waits",
			people:     []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "writing")},
			want:       "",
			wantCounts: roster.Counts{Assigned: 1, Released: 1, Queued: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, tc.people...)
			hold(t, s, "t", "ana", "analysis", catalog.AllocationCampaignExecution, 3)

			again := work("t", "analysis", 3)
			again.Exclude, again.Reason = []string{"ana"}, "handed back by ana"
			n := s.Ask(again, t0.Add(time.Hour))

			assert.Equal(t, tc.want, n.Person)
			assert.Equal(t, tc.wantCounts, s.Counts)
			assert.Zero(t, personView(t, s.View(t0), "ana").PlannedHours, "ana's hours are freed")
			if tc.want == "" {
				assert.Empty(t, s.Bookings)
				assert.Equal(t, []string{"t"}, queueIDs(s))
				return
			}
			assert.Len(t, s.Bookings, 1)
			assert.Equal(t, tc.want, s.Bookings["t"].Person)
			assert.InDelta(t, 3, personView(t, s.View(t0), tc.want).PlannedHours, 1e-9)
		})
	}
}

func TestCompletionsKeptBounded(t *testing.T) {
	tests := []struct {
		name      string
		count     int
		step      time.Duration // between completions
		wantLen   int
		wantFirst string
	}{
		{name: "a week of completions stays", count: 8, step: 24 * time.Hour, wantLen: 8, wantFirst: "t0000"},
		{name: "older than a week is dropped", count: 10, step: 24 * time.Hour, wantLen: 8, wantFirst: "t0002"},
		{name: "at most 1000 are kept", count: 1005, step: time.Second, wantLen: 1000, wantFirst: "t0005"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"))
			for i := 0; i < tc.count; i++ {
				id := fmt.Sprintf("t%04d", i)
				at := t0.Add(time.Duration(i) * tc.step)
				require.Equal(t, "ana", s.Ask(work(id, "analysis", 0.01), at).Person)
				require.True(t, s.Release(id, true, 0.02, at))
			}
			require.Len(t, s.Done, tc.wantLen)
			assert.Equal(t, tc.wantFirst, s.Done[0].TaskID)
		})
	}
}

// TestAskNeverPassesCap asks for 50 tasks of varying size, skill, seniority and
// allocation from five people, hands some back, then releases everything, checking
// after every step that nobody passes 95% of any allocation and that every open
// task holds exactly one booking or queue place.
func TestAskNeverPassesCap(t *testing.T) {
	cora := person("cora", roster.Coordinator, "analysis", "design")
	cora.WeeklyHours = 20
	cora.Allocations = roster.Shares{
		catalog.AllocationCampaignExecution: 25, catalog.AllocationReactiveSupport: 25,
		catalog.AllocationOptimization: 25, catalog.AllocationAutomationImprovement: 25,
	}
	sam := person("sam", roster.Senior, "analysis", "writing")
	sam.WeeklyHours = 36
	bob := person("bob", roster.Specialist, "writing", "design")
	bob.WeeklyHours = 32
	s := newState(t, sam, person("sue", roster.Senior, "design", "analysis"), person("ana", roster.Specialist, "analysis", "writing"), bob, cora)

	skills := []string{"analysis", "writing", "design"}
	open := map[string]bool{}
	check := func(step string) {
		t.Helper()
		v := s.View(t0)
		for _, p := range v.People {
			for _, a := range p.Allocations {
				require.LessOrEqual(t, a.Utilization, roster.UtilizationCap+1e-9, "%s: %s's %s", step, p.ID, a.Allocation)
			}
		}
		places := map[string]int{}
		for id := range s.Bookings {
			places[id]++
		}
		for _, w := range s.Queue.First(-1) {
			places[w.TaskID]++
		}
		for id := range open {
			require.Equal(t, 1, places[id], "%s: %s holds one place", step, id)
		}
		require.Len(t, places, len(open), "%s: only open tasks hold places", step)
	}

	for i := 0; i < 50; i++ {
		req := roster.Request{
			TaskID:     fmt.Sprintf("task-%02d", i),
			Skill:      skills[i%len(skills)],
			Senior:     i%4 == 0,
			Allocation: catalog.Allocations()[i%4],
			Hours:      0.5 + float64((i*7)%11),
			Priority:   i % 3,
			At:         t0.Add(time.Duration(i) * time.Minute),
		}
		open[req.TaskID] = true
		n := s.Ask(req, req.At)
		require.Equal(t, n.Person == "", n.Position > 0, "a notice names a person or a queue place")
		check("ask " + req.TaskID)
	}
	for i := 0; i < 50; i += 5 {
		id := fmt.Sprintf("task-%02d", i)
		b, ok := s.Bookings[id]
		if !ok {
			continue
		}
		req := b.Request
		req.Exclude = append(req.Exclude, b.Person)
		s.Ask(req, t0.Add(time.Hour))
		check("hand back " + id)
	}
	require.Positive(t, s.Counts.Queued, "the test must reach the cap")
	require.Positive(t, s.Counts.Assigned)

	for i := 49; i >= 0; i-- {
		id := fmt.Sprintf("task-%02d", i)
		require.True(t, s.Release(id, i%2 == 0, 1, t0.Add(2*time.Hour)), "release %s", id)
		delete(open, id)
		s.Drain(t0.Add(2 * time.Hour))
		check("release " + id)
	}

	assert.Empty(t, s.Bookings)
	assert.Zero(t, s.Queue.Len())
	assert.Equal(t, s.Counts.Assigned, s.Counts.Released, "every booking was released once")
	for _, p := range s.View(t0).People {
		assert.Zero(t, p.PlannedHours, p.ID)
		for _, a := range p.Allocations {
			assert.Zero(t, a.Booked, "%s %s", p.ID, a.Allocation)
		}
	}
}

func TestView(t *testing.T) {
	const campaign, reactive = catalog.AllocationCampaignExecution, catalog.AllocationReactiveSupport
	ana := person("ana", roster.Specialist, "analysis")
	ana.Name = "Ana Silva"
	bob := awayFrom(person("bob", roster.Specialist, "analysis"), t0.Add(-time.Hour), t0.Add(48*time.Hour))
	cora := awayFrom(person("cora", roster.Coordinator, "analysis"), t0.Add(-time.Hour), time.Time{})
	dan := awayFrom(person("dan", roster.Specialist, "analysis"), t0.Add(time.Hour), t0.Add(48*time.Hour))
	s := newState(t, ana, bob, cora, dan)

	// A completion eight days ago and one six days ago; only the second is in the last week.
	for _, c := range []struct {
		id            string
		ago           time.Duration
		hours, actual float64
	}{{"old", 8 * 24 * time.Hour, 2, 9}, {"recent", 6 * 24 * time.Hour, 3, 5}} {
		require.Equal(t, "ana", s.Ask(work(c.id, "analysis", c.hours), t0.Add(-c.ago)).Person)
		require.True(t, s.Release(c.id, true, c.actual, t0.Add(-c.ago)))
	}
	hold(t, s, "x", "ana", "analysis", campaign, 4)
	hold(t, s, "y", "ana", "analysis", reactive, 2)
	queued := work("z", "design", 1)
	s.Ask(queued, t0)

	v := s.View(t0)

	assert.Equal(t, "ops", v.Team)
	assert.Equal(t, []string{"ana"}, v.Managers)
	assert.Equal(t, roster.DefaultQueueWait, v.QueueWait)
	assert.Equal(t, []string{"z"}, waitingIDs(v.Queue))
	assert.Equal(t, roster.Counts{Assigned: 4, Released: 2, Queued: 1}, v.Counts)
	assert.InDelta(t, 3, v.EstimatedDone, 1e-9)
	assert.InDelta(t, 5, v.ActualDone, 1e-9)

	a := personView(t, v, "ana")
	assert.Equal(t, "Ana Silva", a.Name)
	assert.Equal(t, roster.Specialist, a.Seniority)
	assert.Equal(t, []string{"analysis"}, a.Skills)
	assert.InDelta(t, 40, a.WeeklyHours, 1e-9)
	assert.False(t, a.Away)
	assert.Nil(t, a.AwayUntil)
	assert.InDelta(t, 6, a.PlannedHours, 1e-9)
	assert.InDelta(t, 5, a.ActualHours, 1e-9)
	assert.Equal(t, []roster.AllocationView{
		{Allocation: campaign, Capacity: 16, Booked: 4, Utilization: 0.25},
		{Allocation: reactive, Capacity: 8, Booked: 2, Utilization: 0.25},
		{Allocation: catalog.AllocationOptimization, Capacity: 8},
		{Allocation: catalog.AllocationAutomationImprovement, Capacity: 8},
	}, a.Allocations)
	require.Len(t, a.OpenTasks, 2)
	assert.Equal(t, "x", a.OpenTasks[0].TaskID)
	assert.Equal(t, "y", a.OpenTasks[1].TaskID)
	assert.Equal(t, "ana", a.OpenTasks[0].Person)

	tests := []struct {
		id        string
		away      bool
		awayUntil *time.Time
	}{
		{id: "bob", away: true, awayUntil: ptr(t0.Add(48 * time.Hour))},
		{id: "cora", away: true},
		{id: "dan", away: false},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			p := personView(t, v, tc.id)
			assert.Equal(t, tc.away, p.Away)
			assert.Equal(t, tc.awayUntil, p.AwayUntil)
			assert.Zero(t, p.PlannedHours)
			assert.Zero(t, p.ActualHours)
			assert.Empty(t, p.OpenTasks)
		})
	}
}

func ptr[T any](v T) *T { return &v }
