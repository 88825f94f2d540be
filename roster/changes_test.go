package roster_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

const campaign = catalog.AllocationCampaignExecution

// placed says where a task is: the person holding it, or "" when it waits in the queue.
func placed(t *testing.T, s *roster.State, taskID string) string {
	t.Helper()
	if b, ok := s.Bookings[taskID]; ok {
		return b.Person
	}
	require.Contains(t, queueIDs(s), taskID, "%s is neither booked nor queued", taskID)
	return ""
}

// noticed maps each notice's task to its person, "" for a queue place.
func noticed(notices []roster.Notice) map[string]string {
	out := map[string]string{}
	for _, n := range notices {
		out[n.TaskID] = n.Person
	}
	return out
}

func TestJoin(t *testing.T) {
	valid := person("dee", roster.Coordinator, "writing")
	tests := []struct {
		name    string
		edit    func(p *roster.Person)
		wantErr string
	}{
		{name: "joins", edit: func(p *roster.Person) {}},
		{name: "duplicate id", edit: func(p *roster.Person) { p.ID = "ana" }, wantErr: `person.id: "ana" is already on ops`},
		{name: "bad id", edit: func(p *roster.Person) { p.ID = "Dee" }, wantErr: `person.id: "Dee"`},
		{name: "bad seniority", edit: func(p *roster.Person) { p.Seniority = "intern" }, wantErr: `person.seniority: "intern"`},
		{name: "no skills", edit: func(p *roster.Person) { p.Skills = nil }, wantErr: "person.skills: at least one skill"},
		{name: "bad skill", edit: func(p *roster.Person) { p.Skills = []string{"Paid Media"} }, wantErr: `person.skills[0]: "Paid Media"`},
		{name: "negative hours", edit: func(p *roster.Person) { p.WeeklyHours = -3 }, wantErr: "person.weeklyHours: -3 is not positive"},
		{name: "too many hours", edit: func(p *roster.Person) { p.WeeklyHours = 100 }, wantErr: "person.weeklyHours: 100 is over 80"},
		{
			name:    "shares not summing to 100",
			edit:    func(p *roster.Person) { p.Allocations = roster.Shares{campaign: 90} },
			wantErr: "person.allocations: the shares sum to 90%",
		},
		{
			name:    "bad time off",
			edit:    func(p *roster.Person) { p.TimeOff = []roster.TimeOff{{From: "next week"}} },
			wantErr: `person.timeOff[0].from: "next week"`,
		},
		{
			name:    "time off back before from",
			edit:    func(p *roster.Person) { p.TimeOff = []roster.TimeOff{{From: "2026-12-21", Back: "2026-12-01"}} },
			wantErr: "person.timeOff[0].back:",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"), person("eve", roster.Specialist, "analysis"))
			before := s.View(t0)
			p := valid
			tc.edit(&p)

			err := s.Join(p, time.UTC)

			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, before, s.View(t0), "a refused join changes nothing")
				return
			}
			require.NoError(t, err)
			var ids []string
			for _, m := range s.Members {
				ids = append(ids, m.ID)
			}
			assert.Equal(t, []string{"ana", "dee", "eve"}, ids, "members stay sorted")
			assert.Equal(t, "dee", s.Ask(work("w", "writing", 2), t0).Person, "the new person takes work")
		})
	}
}

func TestJoinReadsTimeOffInZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	s := newState(t, person("ana", roster.Specialist, "analysis"))
	dee := person("dee", roster.Specialist, "writing")
	dee.TimeOff = []roster.TimeOff{{From: "2026-12-21"}}
	require.NoError(t, s.Join(dee, tokyo))

	next, ok := s.NextChange(t0)

	require.True(t, ok)
	assert.True(t, next.Equal(time.Date(2026, 12, 20, 15, 0, 0, 0, time.UTC)), "midnight in Tokyo, got %s", next)
}

