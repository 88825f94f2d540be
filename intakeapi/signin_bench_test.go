package intakeapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkSignIn measures what checking a caller costs a request: a person's
// token verified (RS256 with the cached key, claims, the roster's cached people),
// the whole catalog request with each kind of caller, and a token with a bad
// signature, which go-oidc would answer by fetching the provider's keys again, and
// Lanes answers from the keys it fetched last (one fetch per minKeyFetchInterval).
//
//	go test ./intakeapi -run '^$' -bench SignIn -benchmem
func BenchmarkSignIn(b *testing.B) {
	fake := newFake(b)
	signIn, iss, _ := newSignIn(b, fake)
	s, err := New(Config{Backend: fake, Tokens: testTokens, SignIn: signIn})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	lena := iss.token(b, iss.claims("lena@example.com"))
	b.Run("verify person token", func(b *testing.B) {
		for b.Loop() {
			if _, f := signIn.verify(ctx, lena); f != nil {
				b.Fatal(f.body.Message)
			}
		}
	})
	request := func(b *testing.B, auth string, want int) {
		for b.Loop() {
			req := httptest.NewRequest(http.MethodGet, "/v1/catalog", nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != want {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	}
	b.Run("catalog with intake token", func(b *testing.B) { request(b, "Bearer "+testTokens[0].Value, http.StatusOK) })
	b.Run("catalog with person token", func(b *testing.B) { request(b, "Bearer "+lena, http.StatusOK) })
	parts := strings.Split(lena, ".")
	tampered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	b.Run("catalog with bad signature", func(b *testing.B) { request(b, "Bearer "+tampered, http.StatusUnauthorized) })
	open, err := New(Config{Backend: fake, InsecureNoAuth: true})
	if err != nil {
		b.Fatal(err)
	}
	s = open
	b.Run("catalog unchecked (insecure-dev)", func(b *testing.B) { request(b, "", http.StatusOK) })
}
