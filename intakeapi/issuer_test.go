package intakeapi

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/require"
)

// testNow is the tests' clock: tokens are issued and checked at this instant, so
// they verify alike on any date and in any time zone.
var testNow = time.Date(2031, time.March, 9, 14, 30, 0, 0, time.UTC)

// testAudience is the audience the tests' tokens are issued for.
const testAudience = "lanes-intake"

// testIssuer is an OpenID Connect provider inside the test: an httptest server with
// a discovery document and a JWKS, signing real RS256 tokens with keys it rotates.
type testIssuer struct {
	srv *httptest.Server

	mu      sync.Mutex
	current signingKey
	served  []signingKey
	// keyReads counts the JWKS fetches, to see the verifier's cache at work.
	keyReads int
	// later is how far the tests' clock has moved past testNow.
	later time.Duration
	// keysDown makes the JWKS answer 500, as a provider in trouble does.
	keysDown bool
}

// now is the tests' clock: testNow, moved on by advance.
func (iss *testIssuer) now() time.Time {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	return testNow.Add(iss.later)
}

// advance moves the tests' clock on by d; tokens issued at testNow stay valid for an hour.
func (iss *testIssuer) advance(d time.Duration) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.later += d
}

// signingKey is one of the issuer's keys, with its key ID.
type signingKey struct {
	id   string
	priv *rsa.PrivateKey
}

func newIssuer(t testing.TB) *testIssuer {
	t.Helper()
	iss := &testIssuer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"issuer": iss.srv.URL, "jwks_uri": iss.srv.URL + "/keys",
			"authorization_endpoint": iss.srv.URL + "/auth", "token_endpoint": iss.srv.URL + "/token",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, _ *http.Request) {
		iss.mu.Lock()
		defer iss.mu.Unlock()
		iss.keyReads++
		if iss.keysDown {
			http.Error(w, "keys unavailable", http.StatusInternalServerError)
			return
		}
		var set jose.JSONWebKeySet
		for _, k := range iss.served {
			set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.priv.Public(), KeyID: k.id, Algorithm: "RS256", Use: "sig"})
		}
		writeJSON(w, http.StatusOK, set)
	})
	iss.srv = httptest.NewServer(mux)
	t.Cleanup(iss.srv.Close)
	iss.rotate(t)
	return iss
}

// newKey makes an RSA key; 2048 bits, as identity providers use.
func newKey(t testing.TB, id string) signingKey {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	return signingKey{id: id, priv: priv}
}

// rotate signs with a new key from now on and publishes it beside the old ones, as
// providers do during a rotation.
func (iss *testIssuer) rotate(t testing.TB) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.current = newKey(t, fmt.Sprintf("key-%d", len(iss.served)+1))
	iss.served = append(iss.served, iss.current)
}

// claims are a valid token's claims for a person with email, issued at testNow.
func (iss *testIssuer) claims(email string) map[string]any {
	return map[string]any{
		"iss": iss.srv.URL, "aud": testAudience, "sub": "sub-" + email, "email": email, "email_verified": true,
		"iat": testNow.Add(-time.Minute).Unix(), "exp": testNow.Add(time.Hour).Unix(),
	}
}

// token signs claims with the issuer's current key.
func (iss *testIssuer) token(t testing.TB, claims map[string]any) string {
	t.Helper()
	iss.mu.Lock()
	key := iss.current
	iss.mu.Unlock()
	return signWith(t, key, claims)
}

// signWith signs claims as a compact JWS with key, naming its key ID.
func signWith(t testing.TB, key signingKey, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key.priv, KeyID: key.id}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	jws, err := signer.Sign(payload)
	require.NoError(t, err)
	raw, err := jws.CompactSerialize()
	require.NoError(t, err)
	return raw
}

// unsigned builds a compact JWT by hand from a header and claims, with sig as its
// signature: for the tokens no honest signer makes.
func unsigned(t testing.TB, header, claims map[string]any, sig []byte) string {
	t.Helper()
	enc := func(v any) string {
		data, err := json.Marshal(v)
		require.NoError(t, err)
		return base64.RawURLEncoding.EncodeToString(data)
	}
	return enc(header) + "." + enc(claims) + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// reads is how many times the verifier fetched the keys.
func (iss *testIssuer) reads() int {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	return iss.keyReads
}
