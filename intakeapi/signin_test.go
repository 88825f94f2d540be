package intakeapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const ackPath = "/v1/tasks/task-req-42/acknowledge"

// submitted is a sign-in harness holding the forms system's task task-req-42.
func submitted(t *testing.T, left ...string) *signInHarness {
	t.Helper()
	h := newSignInHarness(t, left...)
	require.Equal(t, http.StatusCreated, h.do(t, http.MethodPost, "/v1/tasks", goodBody).Code)
	return h
}

func TestPersonActsAsThemselves(t *testing.T) {
	h := submitted(t)
	for _, body := range []string{`{}`, `{"actor": "lena", "note": "on it"}`} {
		rec := h.doAs(t, http.MethodPost, ackPath, body, h.as(t, "lena"))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	}
	require.Len(t, h.fake.actions, 2)
	for _, a := range h.fake.actions {
		require.Equal(t, "lena", a.Actor, "the token's person is the actor")
	}
	fields := h.logs.FilterMessage("intake request").AllUntimed()[1].ContextMap()
	require.Equal(t, "person:lena", fields["client"])

	rec := h.doAs(t, http.MethodGet, "/v1/tasks/task-req-42", "", h.as(t, "maya"))
	require.Equal(t, http.StatusOK, rec.Code, "people read any task: %s", rec.Body)
}

func TestPersonNamingAnotherActorIsRefused(t *testing.T) {
	h := submitted(t)
	rec := h.doAs(t, http.MethodPost, ackPath, `{"actor": "maya"}`, h.as(t, "lena"))
	require.Equal(t, http.StatusForbidden, rec.Code)
	e := errorBody(t, rec.Body.Bytes())
	require.Equal(t, "actor", e.Field)
	require.Contains(t, e.Message, "you signed in as lena and may act only as yourself")
	_, sent := h.fake.calls()
	require.Zero(t, sent)
}

func TestPersonMayNotSubmit(t *testing.T) {
	h := newSignInHarness(t)
	rec := h.doAs(t, http.MethodPost, "/v1/tasks", goodBody, h.as(t, "maya"))
	require.Equal(t, http.StatusForbidden, rec.Code)
	e := errorBody(t, rec.Body.Bytes())
	require.Equal(t, "submit", e.Scope)
	submits, _ := h.fake.calls()
	require.Zero(t, submits)
}

// Every token that proves nothing, or proves someone Lanes does not know, is
// refused with its reason, and nothing reaches the task.
func TestBadPersonTokensChangeNothing(t *testing.T) {
	h := submitted(t, "omar")
	iss := h.iss
	good := iss.claims("lena@example.com")
	with := func(changes map[string]any) map[string]any {
		c := map[string]any{}
		for k, v := range good {
			c[k] = v
		}
		for k, v := range changes {
			c[k] = v
		}
		return c
	}
	signed := iss.token(t, good)
	parts := strings.Split(signed, ".")
	forged := strings.Split(iss.token(t, with(map[string]any{"email": "maya@example.com"})), ".")
	publicDER, err := x509.MarshalPKIXPublicKey(iss.current.priv.Public())
	require.NoError(t, err)
	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: publicDER})
	hsHeader := map[string]any{"alg": "HS256", "typ": "JWT", "kid": iss.current.id}
	hsUnsigned := unsigned(t, hsHeader, good, nil)
	mac := hmac.New(sha256.New, publicPEM)
	mac.Write([]byte(strings.TrimSuffix(hsUnsigned, ".")))

	tests := []struct {
		name, token string
		status      int
		says        string
	}{
		{"expired", iss.token(t, with(map[string]any{"exp": testNow.Add(-time.Second).Unix()})), 401, "sign-in token expired at 2031-03-09T14:29:59Z"},
		{"not yet valid", iss.token(t, with(map[string]any{"nbf": testNow.Add(10 * time.Minute).Unix()})), 401, "before the nbf (not before) time"},
		{"wrong issuer", iss.token(t, with(map[string]any{"iss": "https://login.example.com"})), 401, "issued by a different provider"},
		{"wrong audience", iss.token(t, with(map[string]any{"aud": "another-app"})), 401, `expected audience "lanes-intake"`},
		{"alg none", unsigned(t, map[string]any{"alg": "none", "typ": "JWT"}, good, nil), 401, "unexpected signature algorithm"},
		{"HS256 keyed with the public key", unsigned(t, hsHeader, good, mac.Sum(nil)), 401, `unexpected signature algorithm "HS256"`},
		{"tampered claims", parts[0] + "." + forged[1] + "." + parts[2], 401, "failed to verify signature"},
		{"tampered signature", parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])), 401, "failed to verify signature"},
		{"someone else's key", signWith(t, newKey(t, iss.current.id), good), 401, "failed to verify signature"},
		{"unknown person", iss.token(t, with(map[string]any{"email": "mallory@example.com"})), 403, "you signed in as mallory@example.com, who is on no team's roster"},
		{"left the roster", iss.token(t, with(map[string]any{"email": "omar@example.com"})), 403, "you signed in as omar@example.com, who is on no team's roster"},
		{"email not verified", iss.token(t, with(map[string]any{"email_verified": false})), 403, "has not verified the email"},
		{"email_verified left out", iss.token(t, with(map[string]any{"email_verified": nil})), 403, "has not verified the email"},
		{"an email that is a person's ID, not their address", iss.token(t, with(map[string]any{"email": "lena"})), 403, "you signed in as lena, who is on no team's roster"},
		{"no email", iss.token(t, with(map[string]any{"email": ""})), 403, "carries no email claim"},
		{"not a token", "not-a-token-at-all-0123", 401, "unknown bearer token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, route := range []struct{ method, path, body string }{
				{http.MethodPost, ackPath, `{}`},
				{http.MethodGet, "/v1/tasks/task-req-42", ""},
			} {
				rec := h.doAs(t, route.method, route.path, route.body, "Bearer "+tt.token)
				require.Equal(t, tt.status, rec.Code, rec.Body.String())
				e := errorBody(t, rec.Body.Bytes())
				require.Equal(t, "Authorization", e.Field)
				require.Contains(t, e.Message, tt.says)
				if tt.status == http.StatusUnauthorized {
					require.Contains(t, rec.Header().Get("WWW-Authenticate"), "Bearer")
				}
			}
			submits, sent := h.fake.calls()
			require.Equal(t, 1, submits)
			require.Zero(t, sent)
		})
	}
}

