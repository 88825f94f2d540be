package intakeapi

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/roster"
)

// ErrNotOnRoster is a signed-in person whom no team's running roster lists.
var ErrNotOnRoster = errors.New("not on a roster")

// People finds the roster person a signed-in person's claim names.
type People interface {
	// Find returns the person's ID, or ErrNotOnRoster. An email must be one the
	// roster file maps to a person; any other claim is the person's ID.
	Find(ctx context.Context, claim string, isEmail bool) (string, error)
}

// RosterPeople is People from the rosters: the roster file maps an email to a
// person's ID (a username claim is taken as the ID), and the team's running
// roster says whether they are on it now, so someone who left is refused.
type RosterPeople struct {
	emails map[string]string
	teams  []string
	onTeam func(ctx context.Context, team string) ([]string, error)
	now    func() time.Time

	mu   sync.Mutex
	seen map[string]teamPeople
}

// teamPeople is a running roster's people as last read.
type teamPeople struct {
	ids  []string
	read time.Time
}

// peopleFresh is how long a roster's people are reused: a person who leaves is
// refused at most this long after, and a busy service asks each roster about once
// in this time rather than once a request.
const peopleFresh = 5 * time.Second

// NewRosterPeople reads people from f's emails and the running rosters of its teams,
// which onTeam lists; now tells the time, nil meaning the clock.
func NewRosterPeople(f *roster.File, onTeam func(ctx context.Context, team string) ([]string, error), now func() time.Time) *RosterPeople {
	p := &RosterPeople{emails: map[string]string{}, teams: f.TeamNames(), onTeam: onTeam, now: now, seen: map[string]teamPeople{}}
	if p.now == nil {
		p.now = time.Now
	}
	for id, email := range f.Emails {
		p.emails[strings.ToLower(email)] = id
	}
	return p
}

// LiveRosters lists a team's people from its running roster; a team without one has nobody.
func LiveRosters(c *intake.Client) func(ctx context.Context, team string) ([]string, error) {
	return func(ctx context.Context, team string) ([]string, error) {
		st, err := c.Roster(ctx, team)
		if errors.Is(err, intake.ErrRosterNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(st.People))
		for i, p := range st.People {
			ids[i] = p.ID
		}
		return ids, nil
	}
}

// Find maps claim to a person's ID and checks that a running roster lists them. An
// email the roster file does not map names nobody: taking it as an ID would let a
// person who can set their own address at the provider sign in as anyone.
func (p *RosterPeople) Find(ctx context.Context, claim string, isEmail bool) (string, error) {
	id, ok := p.emails[strings.ToLower(claim)]
	switch {
	case !ok && isEmail:
		return "", ErrNotOnRoster
	case !ok:
		id = claim
	}
	for _, team := range p.teams {
		ids, err := p.people(ctx, team)
		if err != nil {
			return "", err
		}
		if slices.Contains(ids, id) {
			return id, nil
		}
	}
	return "", ErrNotOnRoster
}

// people is the team's people, read again once peopleFresh has passed.
func (p *RosterPeople) people(ctx context.Context, team string) ([]string, error) {
	now := p.now()
	p.mu.Lock()
	last, ok := p.seen[team]
	p.mu.Unlock()
	if ok && now.Sub(last.read) < peopleFresh {
		return last.ids, nil
	}
	ids, err := p.onTeam(ctx, team)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.seen[team] = teamPeople{ids: ids, read: now}
	p.mu.Unlock()
	return ids, nil
}
