package intakeapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Tokens under key IDs the provider never issued, or with signatures its keys do
// not verify, make go-oidc fetch the keys again each time; Lanes lets one fetch
// through per minKeyFetchInterval, so a caller sending them cannot make it hammer
// the provider. Each is refused against the keys fetched last.
func TestMadeUpTokensDoNotHammerTheProvider(t *testing.T) {
	h := submitted(t)
	const status = "/v1/tasks/task-req-42"
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, status, "", h.as(t, "lena")).Code)
	require.Equal(t, 1, h.iss.reads(), "the first token fetches the keys")
	good := strings.Split(h.iss.token(t, h.iss.claims("lena@example.com")), ".")
	madeUp := func(i int) string {
		if i%2 == 0 {
			return signWith(t, newKey(t, fmt.Sprintf("forged-%d", i)), h.iss.claims("lena@example.com"))
		}
		return good[0] + "." + good[1] + "." + strings.Repeat("A", len(good[2])) // a known key ID, a bad signature
	}
	refuseAll := func() {
		for i := range 20 {
			rec := h.doAs(t, http.MethodGet, status, "", "Bearer "+madeUp(i))
			require.Equal(t, http.StatusUnauthorized, rec.Code, rec.Body.String())
			require.Contains(t, errorBody(t, rec.Body.Bytes()).Message, "failed to verify signature")
		}
	}

	refuseAll()
	require.Equal(t, 1, h.iss.reads(), "no fetch within the interval after the last")
	h.iss.advance(minKeyFetchInterval)
	refuseAll()
	require.Equal(t, 2, h.iss.reads(), "one fetch per interval, however many tokens")
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, status, "", h.as(t, "lena")).Code, "the provider's own keys still verify")

	// A real rotation within the interval waits for it: the new key's tokens are
	// refused until the next fetch may run, then taken.
	h.iss.rotate(t)
	rotated := h.as(t, "lena")
	require.Equal(t, http.StatusUnauthorized, h.doAs(t, http.MethodGet, status, "", rotated).Code)
	h.iss.advance(minKeyFetchInterval)
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, status, "", rotated).Code)
	require.Equal(t, 3, h.iss.reads())
}

// A provider whose keys cannot be fetched is asked again only after the interval:
// meanwhile every person is told to retry (503), and nobody is let in.
func TestAFailedKeyFetchIsNotRetriedAtOnce(t *testing.T) {
	h := submitted(t)
	const status = "/v1/tasks/task-req-42"
	h.iss.mu.Lock()
	h.iss.keysDown = true
	h.iss.mu.Unlock()
	for range 5 {
		rec := h.doAs(t, http.MethodGet, status, "", h.as(t, "lena"))
		require.Equal(t, http.StatusServiceUnavailable, rec.Code, rec.Body.String())
		require.Contains(t, errorBody(t, rec.Body.Bytes()).Message, "signing keys could not be fetched")
	}
	require.Equal(t, 1, h.iss.reads())

	h.iss.mu.Lock()
	h.iss.keysDown = false
	h.iss.mu.Unlock()
	require.Equal(t, http.StatusServiceUnavailable, h.doAs(t, http.MethodGet, status, "", h.as(t, "lena")).Code, "not asked again yet")
	h.iss.advance(minKeyFetchInterval)
	require.Equal(t, http.StatusOK, h.doAs(t, http.MethodGet, status, "", h.as(t, "lena")).Code)
	require.Equal(t, 2, h.iss.reads())
}