// TestLeave starts with ana (the manager) and bob on analysis, bob also on design,
// cora on writing and sam, the only senior, on analysis: bob holds a1 and d1, cora
// holds w1 and sam holds senior work s1.
func TestLeave(t *testing.T) {
	tests := []struct {
		name         string
		managers     []string
		leave        string
		wantErr      string
		wantNotices  map[string]string // task → person, "" for the queue
		wantPlaced   map[string]string
		wantManagers []string
	}{
		{
			name:         "open tasks go to others or the queue",
			managers:     []string{"ana"},
			leave:        "bob",
			wantNotices:  map[string]string{"a1": "ana", "d1": ""},
			wantPlaced:   map[string]string{"a1": "ana", "d1": "", "w1": "cora", "s1": "sam"},
			wantManagers: []string{"ana"},
		},
		{
			name:         "a task nobody else has the skill for waits",
			managers:     []string{"ana"},
			leave:        "cora",
			wantNotices:  map[string]string{"w1": ""},
			wantPlaced:   map[string]string{"a1": "bob", "d1": "bob", "w1": "", "s1": "sam"},
			wantManagers: []string{"ana"},
		},
		{
			name:         "one of two managers",
			managers:     []string{"ana", "bob"},
			leave:        "ana",
			wantNotices:  map[string]string{},
			wantPlaced:   map[string]string{"a1": "bob", "d1": "bob", "w1": "cora", "s1": "sam"},
			wantManagers: []string{"bob"},
		},
		{
			// While sam is still on the team a senior has the skill, so s1 first waits;
			// once he is gone nobody senior has it and s1 falls back to a specialist.
			name:         "the last senior with a skill",
			managers:     []string{"ana"},
			leave:        "sam",
			wantNotices:  map[string]string{"s1": "ana"},
			wantPlaced:   map[string]string{"a1": "bob", "d1": "bob", "w1": "cora", "s1": "ana"},
			wantManagers: []string{"ana"},
		},
		{
			name:     "the only manager",
			managers: []string{"ana"},
			leave:    "ana",
			wantErr:  `person: "ana" is ops's only manager`,
		},
		{
			name:     "unknown person lists the team",
			managers: []string{"ana"},
			leave:    "zed",
			wantErr:  `person: "zed" is not on ops; use one of [ana bob cora sam]`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			team := roster.Team{Managers: tc.managers, People: []roster.Person{
				person("ana", roster.Specialist, "analysis"),
				person("bob", roster.Specialist, "analysis", "design"),
				person("cora", roster.Coordinator, "writing"),
				person("sam", roster.Senior, "analysis"),
			}}
			s, err := roster.NewState("ops", team, time.UTC)
			require.NoError(t, err)
			hold(t, s, "a1", "bob", "analysis", campaign, 3)
			hold(t, s, "d1", "bob", "design", campaign, 2)
			hold(t, s, "w1", "cora", "writing", campaign, 1)
			hold(t, s, "s1", "sam", "analysis", campaign, 2)
			before := s.View(t0)

			notices, err := s.Leave(tc.leave, t0)

			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, before, s.View(t0), "a refused leave changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNotices, noticed(notices))
			for task, who := range tc.wantPlaced {
				assert.Equal(t, who, placed(t, s, task), "task %s", task)
			}
			assert.Equal(t, tc.wantManagers, s.Managers)
			for _, m := range s.Members {
				assert.NotEqual(t, tc.leave, m.ID, "left the team")
			}
		})
	}
}

func TestSetAway(t *testing.T) {
	tests := []struct {
		name        string
		away        roster.Away
		id          string
		wantErr     string
		wantNotices map[string]string
		wantHolder  string
		wantNext    time.Time // zero: no change due
	}{
		{
			name:        "in progress hands tasks back",
			id:          "ana",
			away:        roster.Away{From: t0.Add(-time.Hour), Back: t0.Add(24 * time.Hour)},
			wantNotices: map[string]string{"x": "bob"},
			wantHolder:  "bob",
			wantNext:    t0.Add(24 * time.Hour),
		},
		{
			name:        "until told otherwise hands tasks back",
			id:          "ana",
			away:        roster.Away{From: t0},
			wantNotices: map[string]string{"x": "bob"},
			wantHolder:  "bob",
		},
		{
			name:        "in the future keeps tasks until it starts",
			id:          "ana",
			away:        roster.Away{From: t0.Add(2 * time.Hour), Back: t0.Add(48 * time.Hour)},
			wantNotices: map[string]string{},
			wantHolder:  "ana",
			wantNext:    t0.Add(2 * time.Hour),
		},
		{
			name:        "someone else's time off leaves the task",
			id:          "bob",
			away:        roster.Away{From: t0.Add(-time.Hour)},
			wantNotices: map[string]string{},
			wantHolder:  "ana",
		},
		{
			name:    "back before from",
			id:      "ana",
			away:    roster.Away{From: t0.Add(time.Hour), Back: t0},
			wantErr: "back: 2026-12-01T15:00:00Z is not after from 2026-12-01T16:00:00Z",
		},
		{
			name:    "back equal to from",
			id:      "ana",
			away:    roster.Away{From: t0, Back: t0},
			wantErr: "is not after from",
		},
		{
			name:    "unknown person",
			id:      "zed",
			away:    roster.Away{From: t0},
			wantErr: `person: "zed" is not on ops; use one of [ana bob]`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis"))
			hold(t, s, "x", "ana", "analysis", campaign, 3)
			before := s.View(t0)

			notices, err := s.SetAway(tc.id, tc.away, t0)

			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, before, s.View(t0), "a refused change changes nothing")
				_, ok := s.NextChange(t0)
				assert.False(t, ok, "no time off was recorded")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNotices, noticed(notices))
			assert.Equal(t, tc.wantHolder, placed(t, s, "x"))
			next, ok := s.NextChange(t0)
			assert.Equal(t, !tc.wantNext.IsZero(), ok)
			assert.True(t, next.Equal(tc.wantNext), "next change %s, want %s", next, tc.wantNext)
		})
	}
}

