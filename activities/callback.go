package activities

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// Headers of a callback automation's request and of the executor's callback.
const (
	// CallbackURLHeader carries the URL the executor posts the job's outcome to.
	CallbackURLHeader = "X-Lanes-Callback-URL"
	// CallbackIDHeader carries the callback's ID, the URL's last but one segment, which the signature covers.
	CallbackIDHeader = "X-Lanes-Callback-ID"
	// SignatureHeader carries the callback's signature, "sha256=" and Sign's hex digest.
	SignatureHeader = "X-Lanes-Signature"
	// CallbackRoute is the route pattern of the callback, under the worker's callback URL.
	CallbackRoute = "POST /v1/automations/{id}/result"
)

// MinCallbackSecret is the shortest callback secret Lanes accepts, in bytes.
const MinCallbackSecret = 32

// Callbacks issues the IDs that let an executor report a long job's outcome later, and
// checks what it sends back. An ID names the waiting activity (workflow, run and
// activity IDs) with an HMAC of the shared secret, so it is unforgeable and needs no
// state: any worker with the secret can complete the activity, after a restart too.
type Callbacks struct {
	// Secret is shared with the executors (LANES_CALLBACK_SECRET); it signs IDs and callbacks.
	Secret []byte
	// BaseURL is where the executors reach the worker's callback route (LANES_CALLBACK_URL).
	BaseURL string
}

// CallbackTarget is the activity a callback ID names.
type CallbackTarget struct {
	WorkflowID string `json:"w"`
	RunID      string `json:"r"`
	ActivityID string `json:"a"`
}

// ErrBadCallbackID means a callback ID that Lanes did not issue.
var ErrBadCallbackID = errors.New("callback ID: not one Lanes issued")

// Issue returns the ID and the URL an executor calls back for target.
func (c *Callbacks) Issue(target CallbackTarget) (id, callbackURL string) {
	payload, _ := json.Marshal(target) // three strings always encode
	enc := base64.RawURLEncoding.EncodeToString(payload)
	id = enc + "." + base64.RawURLEncoding.EncodeToString(c.mac("lanes-callback-id\n", []byte(enc)))
	return id, strings.TrimRight(c.BaseURL, "/") + "/v1/automations/" + url.PathEscape(id) + "/result"
}

// Open checks that Lanes issued id and returns the activity it names.
func (c *Callbacks) Open(id string) (CallbackTarget, error) {
	enc, sig, ok := strings.Cut(id, ".")
	if !ok {
		return CallbackTarget{}, ErrBadCallbackID
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, c.mac("lanes-callback-id\n", []byte(enc))) {
		return CallbackTarget{}, ErrBadCallbackID
	}
	payload, err := base64.RawURLEncoding.DecodeString(enc)
	var target CallbackTarget
	if err != nil || json.Unmarshal(payload, &target) != nil || target.WorkflowID == "" || target.ActivityID == "" {
		return CallbackTarget{}, ErrBadCallbackID
	}
	return target, nil
}

// Verify reports whether signature is the executor's signature of body for callback id.
func (c *Callbacks) Verify(id string, body []byte, signature string) bool {
	return hmac.Equal([]byte(signature), []byte(Sign(c.Secret, id, body)))
}

// Sign is the signature an executor sends in X-Lanes-Signature: "sha256=" and the hex
// HMAC-SHA256, keyed by the shared secret, of the callback ID, a line feed and the body.
func Sign(secret []byte, id string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(id + "\n"))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (c *Callbacks) mac(purpose string, data []byte) []byte {
	m := hmac.New(sha256.New, c.Secret)
	m.Write([]byte(purpose))
	m.Write(data)
	return m.Sum(nil)
}

// CallbackOutcome is what an executor posts to the callback URL: the job's result, or
// its failure; exactly one.
type CallbackOutcome struct {
	// Result is the finished job's result, as a synchronous answer would carry it.
	Result *AutomationResult `json:"result,omitempty"`
	// Error says why the job failed.
	Error *CallbackError `json:"error,omitempty"`
}

// CallbackError is a failed job's report.
type CallbackError struct {
	// Message says what went wrong; people read it in the task's exception.
	Message string `json:"message"`
	// Retryable asks Lanes to try the job again (the webhook is called again with the same
	// Idempotency-Key) while attempts remain; false makes the task an exception at once.
	Retryable bool `json:"retryable,omitempty"`
}
