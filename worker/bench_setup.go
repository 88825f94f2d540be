package main

import (
	"context"
	"sync"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/connect"
)

// benchSetup is what every bench starts with: the configuration (logging at warn
// unless asked), a client, and Lanes' search attributes on the namespace.
func benchSetup(ctx context.Context, getenv func(string) string) (Config, *zap.Logger, *catalog.Catalog, client.Client, error) {
	cfg, logger, cat, err := setup(func(k string) string {
		if k == "LANES_LOG_LEVEL" && getenv(k) == "" {
			return "warn"
		}
		return getenv(k)
	})
	if err != nil {
		return cfg, nil, nil, nil, err
	}
	c, err := connect.Dial(ctx, cfg.Temporal, logger)
	if err != nil {
		return cfg, nil, nil, nil, err
	}
	if err := EnsureSearchAttributes(ctx, c, cfg.Temporal.Namespace); err != nil {
		c.Close()
		return cfg, nil, nil, nil, err
	}
	return cfg, logger, cat, c, nil
}

// startBenchWorker runs Lanes in this process on the bench's own queues (cfg.QueuePrefix),
// so it never disturbs a worker serving the namespace. A local endpoint stands in for the
// automations and the ad platform, and notices go to a board the bench reads, so nothing
// real is paused or paged. The worker runs until stop, even past ctx, to close what the bench opened.
func startBenchWorker(ctx context.Context, cfg *Config, c client.Client, cat *catalog.Catalog, logger *zap.Logger) (*noticeBoard, func(), error) {
	endpoint, stopEndpoint, err := startDevAutomationEndpoint("127.0.0.1:0", logger)
	if err != nil {
		return nil, nil, err
	}
	cfg.RPA.WebhookURL, cfg.Cloud.WebhookURL, cfg.AdPlatformWebhookURL = endpoint+"/rpa", endpoint+"/cloud", endpoint+"/ads"
	cfg.RPA.RatePerSecond = 0
	board := &noticeBoard{watch: map[string]chan activities.Notification{}}
	wctx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone := make(chan error, 1)
	go func() { workerDone <- RunWorker(wctx, *cfg, c, cat, board, logger) }()
	return board, func() {
		stopWorker()
		<-workerDone
		stopEndpoint()
	}, nil
}

// noticeBoard is the bench's notifier: it hands each task's notices to whoever follows the task.
type noticeBoard struct {
	mu    sync.Mutex
	watch map[string]chan activities.Notification
}

func (b *noticeBoard) follow(taskID string) <-chan activities.Notification {
	ch := make(chan activities.Notification, 16)
	b.mu.Lock()
	b.watch[taskID] = ch
	b.mu.Unlock()
	return ch
}

func (b *noticeBoard) forget(taskID string) {
	b.mu.Lock()
	delete(b.watch, taskID)
	b.mu.Unlock()
}

// Send delivers a notice to the task's follower, if any; it never blocks the activity.
func (b *noticeBoard) Send(_ context.Context, n activities.Notification) error {
	b.mu.Lock()
	ch := b.watch[n.TaskID]
	b.mu.Unlock()
	if ch != nil {
		select {
		case ch <- n:
		default:
		}
	}
	return nil
}