// TestFutureAwayWaitsForRebalance checks that time off set ahead hands tasks back only
// when the roster rebalances at the time NextChange gave.
func TestFutureAwayWaitsForRebalance(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis"))
	hold(t, s, "x", "ana", "analysis", campaign, 3)
	from := t0.Add(2 * time.Hour)
	notices, err := s.SetAway("ana", roster.Away{From: from, Back: from.Add(24 * time.Hour)}, t0)
	require.NoError(t, err)
	require.Empty(t, notices)

	steps := []struct {
		at         time.Time
		wantHolder string
		wantNext   time.Time
	}{
		{at: t0.Add(time.Hour), wantHolder: "ana", wantNext: from},
		{at: from, wantHolder: "bob", wantNext: from.Add(24 * time.Hour)},
		{at: from.Add(24 * time.Hour), wantHolder: "bob"},
	}
	for _, step := range steps {
		s.Rebalance(step.at)
		assert.Equal(t, step.wantHolder, placed(t, s, "x"), "at %s", step.at)
		next, ok := s.NextChange(step.at)
		assert.Equal(t, !step.wantNext.IsZero(), ok, "at %s", step.at)
		assert.True(t, next.Equal(step.wantNext), "at %s: next %s, want %s", step.at, next, step.wantNext)
	}
}

func TestNextChange(t *testing.T) {
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	tests := []struct {
		name string
		away map[string][]roster.Away
		want time.Time // zero: none
	}{
		{name: "nobody away", want: time.Time{}},
		{name: "a future start", away: map[string][]roster.Away{"ana": {{From: h(3), Back: h(5)}}}, want: h(3)},
		{name: "an absence in progress ends", away: map[string][]roster.Away{"ana": {{From: h(-3), Back: h(2)}}}, want: h(2)},
		{name: "until told otherwise has no end", away: map[string][]roster.Away{"ana": {{From: h(-3)}}}, want: time.Time{}},
		{name: "all in the past", away: map[string][]roster.Away{"ana": {{From: h(-5), Back: h(-3)}}}, want: time.Time{}},
		{name: "a boundary at now is not next", away: map[string][]roster.Away{"ana": {{From: h(-2), Back: h(0)}, {From: h(0), Back: h(4)}}}, want: h(4)},
		{
			name: "the earliest across people",
			away: map[string][]roster.Away{"ana": {{From: h(10)}, {From: h(-1), Back: h(6)}}, "bob": {{From: h(4), Back: h(8)}}},
			want: h(4),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis"))
			for id, stretches := range tc.away {
				for _, a := range stretches {
					_, err := s.SetAway(id, a, t0)
					require.NoError(t, err)
				}
			}

			next, ok := s.NextChange(t0)

			assert.Equal(t, !tc.want.IsZero(), ok)
			assert.True(t, next.Equal(tc.want), "next %s, want %s", next, tc.want)
		})
	}
}