// The provider rotates its key: the verifier fetches the keys again for the new
// key ID, once, and keeps taking tokens of the old key the provider still serves.
func TestKeyRotation(t *testing.T) {
	h := submitted(t)
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/v1/tasks/task-req-42", "", h.as(t, "lena")).Code)
	before := h.iss.reads()
	old := h.as(t, "lena")
	h.iss.rotate(t)
	h.iss.advance(minKeyFetchInterval) // a new key is fetched no sooner than this after the last fetch
	for range 3 {
		require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/v1/tasks/task-req-42", "", h.as(t, "lena")).Code)
		require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, "/v1/tasks/task-req-42", "", old).Code)
	}
	require.Equal(t, before+1, h.iss.reads(), "one fetch for the new key, then the cache")
}

func TestSignInFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want SignInConfig
		says string
	}{
		{name: "off", env: nil},
		{name: "email by default", env: map[string]string{OIDCIssuerEnv: "https://login.example.com", OIDCAudienceEnv: "lanes"}, want: SignInConfig{Issuer: "https://login.example.com", Audience: "lanes", Claim: ClaimEmail}},
		{name: "username", env: map[string]string{OIDCIssuerEnv: "http://127.0.0.1:8300/realms/x", OIDCAudienceEnv: "lanes", OIDCClaimEnv: ClaimUsername}, want: SignInConfig{Issuer: "http://127.0.0.1:8300/realms/x", Audience: "lanes", Claim: ClaimUsername}},
		{name: "plain http elsewhere", env: map[string]string{OIDCIssuerEnv: "http://login.example.com", OIDCAudienceEnv: "lanes"}, says: "LANES_OIDC_ISSUER: \"http://login.example.com\" is not an https URL"},
		{name: "no audience", env: map[string]string{OIDCIssuerEnv: "https://login.example.com"}, says: "LANES_OIDC_AUDIENCE: required"},
		{name: "audience alone", env: map[string]string{OIDCAudienceEnv: "lanes"}, says: "LANES_OIDC_ISSUER: unset"},
		{name: "unknown claim", env: map[string]string{OIDCIssuerEnv: "https://login.example.com", OIDCAudienceEnv: "lanes", OIDCClaimEnv: "sub"}, says: `LANES_OIDC_PERSON_CLAIM: "sub"; use email or preferred_username`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SignInFromEnv(func(k string) string { return tt.env[k] })
			if tt.says != "" {
				require.ErrorContains(t, err, tt.says)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}
