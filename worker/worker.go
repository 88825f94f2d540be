package main

import (
	"context"
	"fmt"
	"net/url"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

// RunWorker runs the pools cfg asks for against c until ctx ends.
// Notices go through notices, so a test or the bench can watch what people are told.
func RunWorker(ctx context.Context, cfg Config, c client.Client, cat *catalog.Catalog, notices activities.Notifier, logger *zap.Logger) error {
	queues := workflows.QueuesWithPrefix(cfg.QueuePrefix)
	rosters, err := loadRoster(cfg, cat)
	if err != nil {
		return err
	}
	var workers []worker.Worker
	fatal := make(chan error, 3)
	onFatal := func(err error) {
		select {
		case fatal <- err:
		default:
		}
	}
	if cfg.runs(poolTasks) {
		w := worker.New(c, queues.Tasks, worker.Options{OnFatalError: onFatal})
		w.RegisterWorkflow(workflows.CampaignTaskWorkflow)
		w.RegisterWorkflow(workflows.EscalationWorkflow)
		w.RegisterWorkflow(workflows.TeamRosterWorkflow)
		w.RegisterActivity(&activities.Rosters{Temporal: c})
		w.RegisterActivity(&activities.Campaigns{Platform: &activities.WebhookAdPlatform{URL: cfg.AdPlatformWebhookURL}})
		w.RegisterActivity(&activities.TaskPolicies{Catalog: cat, Queues: map[catalog.Executor]string{
			catalog.ExecutorRPA: queues.RPA, catalog.ExecutorCloud: queues.Cloud,
		}, Roster: rosters, AutomationHeartbeatTimeout: cfg.heartbeatTimeout()})
		w.RegisterActivity(&activities.Notifications{Notifier: notices, TaskLink: func(taskID string) string {
			return fmt.Sprintf("%s/namespaces/%s/workflows/%s", cfg.UIURL, url.PathEscape(cfg.Temporal.Namespace), url.PathEscape(taskID))
		}})
		workers = append(workers, w)
	}
	callbacks, stopCallbacks, err := startCallbacks(ctx, cfg, c, cat, logger)
	if err != nil {
		return err
	}
	defer stopCallbacks()
	calledBack := callbackActions(cfg, cat)
	for _, pool := range []struct {
		name     string
		executor catalog.Executor
		queue    string
		cfg      PoolConfig
	}{{poolRPA, catalog.ExecutorRPA, queues.RPA, cfg.RPA}, {poolCloud, catalog.ExecutorCloud, queues.Cloud, cfg.Cloud}} {
		if !cfg.runs(pool.name) {
			continue
		}
		w := worker.New(c, pool.queue, worker.Options{
			OnFatalError:                       onFatal,
			MaxConcurrentActivityExecutionSize: pool.cfg.Concurrency,
			TaskQueueActivitiesPerSecond:       pool.cfg.RatePerSecond,
		})
		webhook := &activities.WebhookExecutor{Pool: pool.name, URL: pool.cfg.WebhookURL}
		builtin := automations()
		for _, action := range cat.Actions(pool.executor) {
			if _, ok := calledBack[action]; ok {
				// A job that calls back is bounded by its own timeout; it does not heartbeat.
				w.RegisterActivityWithOptions((&activities.WebhookExecutor{Pool: pool.name, URL: pool.cfg.WebhookURL, Callbacks: callbacks}).Run,
					activity.RegisterOptions{Name: action})
				continue
			}
			impl, ok := builtin[action]
			if !ok {
				impl = webhook
			}
			// Heartbeats let Temporal retry an automation elsewhere soon after its worker dies.
			beating := activities.Heartbeating{Automation: impl, Every: cfg.heartbeatTimeout() / 4}
			w.RegisterActivityWithOptions(beating.Run, activity.RegisterOptions{Name: action})
		}
		workers = append(workers, w)
	}
	// Rosters exist before any task can ask them, so no task falls back to a role queue at start-up.
	if cfg.runs(poolTasks) {
		if err := EnsureRosters(ctx, c, queues.Tasks, cat, rosters, cfg.RosterReconcileEvery); err != nil {
			return err
		}
	}
	for _, w := range workers {
		if err := w.Start(); err != nil {
			stopAll(workers)
			return fmt.Errorf("start worker: %w", err)
		}
	}
	logger.Info("Lanes worker running", zap.Strings("pools", cfg.Pools), zap.String("tasks queue", queues.Tasks),
		zap.String("rpa queue", queues.RPA), zap.String("cloud queue", queues.Cloud), zap.String("catalog", cat.Ref()))
	// A worker that cannot go on (its namespace gone, say) stops the process instead of idling.
	select {
	case <-ctx.Done():
		stopAll(workers)
		return nil
	case err := <-fatal:
		stopAll(workers)
		return fmt.Errorf("worker stopped: %w", err)
	}
}

func stopAll(workers []worker.Worker) {
	for _, w := range workers {
		w.Stop()
	}
}

// notifier is the configured way to tell people: a Slack-compatible webhook, or the log.
func notifier(cfg Config, logger *zap.Logger) activities.Notifier {
	if cfg.NotifyWebhookURL == "" {
		return &activities.LogNotifier{Logger: logger.Named("notice")}
	}
	return &activities.WebhookNotifier{URL: cfg.NotifyWebhookURL}
}
