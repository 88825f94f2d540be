package intakeapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/roster"
)

// rosterOff is the LANES_ROSTER value that runs without rosters.
const rosterOff = "off"

// Access is who the service lets in, as the environment says: intake systems by
// their tokens, people by their identity provider.
type Access struct {
	Tokens []Token
	SignIn SignInConfig
}

// AccessFromEnv reads the tokens and the sign-in variables, so a mistake in either
// stops start-up naming its variable.
func AccessFromEnv(getenv func(string) string) (Access, error) {
	tokens, err := LoadTokens(getenv)
	if err != nil {
		return Access{}, err
	}
	signIn, err := SignInFromEnv(getenv)
	if err != nil {
		return Access{}, err
	}
	return Access{Tokens: tokens, SignIn: signIn}, nil
}

// Checked says whether anyone is checked at all.
func (a Access) Checked() bool { return len(a.Tokens) > 0 || a.SignIn.Issuer != "" }

// Require refuses to serve unchecked unless the operator said this is a development machine.
func (a Access) Require(insecureDev bool) error {
	if !a.Checked() && !insecureDev {
		return fmt.Errorf("%s: no intake tokens and no sign-in (%s), so anyone could submit tasks and act as anyone; set it to name=token pairs, one per intake system (like forms=$(openssl rand -hex 32)), or pass --insecure-dev on a development machine", TokensEnv, OIDCIssuerEnv)
	}
	return nil
}

// Connect builds the service's people sign-in, when configured: the roster file
// LANES_ROSTER names (the built-in one when empty) maps emails to people, and the
// teams' running rosters, read through c, say who is on them now. It reads the
// identity provider's discovery document, so a wrong issuer stops start-up.
func (a Access) Connect(ctx context.Context, rosterPath string, cat *catalog.Catalog, c *intake.Client) (*SignIn, error) {
	if a.SignIn.Issuer == "" {
		return nil, nil
	}
	if rosterPath == rosterOff {
		return nil, errors.New(OIDCIssuerEnv + ": people sign in as people on a roster, and LANES_ROSTER is off; give the roster file, or leave people's sign-in off")
	}
	f, err := roster.Load(rosterPath, cat)
	if err != nil {
		return nil, fmt.Errorf("LANES_ROSTER: %w", err)
	}
	return NewSignIn(ctx, a.SignIn, NewRosterPeople(f, LiveRosters(c), nil), nil)
}
