package roster_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// email gives a team's person, by place, an address.
type email struct {
	team    string
	person  int
	address string
}

// A person's email is how a signed-in token names them: one address, one person.
func TestRosterEmails(t *testing.T) {
	tests := []struct {
		name   string
		emails []email
		says   string
	}{
		{name: "none", emails: nil},
		{name: "each their own", emails: []email{{"marketing-ops", 0, "maya@example.com"}, {"analytics", 0, "priya@example.com"}}},
		{name: "not an address", emails: []email{{"marketing-ops", 0, "Maya Chen"}}, says: `teams.marketing-ops.people[0].email: "Maya Chen" is not one address`},
		{name: "display name", emails: []email{{"marketing-ops", 0, "Maya <maya@example.com>"}}, says: "is not one address"},
		{name: "two people", emails: []email{{"marketing-ops", 0, "maya@example.com"}, {"marketing-ops", 1, "MAYA@example.com"}}, says: `teams.marketing-ops.people[1].email: "MAYA@example.com" is also maya's`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := defaultCatalog(t)
			f, err := roster.Default(cat)
			require.NoError(t, err)
			for _, e := range tt.emails {
				f.Teams[e.team].People[e.person].Email = e.address
			}
			data, err := json.Marshal(f)
			require.NoError(t, err)
			_, err = roster.Parse(data, cat)
			if tt.says != "" {
				require.ErrorContains(t, err, tt.says)
				return
			}
			require.NoError(t, err)
		})
	}
}