// TestSetBack starts with ana away until told otherwise, a later stretch of her time
// off ahead, bob near his cap, and task q waiting for capacity.
func TestSetBack(t *testing.T) {
	later := t0.Add(72 * time.Hour)
	tests := []struct {
		name        string
		id          string
		wantErr     string
		wantNotices map[string]string
	}{
		{name: "back takes the waiting task", id: "ana", wantNotices: map[string]string{"q": "ana"}},
		{name: "not away", id: "bob", wantErr: `person: "bob" is not away`},
		{name: "unknown person", id: "zed", wantErr: `person: "zed" is not on ops; use one of [ana bob]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ana := awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-24*time.Hour), time.Time{})
			ana = awayFrom(ana, later, later.Add(24*time.Hour))
			s := newState(t, ana, person("bob", roster.Specialist, "analysis"))
			hold(t, s, "b", "bob", "analysis", campaign, 14)
			require.Empty(t, s.Ask(work("q", "analysis", 3), t0).Person, "setup: q waits")
			before := s.View(t0)

			notices, err := s.SetBack(tc.id, t0.Add(time.Hour))

			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, before, s.View(t0), "a refused change changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNotices, noticed(notices))
			assert.Zero(t, s.Queue.Len())
			assert.False(t, personView(t, s.View(t0.Add(time.Hour)), "ana").Away)
			assert.True(t, personView(t, s.View(t0), "ana").Away, "the absence before now is kept")
			assert.True(t, personView(t, s.View(later), "ana").Away, "later time off stays")
			next, ok := s.NextChange(t0.Add(time.Hour))
			require.True(t, ok)
			assert.True(t, next.Equal(later), "next change %s, want %s", next, later)
		})
	}
}

// TestSetHours starts with ana holding 15h of her 16h campaign execution and task q
// (3h) waiting for room.
func TestSetHours(t *testing.T) {
	tests := []struct {
		name         string
		id           string
		hours        float64
		shares       roster.Shares
		wantErr      string
		wantNotices  map[string]string
		wantCapacity float64 // ana's campaign execution after the change
	}{
		{name: "more hours let the waiting task in", id: "ana", hours: 60, wantNotices: map[string]string{"q": "ana"}, wantCapacity: 24},
		{
			name: "new shares let the waiting task in", id: "ana", hours: 40,
			shares:      roster.Shares{campaign: 100},
			wantNotices: map[string]string{"q": "ana"}, wantCapacity: 40,
		},
		{name: "fewer hours keep open bookings", id: "ana", hours: 20, wantNotices: map[string]string{}, wantCapacity: 8},
		{name: "negative hours", id: "ana", hours: -5, wantErr: "weeklyHours: -5 is not positive"},
		{name: "zero hours", id: "ana", hours: 0, wantErr: "weeklyHours: 0 is not positive"},
		{
			name: "shares not summing to 100", id: "ana", hours: 40,
			shares:  roster.Shares{campaign: 50, catalog.AllocationReactiveSupport: 40},
			wantErr: "allocations: the shares sum to 90%",
		},
		{name: "unknown allocation", id: "ana", hours: 40, shares: roster.Shares{"meetings": 100}, wantErr: `"meetings" is not an allocation`},
		{name: "unknown person", id: "zed", hours: 40, wantErr: `person: "zed" is not on ops; use one of [ana]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, person("ana", roster.Specialist, "analysis"))
			hold(t, s, "b", "ana", "analysis", campaign, 15)
			require.Empty(t, s.Ask(work("q", "analysis", 3), t0).Person, "setup: q waits")
			before := s.View(t0)

			notices, err := s.SetHours(tc.id, tc.hours, tc.shares, t0)

			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, before, s.View(t0), "a refused change changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNotices, noticed(notices))
			ana := personView(t, s.View(t0), "ana")
			assert.InDelta(t, tc.hours, ana.WeeklyHours, 1e-9)
			assert.InDelta(t, tc.wantCapacity, allocationView(t, ana, campaign).Capacity, 1e-9)
			assert.Equal(t, "ana", placed(t, s, "b"), "open bookings stay")
		})
	}
}

