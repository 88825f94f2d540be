package activities

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.uber.org/zap"
)

// Error types (the ApplicationError "type" strings) of a failed notification.
const (
	// ErrNotificationRejected means the message or the endpoint's answer (4xx) is permanent; it is non-retryable.
	ErrNotificationRejected = "NotificationRejected"
	// ErrNotificationUnavailable is a transient failure (5xx, 408, 429, network); it is retryable.
	ErrNotificationUnavailable = "NotificationUnavailable"
	// ErrNotificationNotConfigured means the notifier has no endpoint or logger; it is non-retryable.
	ErrNotificationNotConfigured = "NotificationNotConfigured"
)

// defaultNotifyTimeout bounds a notification sent with the default client;
// chat webhooks answer in well under a second.
const defaultNotifyTimeout = 30 * time.Second

// Notification is one message to a person or a role's queue.
type Notification struct {
	// IdempotencyKey is stable across retries, so a retried notice is not posted twice.
	IdempotencyKey string `json:"idempotencyKey"`
	// TaskID is the task the notice is about; TaskLink builds the link from it.
	TaskID string `json:"taskId"`
	// Kind says what happened, e.g. "assigned", "exception", "sla-breach", "completed".
	Kind string `json:"kind"`
	// Recipient is a person or a role's queue, "role:<name>".
	Recipient string `json:"recipient"`
	// Title heads the message: the task's name and the request's title.
	Title string `json:"title"`
	// Text is the message itself; required.
	Text string `json:"text"`
	// Link is the task in the Temporal UI.
	Link string `json:"link,omitempty"`
}

// Notifier delivers a notification.
type Notifier interface {
	// Send delivers n; its errors are ApplicationErrors typed with the ErrNotification constants.
	Send(ctx context.Context, n Notification) error
}

// Notifications is the activity struct; the workflow calls (*Notifications).Notify.
type Notifications struct {
	// Notifier delivers the messages: the chat webhook, or the log when none is configured.
	Notifier Notifier
	// TaskLink, when set, gives the task's page in the Temporal UI for notices without a link.
	TaskLink func(taskID string) string
}

// Notify checks msg and hands it to the notifier.
func (n *Notifications) Notify(ctx context.Context, msg Notification) error {
	switch {
	case strings.TrimSpace(msg.Recipient) == "":
		return temporal.NewNonRetryableApplicationError("notification recipient: required", ErrNotificationRejected, nil)
	case strings.TrimSpace(msg.Text) == "":
		return temporal.NewNonRetryableApplicationError("notification text: required", ErrNotificationRejected, nil)
	case n.Notifier == nil:
		return temporal.NewNonRetryableApplicationError("no notifier configured", ErrNotificationNotConfigured, nil)
	}
	if msg.Link == "" && n.TaskLink != nil {
		msg.Link = n.TaskLink(msg.TaskID)
	}
	// Returned as is: Send's errors are already ApplicationErrors with their type.
	return n.Notifier.Send(ctx, msg)
}

// WebhookNotifier posts notifications to a Slack-compatible incoming webhook.
type WebhookNotifier struct {
	// URL is the incoming webhook; it holds a secret, so it never appears in errors.
	URL string
	// Client makes the calls; nil means a default client with a timeout.
	Client *http.Client
}

var _ Notifier = (*WebhookNotifier)(nil)

// Send posts n as a Slack message: the title in bold, the text, and the link.
func (w *WebhookNotifier) Send(ctx context.Context, n Notification) error {
	if w.URL == "" {
		return temporal.NewNonRetryableApplicationError("notification webhook URL is empty", ErrNotificationNotConfigured, nil)
	}
	body, err := json.Marshal(map[string]string{"text": slackText(n)})
	if err != nil {
		return temporal.NewNonRetryableApplicationError("encode notification", ErrNotificationRejected, err)
	}
	r, err := postJSON(ctx, webhookClient(w.Client, defaultNotifyTimeout), w.URL, jsonHeader(n.IdempotencyKey), body)
	call := webhookCall{
		target: "notification webhook", doing: n.Kind + " notification", fix: "fix LANES_NOTIFY_WEBHOOK_URL",
		rejected: ErrNotificationRejected, unavailable: ErrNotificationUnavailable, notConfigured: ErrNotificationNotConfigured,
	}
	return call.outcome(r, err)
}

// slackText is the message in Slack's mrkdwn. Title and text are escaped
// because Slack reads &, < and > as markup; the link is left as is so Slack links it.
func slackText(n Notification) string {
	var lines []string
	if n.Title != "" {
		lines = append(lines, "*"+slackEscape(n.Title)+"*")
	}
	lines = append(lines, slackEscape(n.Text))
	if n.Link != "" {
		lines = append(lines, n.Link)
	}
	return strings.Join(lines, "\n")
}

// slackEscape escapes the three characters Slack asks to be escaped.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// LogNotifier writes notifications to the worker log; Lanes uses it when no
// webhook is configured, so a notification is never silently dropped.
type LogNotifier struct {
	// Logger is the worker's log the notifications are written to.
	Logger *zap.Logger
}

var _ Notifier = (*LogNotifier)(nil)

// Send writes n to the log as one structured entry.
func (l *LogNotifier) Send(_ context.Context, n Notification) error {
	if l.Logger == nil {
		return temporal.NewNonRetryableApplicationError("log notifier has no logger", ErrNotificationNotConfigured, nil)
	}
	l.Logger.Info("notification",
		zap.String("kind", n.Kind),
		zap.String("recipient", n.Recipient),
		zap.String("task", n.TaskID),
		zap.String("title", n.Title),
		zap.String("text", n.Text),
		zap.String("link", n.Link),
		zap.String("idempotencyKey", n.IdempotencyKey),
	)
	return nil
}
