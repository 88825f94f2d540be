package lanesworker

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
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/workflows"
)

// RunWorker runs the pools cfg asks for against c until ctx ends, which is no error;
// it starts the teams' rosters first. The namespace needs Lanes' search attributes
// (EnsureSearchAttributes) before tasks start.
func RunWorker(ctx context.Context, cfg Config, c client.Client) error {
	cat, logger := cfg.Catalog, cfg.Logger
	queues := workflows.QueuesWithPrefix(cfg.QueuePrefix)
	rosters, err := loadRoster(cfg)
	if err != nil {
		return err
	}
	var facts *ledger.Store
	if cfg.runs(PoolTasks) {
		// Opened first, so a wrong DSN stops start-up before any task could wait on it.
		if facts, err = OpenLedger(ctx, cfg.Ledger); err != nil {
			return err
		}
		defer func() {
			if err := facts.Close(); err != nil {
				logger.Warn("Closing the task ledger", zap.Error(err))
			}
		}()
	}
	callbacks, stopCallbacks, err := startCallbacks(ctx, cfg, c)
	if err != nil {
		return err
	}
	defer stopCallbacks()
	var workers []worker.Worker
	fatal := make(chan error, 3)
	onFatal := func(err error) {
		select {
		case fatal <- err:
		default:
		}
	}
	if cfg.runs(PoolTasks) {
		w := worker.New(c, queues.Tasks, worker.Options{OnFatalError: onFatal})
		w.RegisterWorkflow(workflows.CampaignTaskWorkflow)
		w.RegisterWorkflow(workflows.EscalationWorkflow)
		w.RegisterWorkflow(workflows.TeamRosterWorkflow)
		w.RegisterActivity(&activities.Rosters{Temporal: c})
		w.RegisterActivity(&activities.Ledger{Store: facts})
		w.RegisterActivity(&activities.Campaigns{Platform: &activities.WebhookAdPlatform{URL: cfg.AdPlatformWebhookURL}})
		w.RegisterActivity(&activities.TaskPolicies{Catalog: cat, Queues: map[catalog.Executor]string{
			catalog.ExecutorRPA: queues.RPA, catalog.ExecutorCloud: queues.Cloud,
		}, Roster: rosters, AutomationHeartbeatTimeout: cfg.heartbeatTimeout()})
		w.RegisterActivity(&activities.Notifications{Notifier: cfg.Notifier, TaskLink: func(taskID string) string {
			return fmt.Sprintf("%s/namespaces/%s/workflows/%s", cfg.UIURL, url.PathEscape(cfg.Temporal.Namespace), url.PathEscape(taskID))
		}})
		workers = append(workers, w)
	}
	calledBack := callbackActions(cfg, cat)
	for _, pool := range []struct {
		name     string
		executor catalog.Executor
		queue    string
		cfg      PoolConfig
	}{{PoolRPA, catalog.ExecutorRPA, queues.RPA, cfg.RPA}, {PoolCloud, catalog.ExecutorCloud, queues.Cloud, cfg.Cloud}} {
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
	if cfg.runs(PoolTasks) {
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
		zap.String("rpa queue", queues.RPA), zap.String("cloud queue", queues.Cloud), zap.String("catalog", cat.Ref()),
		zap.String("payloads", cfg.Temporal.PayloadKeys.Describe()))
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
