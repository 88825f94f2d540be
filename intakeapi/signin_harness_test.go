package intakeapi

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lanes-dev/lanes/roster"
)

// liveRosters stands in for the teams' running rosters: who is on each now.
type liveRosters struct {
	mu    sync.Mutex
	teams map[string][]string
	fake  *fakeBackend
}

func (l *liveRosters) onTeam(_ context.Context, team string) ([]string, error) {
	l.fake.mu.Lock()
	down := l.fake.down
	l.fake.mu.Unlock()
	if down {
		return nil, ErrUnavailable
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.teams[team], nil
}

// signInHarness is a handler with intake tokens and people's sign-in against a
// local issuer, the default roster with everyone's email <id>@example.com, and
// running rosters that list everyone but left, who has left.
type signInHarness struct {
	*harness
	iss  *testIssuer
	live *liveRosters
}

func newSignInHarness(t testing.TB, left ...string) *signInHarness {
	t.Helper()
	fake := newFake(t)
	signIn, iss, live := newSignIn(t, fake, left...)
	core, logs := observer.New(zap.InfoLevel)
	h, err := New(Config{Backend: fake, Tokens: testTokens, SignIn: signIn, Logger: zap.New(core)})
	require.NoError(t, err)
	return &signInHarness{harness: &harness{fake: fake, handler: h, logs: logs}, iss: iss, live: live}
}

// newSignIn is people's sign-in against a local issuer, on fake's catalog.
func newSignIn(t testing.TB, fake *fakeBackend, left ...string) (*SignIn, *testIssuer, *liveRosters) {
	t.Helper()
	f, err := roster.Default(fake.cat)
	require.NoError(t, err)
	live := &liveRosters{teams: map[string][]string{}, fake: fake}
	f.Emails = map[string]string{}
	for _, team := range f.TeamNames() {
		for _, p := range f.Teams[team].People {
			f.Emails[p.ID] = p.ID + "@example.com"
			if !slices.Contains(left, p.ID) {
				live.teams[team] = append(live.teams[team], p.ID)
			}
		}
	}
	iss := newIssuer(t)
	signIn, err := NewSignIn(context.Background(), SignInConfig{Issuer: iss.srv.URL, Audience: testAudience, Claim: ClaimEmail}, NewRosterPeople(f, live.onTeam, iss.now), iss.now)
	require.NoError(t, err)
	return signIn, iss, live
}

// as is the Authorization header of person's valid token.
func (h *signInHarness) as(t testing.TB, person string) string {
	t.Helper()
	return "Bearer " + h.iss.token(t, h.iss.claims(person+"@example.com"))
}
