// Package lanesworker runs Lanes: the task, escalation and roster workflows and the RPA
// and cloud automation pools, configured from the environment.
package lanesworker

import (
	"fmt"
	"net"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/ledger"
)

// PoolConfig sizes one automation pool.
type PoolConfig struct {
	// WebhookURL receives the pool's actions that have no Go automation.
	WebhookURL string
	// Concurrency is how many actions one worker process runs at once.
	Concurrency int
	// RatePerSecond caps the pool's actions per second across every worker on its queue; 0 is no cap.
	RatePerSecond float64
}

// Config is everything the worker reads from its environment, and what it runs with:
// LoadConfig fills both; a test or a bench builds its own.
type Config struct {
	Temporal    connect.Config
	CatalogPath string // LANES_CATALOG; empty is the built-in catalog
	// RosterPath is the roster file that seeds each team's roster (LANES_ROSTER); empty is
	// the built-in roster, and RosterOff ("off") leaves human work in role queues.
	RosterPath string
	// RosterReconcileEvery is how often rosters check that tasks holding capacity are open (LANES_ROSTER_RECONCILE_EVERY).
	RosterReconcileEvery time.Duration
	QueuePrefix          string // LANES_QUEUE_PREFIX
	// Pools lists which pools this process runs (LANES_POOLS: tasks, rpa, cloud), so each scales on its own.
	Pools []string
	RPA   PoolConfig // LANES_RPA_WEBHOOK_URL, LANES_RPA_CONCURRENCY, LANES_RPA_RATE_PER_SECOND
	Cloud PoolConfig // LANES_CLOUD_…
	// AutomationHeartbeatTimeout is how long an automation may go without a heartbeat before
	// Temporal retries it on another worker (LANES_AUTOMATION_HEARTBEAT_TIMEOUT); 0 is
	// activities.AutomationHeartbeatTimeout.
	AutomationHeartbeatTimeout time.Duration
	// CallbackSecret is shared with the executors whose jobs call back (LANES_CALLBACK_SECRET):
	// it signs the callback IDs and the callbacks. Required when such a job runs here.
	CallbackSecret string
	// CallbackURL is where those executors reach this worker's callback route (LANES_CALLBACK_URL).
	CallbackURL string
	// CallbackAddr is the address the callback route listens on (LANES_CALLBACK_ADDR, default :8090).
	CallbackAddr string
	// CallbackListener, when set, serves the callback route instead of CallbackAddr.
	CallbackListener net.Listener
	NotifyWebhookURL string // LANES_NOTIFY_WEBHOOK_URL; empty writes notices to the log
	// AdPlatformWebhookURL receives campaign pauses, the fallback of types whose resolution SLA is lost.
	AdPlatformWebhookURL string // LANES_AD_PLATFORM_WEBHOOK_URL
	LogLevel             string // LANES_LOG_LEVEL
	// LogJSON writes JSON lines for log collectors (LANES_LOG_FORMAT=json) instead of console lines.
	LogJSON bool
	UIURL   string // LANES_UI_URL: the Temporal UI that notices link to
	// Ledger is where tasks record their facts for the leaders' numbers: PostgreSQL
	// when LANES_LEDGER_DSN is set, otherwise the SQLite file LANES_LEDGER_PATH (empty
	// is ledger.DefaultSQLitePath). RunWorker opens it for the tasks pool.
	Ledger ledger.Config

	// Catalog is the catalog read from CatalogPath.
	Catalog *catalog.Catalog
	// Logger logs at LogLevel, as JSON lines when LogJSON; the caller syncs it before exit.
	Logger *zap.Logger
	// Notifier tells people: the webhook at NotifyWebhookURL, or the log.
	Notifier activities.Notifier
}

// RosterOff is the LANES_ROSTER value that runs without rosters: human work stays in role queues.
const RosterOff = "off"

// Pool names accepted in LANES_POOLS.
const (
	PoolTasks = "tasks"
	PoolRPA   = "rpa"
	PoolCloud = "cloud"
)

// LoadConfig reads Config through getenv, with its logger, catalog and notifier, and
// checks the roster file against the catalog, so a bad file is reported before dialing.
// Each error names the variable and the fix.
func LoadConfig(getenv func(string) string) (Config, error) {
	c, err := loadSettings(getenv)
	if err != nil {
		return Config{}, err
	}
	if c.Logger, err = connect.NewLogger(c.LogLevel, !c.LogJSON); err != nil {
		return Config{}, err
	}
	if c.Catalog, err = catalog.Load(c.CatalogPath); err != nil {
		return Config{}, fmt.Errorf("LANES_CATALOG: %w", err)
	}
	// RunWorker reads the roster file again to use it.
	if _, err := loadRoster(c); err != nil {
		return Config{}, err
	}
	c.Notifier = &activities.LogNotifier{Logger: c.Logger.Named("notice")}
	if c.NotifyWebhookURL != "" {
		c.Notifier = &activities.WebhookNotifier{URL: c.NotifyWebhookURL}
	}
	return c, nil
}

// heartbeatTimeout is the automations' heartbeat timeout, the default when unset.
func (c Config) heartbeatTimeout() time.Duration {
	if c.AutomationHeartbeatTimeout > 0 {
		return c.AutomationHeartbeatTimeout
	}
	return activities.AutomationHeartbeatTimeout
}

func (c Config) runs(pool string) bool {
	for _, p := range c.Pools {
		if p == pool {
			return true
		}
	}
	return false
}
