package roster_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// t0 is a Tuesday afternoon: the roster's "now" unless a case says otherwise. It is never reassigned.
var t0 = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)

// person is a 40-hour member with the default 40/20/20/20 split: 16h of campaign
// execution (95% is 15.2h) and 8h each of the other allocations (95% is 7.6h).
func person(id string, seniority roster.Seniority, skills ...string) roster.Person {
	return roster.Person{ID: id, Name: id, Seniority: seniority, Skills: skills, WeeklyHours: 40}
}

// awayFrom gives a person time off from from until back; a zero back means until told otherwise.
func awayFrom(p roster.Person, from, back time.Time) roster.Person {
	off := roster.TimeOff{From: from.Format(time.RFC3339)}
	if !back.IsZero() {
		off.Back = back.Format(time.RFC3339)
	}
	p.TimeOff = append(append([]roster.TimeOff(nil), p.TimeOff...), off)
	return p
}

// newState starts team "ops" in UTC; the first person is its manager.
func newState(t *testing.T, people ...roster.Person) *roster.State {
	t.Helper()
	s, err := roster.NewState("ops", roster.Team{Managers: []string{people[0].ID}, People: people}, time.UTC)
	require.NoError(t, err)
	return s
}

// work is a non-senior campaign-execution request asked at t0.
func work(id, skill string, hours float64) roster.Request {
	return roster.Request{TaskID: id, TaskType: "test-work", Skill: skill, Allocation: catalog.AllocationCampaignExecution, Hours: hours, At: t0}
}

// hold books a task with who through the rule (they must fit it), so later asks see the load.
func hold(t *testing.T, s *roster.State, taskID, who, skill string, alloc catalog.Allocation, hours float64) {
	t.Helper()
	req := work(taskID, skill, hours)
	req.Allocation = alloc
	req.Prefer = who
	for _, m := range s.Members {
		if m.ID == who {
			req.Senior = m.Seniority == roster.Senior
		}
	}
	n := s.Ask(req, t0)
	require.Equal(t, who, n.Person, "setup: %s should hold %s (%s)", who, taskID, n.Reason)
}

func personView(t *testing.T, v roster.View, id string) roster.PersonView {
	t.Helper()
	for _, p := range v.People {
		if p.ID == id {
			return p
		}
	}
	require.Failf(t, "person missing from view", "%q not in view", id)
	return roster.PersonView{}
}

func allocationView(t *testing.T, p roster.PersonView, a catalog.Allocation) roster.AllocationView {
	t.Helper()
	for _, av := range p.Allocations {
		if av.Allocation == a {
			return av
		}
	}
	require.Failf(t, "allocation missing from view", "%s has no %s", p.ID, a)
	return roster.AllocationView{}
}

func queueIDs(s *roster.State) []string {
	return waitingIDs(s.Queue.First(-1))
}

func waitingIDs(queue []roster.Waiting) []string {
	var ids []string
	for _, w := range queue {
		ids = append(ids, w.TaskID)
	}
	return ids
}

func defaultCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	return cat
}

func editTeam(f *roster.File, name string, edit func(*roster.Team)) {
	team := f.Teams[name]
	edit(&team)
	f.Teams[name] = team
}

func TestDefault(t *testing.T) {
	f, err := roster.Default(defaultCatalog(t))
	require.NoError(t, err)
	require.Len(t, f.Teams, 2)
	assert.True(t, f.Staffs("marketing-ops"))
	assert.True(t, f.Staffs("analytics"))
	assert.False(t, f.Staffs("sales"))
	assert.False(t, (*roster.File)(nil).Staffs("analytics"), "a nil roster staffs nobody")
	assert.Equal(t, []string{"maya", "devon"}, f.Teams["marketing-ops"].Managers)
	assert.Equal(t, []string{"priya", "tom"}, f.Teams["analytics"].Managers)
	assert.Len(t, f.Teams["marketing-ops"].People, 5)
	assert.Equal(t, catalog.Duration(time.Hour), f.Teams["analytics"].QueueWait)
}

