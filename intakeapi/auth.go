package intakeapi

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/lanes-dev/lanes/workflows"
)

// Caller is who a request comes from, once its bearer token is checked: an intake
// system by its token, a person by their identity provider's token, or, under
// --insecure-dev, nobody checked.
type Caller struct {
	// System is the intake system's name, for an intake token.
	System string
	// Person is the roster person a signed-in person's token names.
	Person string
	// Subject and Issuer identify a person's token at their identity provider.
	Subject, Issuer string
	// Unverified is set when the service runs without authentication.
	Unverified bool
	// token is the intake system's token, with its scopes.
	token Token
}

// access is what a route lets its caller do; each maps to the scope it needs.
type access int

const (
	// accessAny is any caller who proved who they are, such as for the catalog.
	accessAny access = iota
	// accessSubmit starts tasks: intake systems with ScopeSubmit.
	accessSubmit
	// accessRead reads a task: people, and systems with ScopeReadOwn or ScopeReadAll.
	accessRead
	// accessAct sends a person's action: the person, or a system with ScopeRelay.
	accessAct
	// accessReadAll reads across every task (payloads through the codec route, the
	// leaders' dashboard): people, and systems with ScopeReadAll, as neither names a
	// task whose submitter could be checked.
	accessReadAll
)

// missingScope is the scope the caller lacks for a, or "" when the caller may.
func (c Caller) missingScope(a access) Scope {
	switch {
	case c.Unverified || a == accessAny:
		return ""
	case c.Person != "":
		// People read and act as themselves; intake systems submit.
		if a == accessSubmit {
			return ScopeSubmit
		}
		return ""
	case a == accessSubmit && !c.token.allows(ScopeSubmit):
		return ScopeSubmit
	case a == accessRead && !c.token.allows(ScopeReadOwn) && !c.token.allows(ScopeReadAll):
		return ScopeReadOwn
	case a == accessAct && !c.token.allows(ScopeRelay):
		return ScopeRelay
	case a == accessReadAll && !c.token.allows(ScopeReadAll):
		return ScopeReadAll
	}
	return ""
}

// identity is what the service tells the task of the caller, beside the actor: the
// person's subject and issuer, the intake system's token name, or, when the service
// checks nobody (--insecure-dev), an operator's, as anyone may send anything.
func (c Caller) identity() *workflows.Identity {
	switch {
	case c.Person != "":
		return workflows.PersonIdentity(c.Subject, c.Issuer)
	case c.System != "":
		return workflows.SystemIdentity(c.System)
	}
	return workflows.OperatorIdentity()
}

// logName is how the request log names the caller.
func (c Caller) logName() string {
	if c.Person != "" {
		return "person:" + c.Person
	}
	return c.System
}

type callerKey struct{}

// callerOf is the caller authorize let in.
func callerOf(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}

// guard lets a request through to next only when authorize does, with its caller.
func (s *server) guard(need access, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caller, ok := s.authorize(w, r, need)
		if !ok {
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, caller)))
	})
}

// authorize is the one check every non-public route makes: who is asking (401 when
// the bearer token proves nothing), then whether they may (403 naming the scope
// they lack). It writes the refusal itself and records the caller for the log.
func (s *server) authorize(w http.ResponseWriter, r *http.Request, need access) (Caller, bool) {
	caller, f := s.identify(r)
	if f == nil {
		if info := infoOf(r.Context()); info != nil {
			info.client = caller.logName()
		}
		if missing := caller.missingScope(need); missing != "" {
			f = lacks(caller, missing)
		}
	}
	if f != nil {
		if f.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="lanes", error="invalid_token"`)
		}
		s.fail(w, r, *f)
		return Caller{}, false
	}
	return caller, true
}

// identify reads the bearer token: an intake system's token, compared in constant
// time against every one, or else a person's token from the identity provider.
func (s *server) identify(r *http.Request) (Caller, *failure) {
	if s.insecure {
		return Caller{Unverified: true}, nil
	}
	scheme, presented, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	presented = strings.TrimSpace(presented)
	if !strings.EqualFold(scheme, "Bearer") || presented == "" {
		return Caller{}, unauthorized("missing bearer token; send Authorization: Bearer <token> with your intake system's token or your sign-in token")
	}
	if tok, ok := match(s.tokens, presented); ok {
		return Caller{System: tok.Name, token: tok}, nil
	}
	if s.signIn != nil && strings.Count(presented, ".") == 2 {
		return s.signIn.verify(r.Context(), presented)
	}
	return Caller{}, unauthorized("unknown bearer token; send your intake system's token or your sign-in token")
}

// match finds the token presented, comparing in constant time against every token,
// so the time taken says nothing about which one nearly matched.
func match(tokens []Token, presented string) (Token, bool) {
	var found Token
	ok := false
	for _, t := range tokens {
		if subtle.ConstantTimeCompare([]byte(t.Value), []byte(presented)) == 1 {
			found, ok = t, true
		}
	}
	return found, ok
}

// unauthorized is a bearer token that proves nothing: 401 naming Authorization.
func unauthorized(message string) *failure {
	return &failure{status: http.StatusUnauthorized, body: apiError{Field: "Authorization", Message: message}}
}

// forbidden is a caller who proved who they are but may not do this: 403 naming field.
func forbidden(field, message string) failure {
	return failure{status: http.StatusForbidden, body: apiError{Field: field, Message: message}}
}

// lacks is a caller without the scope a route needs: 403 naming it.
func lacks(c Caller, scope Scope) *failure {
	f := forbidden("Authorization", "")
	f.body.Scope = string(scope)
	if c.Person != "" {
		f.body.Message = "people sign in to read tasks and act on them; tasks are submitted by intake systems with scope " + string(scope)
	} else {
		f.body.Message = "the " + c.System + " token lacks scope " + string(scope) + "; ask ops to add it to the system's entry in " + TokensEnv
	}
	return &f
}
