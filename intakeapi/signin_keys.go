package intakeapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// minKeyFetchInterval is the least time between two fetches of the identity
// provider's signing keys, as Keycloak's adapters space theirs (10 s). go-oidc
// fetches the keys again for every token whose key ID it has not seen, or whose
// signature its keys do not verify, so a caller sending made-up tokens would make
// Lanes hammer the provider; within the interval the verifier gets the keys it
// fetched last, and such tokens are refused against them.
const minKeyFetchInterval = 10 * time.Second

// maxKeySetBytes bounds the provider's answer with its keys: a few keys take a few KiB.
const maxKeySetBytes = 1 << 20

// errKeysFetchedRecently is a key fetch within the interval after one that failed:
// there are no keys to answer with, and the provider is not asked again yet.
var errKeysFetchedRecently = errors.New("the identity provider's keys could not be fetched moments ago; not asking again yet")

// keyFetchLimit is the transport of the verifier's key fetches: it lets one through
// per minKeyFetchInterval and answers the others with the last keys fetched.
type keyFetchLimit struct {
	next http.RoundTripper
	now  func() time.Time

	mu      sync.Mutex
	fetched time.Time   // when the keys were last fetched, whatever came of it
	body    []byte      // the last keys fetched; nil until a fetch succeeds
	header  http.Header // their answer's headers
}

// newKeyFetchLimit limits fetches through next; now tells the time (nil is the clock).
func newKeyFetchLimit(next http.RoundTripper, now func() time.Time) *keyFetchLimit {
	if now == nil {
		now = time.Now
	}
	return &keyFetchLimit{next: next, now: now}
}

// RoundTrip fetches the keys, or answers with the last ones while the interval since
// the previous fetch runs. go-oidc already waits for a fetch in flight rather than
// start another, so holding the lock through a fetch queues nobody it would not.
func (l *keyFetchLimit) RoundTrip(req *http.Request) (*http.Response, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.fetched.IsZero() && l.now().Sub(l.fetched) < minKeyFetchInterval {
		if l.body == nil {
			return nil, errKeysFetchedRecently
		}
		return keysAnswer(req, l.header, l.body), nil
	}
	l.fetched = l.now()
	res, err := l.next.RoundTrip(req)
	if err != nil || res.StatusCode != http.StatusOK {
		return res, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxKeySetBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read the identity provider's keys: %w", err)
	case len(body) > maxKeySetBytes:
		return nil, fmt.Errorf("the identity provider's keys take over %d bytes", maxKeySetBytes)
	}
	l.body, l.header = body, res.Header.Clone()
	return keysAnswer(req, l.header, body), nil
}

// keysAnswer is a 200 answer to req carrying the keys.
func keysAnswer(req *http.Request, header http.Header, body []byte) *http.Response {
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header.Clone(), Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req,
	}
}
