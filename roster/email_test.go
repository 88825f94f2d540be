package roster_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// A person's sign-in address is how their token names them: one address, one person.
func TestRosterEmails(t *testing.T) {
	tests := []struct {
		name   string
		emails map[string]string
		says   string
	}{
		{name: "none", emails: nil},
		{name: "each their own", emails: map[string]string{"maya": "maya@example.com", "priya": "priya@example.com"}},
		{name: "not an address", emails: map[string]string{"maya": "Maya Chen"}, says: `emails.maya: "Maya Chen" is not one address`},
		{name: "display name", emails: map[string]string{"maya": "Maya <maya@example.com>"}, says: "is not one address"},
		{name: "two people", emails: map[string]string{"maya": "maya@example.com", "devon": "MAYA@example.com"}, says: `emails.maya: "maya@example.com" is also devon's`},
		{name: "nobody", emails: map[string]string{"zed": "zed@example.com"}, says: `emails.zed: "zed" is on no team`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := defaultCatalog(t)
			f, err := roster.Default(cat)
			require.NoError(t, err)
			f.Emails = tt.emails
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
