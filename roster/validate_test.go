package roster_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

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
