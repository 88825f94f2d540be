package roster

import (
	"fmt"
	"strings"
)

// maxEmailLength is the longest address mail systems deliver to.
const maxEmailLength = 254

// validEmail checks a person's optional email: one address, as the identity provider
// writes it, without display names or spaces.
func validEmail(email string) error {
	if email == "" {
		return nil
	}
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(email, " \t\r\n<>,;") || strings.Contains(domain, "@") || len(email) > maxEmailLength {
		return fmt.Errorf("email: %q is not one address like maya.chen@example.com", email)
	}
	return nil
}

// emailsNameOnePerson refuses an email given to two people: a signed-in person's
// token must name one person. The same person on two teams may keep one address.
func (f *File) emailsNameOnePerson() error {
	owner := map[string]string{}
	for _, team := range f.TeamNames() {
		for i, p := range f.Teams[team].People {
			key := strings.ToLower(p.Email)
			if key == "" {
				continue
			}
			if id, taken := owner[key]; taken && id != p.ID {
				return fmt.Errorf("teams.%s.people[%d].email: %q is also %s's; give each person their own address", team, i, p.Email, id)
			}
			owner[key] = p.ID
		}
	}
	return nil
}
