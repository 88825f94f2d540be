package activities

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func testNotification() Notification {
	return Notification{
		IdempotencyKey: "task-42/assigned/1",
		TaskID:         "task-42",
		Kind:           "assigned",
		Recipient:      "role:paid-media",
		Title:          "Pause spring sale",
		Text:           "CPC > $4 & rising",
		Link:           "http://localhost:8233/namespaces/default/workflows/task-42",
	}
}

// notify runs (*Notifications).Notify the way the worker registers it.
func notify(t *testing.T, notifier Notifier, msg Notification) error {
	t.Helper()
	env := newActivityEnv()
	env.RegisterActivity(&Notifications{Notifier: notifier})
	_, err := env.ExecuteActivity("Notify", msg)
	return err
}

func TestWebhookNotifierPostsSlackMessage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, "task-42/assigned/1", r.Header.Get("Idempotency-Key"))
		var body map[string]string
		assert.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, map[string]string{
			"text": "*Pause spring sale*\nCPC &gt; $4 &amp; rising\nhttp://localhost:8233/namespaces/default/workflows/task-42",
		}, body)
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()

	require.NoError(t, notify(t, &WebhookNotifier{URL: srv.URL}, testNotification()))
}

func TestWebhookNotifierFailedStatus(t *testing.T) {
	tests := []struct {
		status    int
		wantType  string
		retryable bool
	}{
		{status: http.StatusBadRequest, wantType: ErrNotificationRejected},
		{status: http.StatusForbidden, wantType: ErrNotificationRejected},
		{status: http.StatusTooManyRequests, wantType: ErrNotificationUnavailable, retryable: true},
		{status: http.StatusInternalServerError, wantType: ErrNotificationUnavailable, retryable: true},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "invalid_payload", tt.status)
			}))
			defer srv.Close()

			err := notify(t, &WebhookNotifier{URL: srv.URL}, testNotification())
			appErr := requireAppError(t, err, tt.wantType, tt.retryable)
			assert.Contains(t, appErr.Error(), "invalid_payload")
		})
	}
}

func TestWebhookNotifierServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/services/T000/B000/SECRET"
	srv.Close()

	err := notify(t, &WebhookNotifier{URL: url}, testNotification())
	appErr := requireAppError(t, err, ErrNotificationUnavailable, true)
	assert.NotContains(t, appErr.Error(), "SECRET")
}

func TestLogNotifierWritesNotification(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	require.NoError(t, notify(t, &LogNotifier{Logger: zap.New(core)}, testNotification()))

	entries := logs.All()
	require.Len(t, entries, 1)
	assert.Equal(t, "notification", entries[0].Message)
	fields := entries[0].ContextMap()
	assert.Equal(t, "role:paid-media", fields["recipient"])
	assert.Equal(t, "assigned", fields["kind"])
	assert.Equal(t, "task-42", fields["task"])
	assert.Equal(t, "CPC > $4 & rising", fields["text"])
}

// recordingNotifier remembers what it was asked to send.
type recordingNotifier struct{ sent []Notification }

func (r *recordingNotifier) Send(_ context.Context, n Notification) error {
	r.sent = append(r.sent, n)
	return nil
}

func TestNotifyRejectsIncompleteMessage(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Notification)
		field string
	}{
		{name: "no recipient", edit: func(n *Notification) { n.Recipient = " " }, field: "recipient"},
		{name: "no text", edit: func(n *Notification) { n.Text = "" }, field: "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := testNotification()
			tt.edit(&msg)
			rec := &recordingNotifier{}
			err := notify(t, rec, msg)
			appErr := requireAppError(t, err, ErrNotificationRejected, false)
			assert.Contains(t, appErr.Error(), tt.field)
			assert.Empty(t, rec.sent)
		})
	}
}

func TestNotifySends(t *testing.T) {
	rec := &recordingNotifier{}
	require.NoError(t, notify(t, rec, testNotification()))
	assert.Equal(t, []Notification{testNotification()}, rec.sent)
}
