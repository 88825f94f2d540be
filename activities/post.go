package activities

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
)

const (
	// maxResponseBytes bounds what Lanes reads of a webhook's answer, so a
	// misbehaving endpoint cannot exhaust the worker's memory.
	maxResponseBytes = 1 << 20
	// excerptBytes is how much of an answer goes into an error message: enough
	// to read the endpoint's reason, little enough for workflow history.
	excerptBytes = 300
)

// reply is what a webhook answered.
type reply struct {
	status int
	body   []byte
}

// badURLError means the request could not be built from the configured URL;
// retrying cannot fix it.
type badURLError struct{ err error }

func (e badURLError) Error() string { return "invalid webhook URL: " + e.err.Error() }
func (e badURLError) Unwrap() error { return e.err }

// webhookClient is the client a webhook's settings name, or a default one bounded by
// timeout. A fresh http.Client is cheap: it shares http.DefaultTransport and so its
// connection pool.
func webhookClient(configured *http.Client, timeout time.Duration) *http.Client {
	if configured != nil {
		return configured
	}
	return &http.Client{Timeout: timeout}
}

// jsonHeader is the header of a webhook post: a JSON body, and the Idempotency-Key
// when there is one, so the endpoint can tell a retried attempt from a new request.
func jsonHeader(idempotencyKey string) http.Header {
	header := http.Header{}
	header.Set("Content-Type", "application/json")
	if idempotencyKey != "" {
		header.Set("Idempotency-Key", idempotencyKey)
	}
	return header
}

// postJSON posts body to endpoint with the given headers and reads at most
// maxResponseBytes of the answer. A status code is not an error here; callers
// decide what each status means.
func postJSON(ctx context.Context, client *http.Client, endpoint string, header http.Header, body []byte) (reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return reply{}, badURLError{err: withoutURL(err)}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return reply{}, withoutURL(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return reply{}, fmt.Errorf("read %d answer: %w", resp.StatusCode, err)
	}
	return reply{status: resp.StatusCode, body: data}, nil
}

// withoutURL drops the URL from net/http's errors: webhook URLs (Slack's in
// particular) carry their secret in the path, and error messages end up in
// workflow history and the Temporal UI.
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// is2xx reports whether a status is a success.
func is2xx(status int) bool { return status >= 200 && status < 300 }

// retryable reports whether a failed status is worth another attempt: the
// server is in trouble (5xx) or asks to come back later (408, 429). Anything
// else (4xx, a redirect left unfollowed) will answer the same way next time.
func retryable(status int) bool {
	return status >= 500 || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests
}

// excerpt is the start of an answer for an error message, cut on a rune boundary.
func excerpt(body []byte) string {
	s := string(body)
	if len(s) > excerptBytes {
		s = strings.ToValidUTF8(s[:excerptBytes], "") + "…"
	}
	return strings.TrimSpace(s)
}

// statusText reads like "503 Service Unavailable: <start of the body>".
func statusText(r reply) string {
	s := fmt.Sprintf("%d %s", r.status, http.StatusText(r.status))
	if e := excerpt(r.body); e != "" {
		s += ": " + e
	}
	return s
}

// webhookCall names one kind of webhook call, for the errors its outcomes become.
type webhookCall struct {
	target string // "rpa webhook", "notification webhook", "ad platform"
	doing  string // what was asked, such as "pause-paid-campaign"
	fix    string // how to mend a bad URL, such as "fix LANES_RPA_WEBHOOK_URL"
	// The failure types Temporal's retry policy reads.
	rejected, unavailable, notConfigured string
}

// outcome turns a webhook call into nil or the typed error Temporal retries or not:
// a bad URL is not configured, a transport error or a 5xx, 408 or 429 is unavailable
// (retried), any other non-2xx is rejected (not retried).
func (c webhookCall) outcome(r reply, err error) error {
	var bad badURLError
	switch {
	case errors.As(err, &bad):
		return temporal.NewNonRetryableApplicationError(c.target+": "+c.fix, c.notConfigured, bad)
	case err != nil:
		return temporal.NewApplicationErrorWithCause(fmt.Sprintf("post %s to %s", c.doing, c.target), c.unavailable, err)
	case !is2xx(r.status) && retryable(r.status):
		return temporal.NewApplicationError(fmt.Sprintf("%s unavailable for %s: %s", c.target, c.doing, statusText(r)), c.unavailable)
	case !is2xx(r.status):
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s rejected %s: %s", c.target, c.doing, statusText(r)), c.rejected, nil)
	}
	return nil
}
