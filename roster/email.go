package roster

import (
	"fmt"
	"strings"
)

// maxEmailLength is the longest address mail systems deliver to.
const maxEmailLength = 254

// checkEmails checks the file's sign-in addresses: each for a person on one of its
// teams, one address as the identity provider writes it (no display name, no
// spaces), and no address for two people, so a token names one person.
func (f *File) checkEmails() error {
	owner := map[string]string{}
	for _, id := range sortedKeys(f.Emails) {
		email := f.Emails[id]
		if !f.lists(id) {
			return fmt.Errorf("emails.%s: %q is on no team; add them to a team's people or fix the ID", id, id)
		}
		local, domain, ok := strings.Cut(email, "@")
		if !ok || local == "" || domain == "" || strings.ContainsAny(email, " \t\r\n<>,;") || strings.Contains(domain, "@") || len(email) > maxEmailLength {
			return fmt.Errorf("emails.%s: %q is not one address like maya.chen@example.com", id, email)
		}
		key := strings.ToLower(email)
		if other, taken := owner[key]; taken {
			return fmt.Errorf("emails.%s: %q is also %s's; give each person their own address", id, email, other)
		}
		owner[key] = id
	}
	return nil
}

// lists says whether a team of the file has the person.
func (f *File) lists(id string) bool {
	for _, team := range f.TeamNames() {
		for _, p := range f.Teams[team].People {
			if p.ID == id {
				return true
			}
		}
	}
	return false
}