// TestMove starts with ana (senior, the manager), bob holding x (3h), cora on
// writing, dan away, eve holding 15h, and y (14h) waiting: no specialist has room.
func TestMove(t *testing.T) {
	tests := []struct {
		name        string
		task, to    string
		actor       string
		wantErr     string
		wantNotices []roster.Notice
		wantPlaced  map[string]string
		wantCounts  roster.Counts
	}{
		{name: "not a manager", task: "x", to: "ana", actor: "bob", wantErr: `actor: "bob" is not a manager of ops`},
		{name: "unknown task", task: "nope", to: "ana", actor: "ana", wantErr: `taskId: "nope" holds no place on ops`},
		{name: "unknown person", task: "x", to: "zed", actor: "ana", wantErr: `to: "zed" is not on ops`},
		{name: "already theirs", task: "x", to: "bob", actor: "ana", wantErr: "to: the task is already with bob"},
		{name: "lacks the skill", task: "x", to: "cora", actor: "ana", wantErr: `to: cora lacks skill "analysis"`},
		{name: "away", task: "x", to: "dan", actor: "ana", wantErr: "to: dan is away"},
		{name: "over the cap", task: "x", to: "eve", actor: "ana", wantErr: "to: eve would pass 95% of their campaign-execution hours"},
		{
			name: "a booked task frees the old person's hours", task: "x", to: "ana", actor: "ana",
			wantNotices: []roster.Notice{
				{TaskID: "x", Person: "ana", Allocation: campaign, Hours: 3, Reason: "moved by ana"},
				{TaskID: "y", Person: "bob", Allocation: campaign, Hours: 14, Reason: `least utilized in campaign-execution with skill "analysis"`},
			},
			wantPlaced: map[string]string{"x": "ana", "y": "bob", "e": "eve"},
			wantCounts: roster.Counts{Assigned: 4, Queued: 1, Released: 1, Moved: 1},
		},
		{
			name: "a waiting task", task: "y", to: "ana", actor: "ana",
			wantNotices: []roster.Notice{{TaskID: "y", Person: "ana", Allocation: campaign, Hours: 14, Reason: "moved by ana"}},
			wantPlaced:  map[string]string{"x": "bob", "y": "ana", "e": "eve"},
			wantCounts:  roster.Counts{Assigned: 3, Queued: 1, Moved: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t,
				person("ana", roster.Senior, "analysis"),
				person("bob", roster.Specialist, "analysis"),
				person("cora", roster.Specialist, "writing"),
				awayFrom(person("dan", roster.Specialist, "analysis"), t0.Add(-time.Hour), time.Time{}),
				person("eve", roster.Specialist, "analysis"),
			)
			hold(t, s, "e", "eve", "analysis", campaign, 15)
			hold(t, s, "x", "bob", "analysis", campaign, 3)
			require.Empty(t, s.Ask(work("y", "analysis", 14), t0).Person, "setup: y waits")
			before := s.View(t0)

			notices, err := s.Move(tc.task, tc.to, tc.actor, t0.Add(time.Minute))

			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, before, s.View(t0), "a refused move changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantNotices, notices)
			for task, who := range tc.wantPlaced {
				assert.Equal(t, who, placed(t, s, task), "task %s", task)
			}
			assert.Zero(t, s.Queue.Len())
			assert.Equal(t, tc.wantCounts, s.Counts)
			assert.Equal(t, t0.Add(time.Minute), s.Bookings[tc.task].BookedAt)
			for _, p := range s.View(t0).People {
				assert.LessOrEqual(t, allocationView(t, p, campaign).Utilization, roster.UtilizationCap+1e-9, p.ID)
			}
		})
	}
}

// A manager cannot move even a zero-hour task to someone with none of its allocation.
func TestMoveNeedsTheAllocation(t *testing.T) {
	zed := person("zed", roster.Specialist, "analysis")
	zed.Allocations = roster.Shares{catalog.AllocationReactiveSupport: 100}
	s := newState(t, person("ana", roster.Specialist, "analysis"), zed)
	s.Ask(work("x", "analysis", 0), t0)
	_, err := s.Move("x", "zed", "ana", t0)
	require.ErrorContains(t, err, "to: zed has no campaign-execution hours in their week")
}

// Nobody may leave a skill the team's task types need uncovered; the roster stays as it was.
func TestLeaveKeepsNeededSkillsCovered(t *testing.T) {
	s := newState(t, person("ana", roster.Senior, "analysis"), person("bo", roster.Specialist, "design"), person("cy", roster.Specialist, "design"))
	s.Needs = map[string][]string{"design": {"creative-review"}, "analysis": {"report"}}
	before := s.View(t0)
	_, err := s.Leave("bo", t0)
	require.NoError(t, err, "cy still has design")
	_, err = s.Leave("cy", t0)
	require.ErrorContains(t, err, `person: "cy" is the last on ops with skill "design", which [creative-review] need; add someone with it first`)
	assert.Len(t, s.View(t0).People, len(before.People)-1, "only bo left")
}