// Nobody approves their own work, and a task that needs approval names no approver
// unless the requester does: then a team manager other than the holder approves.
// In the default roster every person who may be booked for a team's work has a
// manager besides themselves, so approvals stay in the team and never have to go
// up the escalation path because the only manager did the work.
func TestDefaultRosterKeepsApprovalsInTheTeam(t *testing.T) {
	cat := defaultCatalog(t)
	f, err := roster.Default(cat)
	require.NoError(t, err)
	for _, team := range f.TeamNames() {
		entry := f.Teams[team]
		for _, tt := range cat.TaskTypes {
			if tt.Team != team {
				continue
			}
			for _, p := range entry.People {
				if !p.HasSkill(tt.Skill) {
					continue
				}
				others := slices.DeleteFunc(slices.Clone(entry.Managers), func(m string) bool { return m == p.ID })
				assert.NotEmpty(t, others, "%s: %s may be booked for %s, and no other manager could approve it", team, p.ID, tt.ID)
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *roster.File) // applied to a fresh copy of the default roster
		raw  string               // used instead of edit when set
		want []string
	}{
		{name: "no teams", edit: func(f *roster.File) { f.Teams = nil }, want: []string{"teams: at least one team is required"}},
		{
			name: "unknown team",
			edit: func(f *roster.File) { f.Teams["sales"] = f.Teams["analytics"] },
			want: []string{"teams.sales: not a team in catalog", "use one of analytics, marketing-ops"},
		},
		{
			name: "unknown field",
			raw:  `{"teams":{"analytics":{"managers":["priya"],"people":[{"id":"priya","seniority":"senior","skills":["analysis"],"weeklyHours":36,"hoursPerWeek":30}]}}}`,
			want: []string{"decode:", `unknown field "hoursPerWeek"`},
		},
		{name: "not json", raw: `{"teams":`, want: []string{"decode:"}},
		{
			name: "queueWait not a duration",
			raw:  `{"teams":{"analytics":{"managers":["priya"],"queueWait":"soon","people":[{"id":"priya","seniority":"senior","skills":["analysis"],"weeklyHours":36}]}}}`,
			want: []string{"decode:", `duration "soon"`},
		},
		{
			name: "negative queueWait",
			edit: func(f *roster.File) {
				editTeam(f, "analytics", func(t *roster.Team) { t.QueueWait = catalog.Duration(-time.Minute) })
			},
			want: []string{"teams.analytics.queueWait: negative"},
		},
		{
			name: "negative weeklyHours",
			edit: func(f *roster.File) { f.Teams["analytics"].People[1].WeeklyHours = -4 },
			want: []string{"teams.analytics.people[1].weeklyHours: -4 is not positive"},
		},
		{
			name: "zero weeklyHours",
			edit: func(f *roster.File) { f.Teams["analytics"].People[0].WeeklyHours = 0 },
			want: []string{"teams.analytics.people[0].weeklyHours: 0 is not positive"},
		},
		{
			name: "weeklyHours over a week",
			edit: func(f *roster.File) { f.Teams["analytics"].People[2].WeeklyHours = 81 },
			want: []string{"teams.analytics.people[2].weeklyHours: 81 is over 80"},
		},
		{
			name: "allocations not summing to 100",
			edit: func(f *roster.File) {
				f.Teams["marketing-ops"].People[0].Allocations = roster.Shares{
					catalog.AllocationCampaignExecution: 40, catalog.AllocationReactiveSupport: 20,
					catalog.AllocationOptimization: 20, catalog.AllocationAutomationImprovement: 10,
				}
			},
			want: []string{"teams.marketing-ops.people[0].allocations:", "sum to 90%"},
		},
		{
			name: "unknown allocation",
			edit: func(f *roster.File) { f.Teams["marketing-ops"].People[3].Allocations = roster.Shares{"meetings": 100} },
			want: []string{"teams.marketing-ops.people[3].allocations:", `"meetings" is not an allocation`},
		},
		{
			name: "allocation share outside 0-100",
			edit: func(f *roster.File) {
				f.Teams["analytics"].People[0].Allocations = roster.Shares{catalog.AllocationCampaignExecution: 120, catalog.AllocationReactiveSupport: -20}
			},
			want: []string{"teams.analytics.people[0].allocations:", "campaign-execution: 120% is outside 0–100"},
		},
		{
			name: "bad seniority",
			edit: func(f *roster.File) { f.Teams["analytics"].People[2].Seniority = "lead" },
			want: []string{"teams.analytics.people[2].seniority:", `"lead"`},
		},
		{
			name: "bad id",
			edit: func(f *roster.File) { f.Teams["analytics"].People[1].ID = "Tom Becker" },
			want: []string{"teams.analytics.people[1].id:", `"Tom Becker"`},
		},
		{
			name: "no skills",
			edit: func(f *roster.File) { f.Teams["analytics"].People[1].Skills = nil },
			want: []string{"teams.analytics.people[1].skills: at least one skill"},
		},
		{
			name: "bad skill name",
			edit: func(f *roster.File) { f.Teams["analytics"].People[1].Skills = []string{"analysis", "Data Viz"} },
			want: []string{"teams.analytics.people[1].skills[1]:", `"Data Viz"`},
		},
		{
			name: "catalog skill nobody has",
			edit: func(f *roster.File) {
				mops := f.Teams["marketing-ops"]
				for i := range mops.People {
					var kept []string
					for _, s := range mops.People[i].Skills {
						if s != "design" {
							kept = append(kept, s)
						}
					}
					mops.People[i].Skills = kept
				}
			},
			want: []string{"teams.marketing-ops:", `skill "design"`, `task type "creative-stakeholder-review"`},
		},
		{
			name: "manager not on team",
			edit: func(f *roster.File) {
				editTeam(f, "analytics", func(t *roster.Team) { t.Managers = []string{"priya", "zed"} })
			},
			want: []string{`teams.analytics.managers[1]: "zed" is not on the team`},
		},
		{
			name: "no managers",
			edit: func(f *roster.File) { editTeam(f, "analytics", func(t *roster.Team) { t.Managers = nil }) },
			want: []string{"teams.analytics.managers: name at least one person"},
		},
		{
			name: "no people",
			edit: func(f *roster.File) { editTeam(f, "analytics", func(t *roster.Team) { t.People = nil }) },
			want: []string{"teams.analytics.people: at least one person is required"},
		},
		{
			name: "duplicate person",
			edit: func(f *roster.File) {
				editTeam(f, "analytics", func(t *roster.Team) { t.People = append(t.People, t.People[1]) })
			},
			want: []string{`teams.analytics.people[3].id: "tom" is listed twice`},
		},
		{
			name: "time off from not a date",
			edit: func(f *roster.File) { f.Teams["analytics"].People[0].TimeOff = []roster.TimeOff{{From: "2026-13-01"}} },
			want: []string{"teams.analytics.people[0].timeOff[0].from:", `"2026-13-01" is neither a date`},
		},
		{
			name: "time off back not a date",
			edit: func(f *roster.File) {
				f.Teams["analytics"].People[0].TimeOff = []roster.TimeOff{{From: "2026-12-21", Back: "soon"}}
			},
			want: []string{"teams.analytics.people[0].timeOff[0].back:", `"soon"`},
		},
		{
			name: "time off back before from",
			edit: func(f *roster.File) {
				f.Teams["analytics"].People[1].TimeOff = []roster.TimeOff{
					{From: "2026-11-02", Back: "2026-11-03"},
					{From: "2026-12-21", Back: "2026-12-20"},
				}
			},
			want: []string{"teams.analytics.people[1].timeOff[1].back: 2026-12-20 is not after from 2026-12-21"},
		},
		{
			name: "time off back equal to from",
			edit: func(f *roster.File) {
				f.Teams["analytics"].People[0].TimeOff = []roster.TimeOff{{From: "2026-12-21T09:00:00Z", Back: "2026-12-21T09:00:00Z"}}
			},
			want: []string{"teams.analytics.people[0].timeOff[0].back:", "is not after from"},
		},
	}
	cat := defaultCatalog(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.raw)
			if tc.raw == "" {
				f, err := roster.Default(cat)
				require.NoError(t, err)
				tc.edit(f)
				data, err = json.Marshal(f)
				require.NoError(t, err)
			}
			f, err := roster.Parse(data, cat)
			require.Error(t, err)
			assert.Nil(t, f)
			for _, want := range tc.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestParseAcceptsTimeOffAndShares(t *testing.T) {
	cat := defaultCatalog(t)
	f, err := roster.Default(cat)
	require.NoError(t, err)
	f.Teams["analytics"].People[0].TimeOff = []roster.TimeOff{{From: "2026-12-21", Back: "2027-01-04"}, {From: "2027-02-01T12:00:00Z"}}
	f.Teams["analytics"].People[1].Allocations = roster.Shares{catalog.AllocationCampaignExecution: 70, catalog.AllocationReactiveSupport: 30}
	data, err := json.Marshal(f)
	require.NoError(t, err)

	got, err := roster.Parse(data, cat)
	require.NoError(t, err)
	tom := got.Teams["analytics"].People[1]
	assert.InDelta(t, 38*0.7, tom.Capacity(catalog.AllocationCampaignExecution), 1e-9)
	assert.Zero(t, tom.Capacity(catalog.AllocationOptimization))
	assert.Len(t, got.Teams["analytics"].People[0].TimeOff, 2)
}

func TestLoad(t *testing.T) {
	cat := defaultCatalog(t)
	def, err := roster.Default(cat)
	require.NoError(t, err)
	dir := t.TempDir()
	valid := filepath.Join(dir, "roster.json")
	require.NoError(t, os.WriteFile(valid, []byte(`{"teams":{"analytics":{"managers":["priya"],"people":[{"id":"priya","seniority":"senior","skills":["analysis"],"weeklyHours":36}]}}}`), 0o600))
	invalid := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(invalid, []byte(`{"teams":{"sales":{"managers":["a"],"people":[]}}}`), 0o600))

	tests := []struct {
		name    string
		path    string
		want    *roster.File
		wantErr []string
	}{
		{name: "empty path is the default", path: "", want: def},
		{name: "a file", path: valid, want: &roster.File{Teams: map[string]roster.Team{"analytics": {
			Managers: []string{"priya"},
			People:   []roster.Person{{ID: "priya", Seniority: roster.Senior, Skills: []string{"analysis"}, WeeklyHours: 36}},
		}}}},
		{name: "missing file", path: filepath.Join(dir, "missing.json"), wantErr: []string{"read roster:", "missing.json"}},
		{name: "invalid file names the path", path: invalid, wantErr: []string{"roster " + invalid + ": teams.sales: not a team"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := roster.Load(tc.path, cat)
			if len(tc.wantErr) > 0 {
				require.Error(t, err)
				for _, want := range tc.wantErr {
					assert.Contains(t, err.Error(), want)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, f)
		})
	}
}

func TestSharesAndCapacity(t *testing.T) {
	tests := []struct {
		name   string
		shares roster.Shares
		hours  float64
		want   map[catalog.Allocation]float64
	}{
		{
			name:  "default 40/20/20/20",
			hours: 40,
			want: map[catalog.Allocation]float64{
				catalog.AllocationCampaignExecution: 16, catalog.AllocationReactiveSupport: 8,
				catalog.AllocationOptimization: 8, catalog.AllocationAutomationImprovement: 8,
			},
		},
		{
			name:   "own split, missing allocations are zero",
			shares: roster.Shares{catalog.AllocationReactiveSupport: 75, catalog.AllocationOptimization: 25},
			hours:  32,
			want: map[catalog.Allocation]float64{
				catalog.AllocationCampaignExecution: 0, catalog.AllocationReactiveSupport: 24,
				catalog.AllocationOptimization: 8, catalog.AllocationAutomationImprovement: 0,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := roster.Person{ID: "ana", Seniority: roster.Specialist, Skills: []string{"analysis"}, WeeklyHours: tc.hours, Allocations: tc.shares}
			require.NoError(t, p.Validate(time.UTC))
			for a, want := range tc.want {
				assert.InDelta(t, want, p.Capacity(a), 1e-9, "%s", a)
			}
		})
	}
	require.NoError(t, roster.DefaultShares().Validate())
}
