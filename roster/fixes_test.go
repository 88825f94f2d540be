package roster_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// A manager cannot move even a zero-hour task to someone with none of its allocation.
func TestMoveNeedsTheAllocation(t *testing.T) {
	zed := person("zed", roster.Specialist, "analysis")
	zed.Allocations = roster.Shares{catalog.AllocationReactiveSupport: 100}
	s := newState(t, person("ana", roster.Specialist, "analysis"), zed)
	s.Ask(work("x", "analysis", 0), t0)
	_, err := s.Move("x", "zed", "ana", t0)
	require.ErrorContains(t, err, "to: zed has no campaign-execution hours in their week")
}

// Someone back from time off may take again the work they held before it.
func TestBackFromTimeOffTakesWorkAgain(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"))
	s.Ask(work("x", "analysis", 1), t0)
	_, err := s.SetAway("ana", roster.Away{From: t0, Back: t0.Add(time.Hour)}, t0)
	require.NoError(t, err)
	assert.Equal(t, "", placed(t, s, "x"), "waits while ana is away")
	notices := s.Rebalance(t0.Add(time.Hour))
	assert.Equal(t, map[string]string{"x": "ana"}, noticed(notices))
}

// While an open-ended absence runs, nobody can say when the person is back.
func TestAwayUntilWithOverlappingAbsences(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"))
	_, err := s.SetAway("ana", roster.Away{From: t0.Add(-time.Hour)}, t0)
	require.NoError(t, err)
	_, err = s.SetAway("ana", roster.Away{From: t0.Add(-time.Hour), Back: t0.Add(time.Hour)}, t0)
	require.NoError(t, err)
	v := personView(t, s.View(t0), "ana")
	assert.True(t, v.Away)
	assert.Nil(t, v.AwayUntil)

	s = newState(t, person("ana", roster.Specialist, "analysis"))
	for _, back := range []time.Duration{time.Hour, 3 * time.Hour} {
		_, err = s.SetAway("ana", roster.Away{From: t0.Add(-time.Hour), Back: t0.Add(back)}, t0)
		require.NoError(t, err)
	}
	v = personView(t, s.View(t0), "ana")
	require.NotNil(t, v.AwayUntil)
	assert.Equal(t, t0.Add(3*time.Hour), *v.AwayUntil, "the later end")
}

// Senior work whose seniors are all away says so, rather than blaming their hours.
func TestReasonWhenSeniorsAreAway(t *testing.T) {
	sam := awayFrom(person("sam", roster.Senior, "analysis"), t0.Add(-time.Hour), time.Time{})
	s := newState(t, person("ana", roster.Specialist, "analysis"), sam)
	req := work("x", "analysis", 1)
	req.Senior = true
	n := s.Ask(req, t0)
	assert.Empty(t, n.Person)
	assert.Equal(t, `every senior with skill "analysis" is away or handed the task back`, n.Reason)
}

// A manager named twice is a typo, and would let the only manager leave.
func TestDuplicateManagersRejected(t *testing.T) {
	team := roster.Team{Managers: []string{"ana", "ana"}, People: []roster.Person{person("ana", roster.Senior, "analysis")}}
	require.ErrorContains(t, team.Validate(time.UTC), `managers[1]: "ana" is listed twice`)
}

// A rostered team's types need a skill; the catalog alone does not, so catalogs without rosters keep loading.
func TestRosteredTypeNeedsASkill(t *testing.T) {
	cat := defaultCatalog(t)
	for i := range cat.TaskTypes {
		if cat.TaskTypes[i].ID == "launch-qa-blocker" {
			cat.TaskTypes[i].Skill = ""
		}
	}
	_, err := roster.Default(cat)
	require.ErrorContains(t, err, `teams.marketing-ops: task type "launch-qa-blocker" has no skill in the catalog`)
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

// A task telling a new roster the person who holds it keeps them; one whose person is
// gone or away is placed anew.
func TestAdopt(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"), person("bo", roster.Specialist, "analysis"))
	held := work("x", "analysis", 1)
	held.Holds = "bo"
	n, placed := s.Adopt(held, t0)
	assert.False(t, placed)
	assert.Empty(t, n.TaskID)
	assert.Equal(t, "bo", s.Bookings["x"].Person)

	gone := work("y", "analysis", 1)
	gone.Holds = "zed"
	n, placed = s.Adopt(gone, t0)
	assert.True(t, placed)
	assert.Equal(t, "ana", n.Person, "zed left: the rule picks the least utilized")
}

// A roster file's skills are the standard ones or those the team's task types name: a typo is refused.
func TestParseRefusesUnknownSkills(t *testing.T) {
	cat := defaultCatalog(t)
	f, err := roster.Default(cat)
	require.NoError(t, err)
	team := f.Teams["analytics"]
	team.People[0].Skills = append(team.People[0].Skills, "analysys")
	f.Teams["analytics"] = team
	data, err := json.Marshal(f)
	require.NoError(t, err)
	_, err = roster.Parse(data, cat)
	require.ErrorContains(t, err, `teams.analytics: people[0].skills[2]: "analysys" is not a skill of this team's work`)
}
