package intakeapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/lanes-dev/lanes/workflows"
)

// The variables that turn on people's sign-in with the company's identity provider.
const (
	// OIDCIssuerEnv is the identity provider's issuer URL, whose discovery document
	// and signing keys Lanes reads.
	OIDCIssuerEnv = "LANES_OIDC_ISSUER"
	// OIDCAudienceEnv is the audience people's tokens must be issued for.
	OIDCAudienceEnv = "LANES_OIDC_AUDIENCE"
	// OIDCClaimEnv is the claim that names the person: email or preferred_username.
	OIDCClaimEnv = "LANES_OIDC_PERSON_CLAIM"
)

// The claims that may name a person.
const (
	ClaimEmail    = "email"
	ClaimUsername = "preferred_username"
)

// signingAlgs are the algorithms a person's token may be signed with: public-key
// ones only, so neither "none" nor an HMAC keyed with a public key is ever taken.
var signingAlgs = []string{
	oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384, oidc.ES512,
	oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA,
}

// SignInConfig is how people sign in: their identity provider, the audience of
// their tokens and the claim that names them. A zero Issuer means no sign-in.
type SignInConfig struct {
	Issuer, Audience, Claim string
}

// SignInFromEnv reads the LANES_OIDC_* variables; without LANES_OIDC_ISSUER, people
// do not sign in and the others must be unset.
func SignInFromEnv(getenv func(string) string) (SignInConfig, error) {
	cfg := SignInConfig{Issuer: getenv(OIDCIssuerEnv), Audience: getenv(OIDCAudienceEnv), Claim: getenv(OIDCClaimEnv)}
	if cfg.Issuer == "" {
		if cfg.Audience != "" || cfg.Claim != "" {
			return cfg, fmt.Errorf("%s: unset while %s or %s is set; give the identity provider's issuer URL", OIDCIssuerEnv, OIDCAudienceEnv, OIDCClaimEnv)
		}
		return cfg, nil
	}
	u, err := url.Parse(cfg.Issuer)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return cfg, fmt.Errorf("%s: %q is not an https URL (http only on this machine); use the issuer your identity provider names, like https://login.example.com", OIDCIssuerEnv, cfg.Issuer)
	}
	// The issuer goes with each person's action into the task's records, which keep it whole.
	if err := workflows.CheckIdentityText(OIDCIssuerEnv, cfg.Issuer, workflows.MaxIssuerLength); err != nil {
		return cfg, err
	}
	if cfg.Audience == "" {
		return cfg, fmt.Errorf("%s: required with %s; give the client ID or API audience the identity provider issues people's tokens for", OIDCAudienceEnv, OIDCIssuerEnv)
	}
	switch cfg.Claim {
	case "":
		cfg.Claim = ClaimEmail
	case ClaimEmail, ClaimUsername:
	default:
		return cfg, fmt.Errorf("%s: %q; use %s or %s", OIDCClaimEnv, cfg.Claim, ClaimEmail, ClaimUsername)
	}
	return cfg, nil
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// SignIn verifies people's tokens with go-oidc (discovery, signing keys fetched again
// when the provider rotates them, at most once per minKeyFetchInterval, issuer,
// audience, expiry, not-before and algorithm) and finds the person on the roster.
type SignIn struct {
	verifier *oidc.IDTokenVerifier
	claim    string
	people   People
}

// keyFetchTimeout bounds a fetch of the provider's discovery document or keys.
const keyFetchTimeout = 10 * time.Second

// NewSignIn reads the provider's discovery document, so a wrong issuer stops
// start-up. now tells the time for expiry and for spacing the fetches of the
// provider's keys (minKeyFetchInterval); nil means the clock.
func NewSignIn(ctx context.Context, cfg SignInConfig, people People, now func() time.Time) (*SignIn, error) {
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, &http.Client{Timeout: keyFetchTimeout}), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", OIDCIssuerEnv, err)
	}
	keys := &http.Client{Timeout: keyFetchTimeout, Transport: newKeyFetchLimit(http.DefaultTransport, now)}
	verifier := provider.VerifierContext(oidc.ClientContext(context.WithoutCancel(ctx), keys), &oidc.Config{
		ClientID: cfg.Audience, SupportedSigningAlgs: signingAlgs, Now: now,
	})
	return &SignIn{verifier: verifier, claim: cfg.Claim, people: people}, nil
}

// personClaims are the claims that may name a person.
type personClaims struct {
	Email string `json:"email"`
	// EmailVerified is false or "false" when the provider has not checked the address.
	EmailVerified any    `json:"email_verified"`
	Username      string `json:"preferred_username"`
}

// verify checks a person's token and finds them: 401 for a token that proves
// nothing, 403 for a person Lanes does not know, 503 when it cannot tell.
func (s *SignIn) verify(ctx context.Context, raw string) (Caller, *failure) {
	tok, err := s.verifier.Verify(ctx, raw)
	if err != nil {
		return Caller{}, tokenRefused(err)
	}
	var claims personClaims
	if err := tok.Claims(&claims); err != nil {
		return Caller{}, unauthorized("sign-in token refused: its claims do not read: " + err.Error())
	}
	// The subject goes with each of the person's actions into the task's history,
	// status and ledger, which keep it whole: one they could not is refused here.
	if err := workflows.CheckIdentityText("sub", tok.Subject, workflows.MaxSubjectLength); err != nil {
		f := forbidden("Authorization", "your sign-in token's subject cannot name you in a task's records: "+err.Error()+"; ask ops, as the identity provider sets it")
		return Caller{}, &f
	}
	value := claims.Username
	if s.claim == ClaimEmail {
		value = claims.Email
		// Only an address the provider says it verified names someone: some providers
		// let people edit their email, and others leave the claim out.
		if v := claims.EmailVerified; v != true && v != "true" {
			f := forbidden("Authorization", "your identity provider has not verified the email "+value+" (email_verified is not true); verify it there and sign in again, or ask ops to sign people in by "+ClaimUsername)
			return Caller{}, &f
		}
	}
	if value == "" {
		f := forbidden("Authorization", "your sign-in token carries no "+s.claim+" claim, which names you on the roster; ask ops which claim Lanes reads ("+OIDCClaimEnv+")")
		return Caller{}, &f
	}
	person, err := s.people.Find(ctx, value, s.claim == ClaimEmail)
	switch {
	case errors.Is(err, ErrNotOnRoster):
		f := forbidden("Authorization", "you signed in as "+value+", who is on no team's roster; ask a manager to add you")
		return Caller{}, &f
	case err != nil:
		f := fromBackend(err, "")
		return Caller{}, &f
	}
	return Caller{Person: person, Subject: tok.Subject, Issuer: tok.Issuer}, nil
}

// tokenRefused says why go-oidc refused a token: expired, or its own reason (wrong
// issuer or audience, not yet valid, an algorithm or signature that does not hold),
// or 503 when the provider's keys could not be fetched.
func tokenRefused(err error) *failure {
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return unauthorized("sign-in token expired at " + expired.Expiry.UTC().Format(time.RFC3339) + "; sign in again")
	case strings.Contains(err.Error(), "fetching keys"):
		// go-oidc keeps only the text of a failed key fetch.
		f := unavailable(err)
		f.body.Message = "the identity provider's signing keys could not be fetched, so nobody was let in; retry shortly"
		return &f
	}
	return unauthorized("sign-in token refused: " + strings.TrimPrefix(err.Error(), "oidc: "))
}
