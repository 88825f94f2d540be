package intakeapi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lanes-dev/lanes/workflows"
)

// TokensEnv is the variable that holds the intake systems' tokens.
const TokensEnv = "LANES_INTAKE_TOKENS"

// Scope is one thing an intake system's token lets it do.
type Scope string

// The scopes an intake token may carry.
const (
	// ScopeSubmit lets a system submit tasks.
	ScopeSubmit Scope = "submit"
	// ScopeReadOwn lets a system read the tasks it submitted.
	ScopeReadOwn Scope = "read-own"
	// ScopeReadAll lets a system read every task.
	ScopeReadAll Scope = "read-all"
	// ScopeRelay lets a system send the actions of the people in its RelayFor list,
	// such as a project tool's webhook acting for its users.
	ScopeRelay Scope = "relay"
)

// scopes lists every scope, in the order errors name them.
var scopes = []Scope{ScopeSubmit, ScopeReadOwn, ScopeReadAll, ScopeRelay}

// DefaultScopes are what an entry that names none gets: what an intake system did
// before scopes, except acting for people, which now needs an explicit relay.
func DefaultScopes() []Scope { return []Scope{ScopeSubmit, ScopeReadOwn} }

// Token is one intake system's bearer token and what it may do; Name appears in
// the log of its requests.
type Token struct {
	Name  string
	Value string
	// Scopes are what the system may do; a token without scopes may do nothing.
	Scopes []Scope
	// RelayFor lists the people whose actions the system may send, with ScopeRelay.
	RelayFor []string
}

// allows says whether the token carries scope.
func (t Token) allows(scope Scope) bool { return slices.Contains(t.Scopes, scope) }

// minTokenLength keeps guessable tokens out of the configuration.
const minTokenLength = 16

// ParseTokens reads LANES_INTAKE_TOKENS: comma-separated entries, one per intake
// system, each name=token or name=token:scopes, the scopes joined with "+" and a
// relay naming its people joined with "|", such as
// "forms=3f9c…,jira=a71d…:submit+read-all+relay:maya|devon". An entry without
// scopes gets DefaultScopes. Empty text gives no tokens.
func ParseTokens(text string) ([]Token, error) {
	var tokens []Token
	for i, entry := range strings.Split(text, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		name, rest, ok := strings.Cut(entry, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("%s: entry %d is not name=token; write it like forms=<token>,jira=<token>:submit+read-own", TokensEnv, i+1)
		}
		value, scopeText, scoped := strings.Cut(rest, ":")
		tok := Token{Name: name, Value: strings.TrimSpace(value), Scopes: DefaultScopes()}
		if scoped {
			var err error
			if tok.Scopes, tok.RelayFor, err = parseScopes(scopeText); err != nil {
				return nil, fmt.Errorf("%s: entry %s: %w", TokensEnv, name, err)
			}
		}
		tokens = append(tokens, tok)
	}
	if err := checkTokens(tokens, func(i int) string { return fmt.Sprintf("%s: entry %s", TokensEnv, tokens[i].Name) }); err != nil {
		return nil, err
	}
	return tokens, nil
}

// parseScopes reads "submit+read-all+relay:maya|devon".
func parseScopes(text string) ([]Scope, []string, error) {
	var got []Scope
	var relayFor []string
	for _, s := range strings.Split(text, "+") {
		s = strings.TrimSpace(s)
		name, people, named := strings.Cut(s, ":")
		if Scope(name) == ScopeRelay && named {
			relayFor = strings.Split(people, "|")
		} else if named {
			return nil, nil, fmt.Errorf("scope %q: only relay names people, as relay:maya|devon", s)
		}
		got = append(got, Scope(name))
	}
	return got, relayFor, nil
}

// checkTokens refuses what would let a system in unsafely or do nothing: a short or
// shared token, a name given twice, an unknown scope, a relay without its people.
// entry names the i-th token in the error.
func checkTokens(tokens []Token, entry func(i int) string) error {
	names, values := map[string]bool{}, map[string]bool{}
	for i, t := range tokens {
		nameErr := workflows.CheckIdentityText("name", t.Name, workflows.MaxSystemNameLength)
		switch {
		case strings.ContainsAny(t.Name, " \t\r\n") || t.Name == "":
			return fmt.Errorf("%s: the name %q is empty or has spaces; use a short handle like jira", entry(i), t.Name)
		case nameErr != nil:
			// The name goes with each action the system relays into the task's records, which keep it whole.
			return fmt.Errorf("%s: %w; use a short handle like jira", entry(i), nameErr)
		case len(t.Value) < minTokenLength:
			return fmt.Errorf("%s: the token is shorter than %d characters; generate one with openssl rand -hex 32", entry(i), minTokenLength)
		case names[t.Name]:
			return fmt.Errorf("%s: %s is named twice; give each intake system one name", entry(i), t.Name)
		case values[t.Value]:
			return fmt.Errorf("%s: %s reuses another system's token; give each intake system its own", entry(i), t.Name)
		}
		names[t.Name], values[t.Value] = true, true
		if err := checkScopes(t); err != nil {
			return fmt.Errorf("%s: %w", entry(i), err)
		}
	}
	return nil
}

// checkScopes checks one token's scopes and relay list.
func checkScopes(t Token) error {
	if len(t.Scopes) == 0 {
		return fmt.Errorf("no scopes; give at least one of %s", scopeList())
	}
	seen := map[Scope]bool{}
	for _, s := range t.Scopes {
		switch {
		case !slices.Contains(scopes, s):
			return fmt.Errorf("scope %q is unknown; use %s", s, scopeList())
		case seen[s]:
			return fmt.Errorf("scope %q is given twice", s)
		}
		seen[s] = true
	}
	switch {
	case seen[ScopeRelay] && len(t.RelayFor) == 0:
		return fmt.Errorf("relay names nobody; list the people the system acts for, as relay:maya|devon")
	case !seen[ScopeRelay] && len(t.RelayFor) > 0:
		return fmt.Errorf("people to relay for are listed without the relay scope; add relay or drop the list")
	}
	for _, p := range t.RelayFor {
		if p == "" || strings.ContainsAny(p, " \t\r\n") || strings.HasPrefix(p, "role:") {
			return fmt.Errorf("relay: %q is not a person's handle; name people like maya, never roles", p)
		}
	}
	return nil
}

// scopeList names the scopes for an error's fix.
func scopeList() string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
