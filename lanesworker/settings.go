package lanesworker

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/workflows"
)

// loadSettings reads the variables into Config.
func loadSettings(getenv func(string) string) (Config, error) {
	tc, err := connect.FromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	get := func(name, fallback string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return fallback
	}
	c := Config{
		Temporal:             tc,
		CatalogPath:          get("LANES_CATALOG", ""),
		RosterPath:           get("LANES_ROSTER", ""),
		QueuePrefix:          get("LANES_QUEUE_PREFIX", workflows.DefaultQueuePrefix),
		NotifyWebhookURL:     get("LANES_NOTIFY_WEBHOOK_URL", ""),
		AdPlatformWebhookURL: get("LANES_AD_PLATFORM_WEBHOOK_URL", ""),
		LogLevel:             get("LANES_LOG_LEVEL", "info"),
		CallbackSecret:       get("LANES_CALLBACK_SECRET", ""),
		CallbackURL:          get("LANES_CALLBACK_URL", ""),
		CallbackAddr:         get("LANES_CALLBACK_ADDR", ":8090"),
		UIURL:                strings.TrimRight(get("LANES_UI_URL", "http://localhost:8233"), "/"),
	}
	if c.Ledger, err = LedgerFromEnv(getenv); err != nil {
		return Config{}, err
	}
	for _, p := range strings.Split(get("LANES_POOLS", "tasks,rpa,cloud"), ",") {
		p = strings.TrimSpace(p)
		if p != PoolTasks && p != PoolRPA && p != PoolCloud {
			return Config{}, fmt.Errorf("LANES_POOLS: %q is not a pool; list some of tasks, rpa, cloud", p)
		}
		c.Pools = append(c.Pools, p)
	}
	if c.RPA, err = loadPool(get, "RPA", 10, 20); err != nil {
		return Config{}, err
	}
	if c.Cloud, err = loadPool(get, "CLOUD", 20, 0); err != nil {
		return Config{}, err
	}
	every, err := time.ParseDuration(get("LANES_ROSTER_RECONCILE_EVERY", workflows.DefaultReconcileEvery.String()))
	if err != nil || every < time.Second {
		return Config{}, fmt.Errorf("LANES_ROSTER_RECONCILE_EVERY: %q must be a duration of at least 1s, like 10m", getenv("LANES_ROSTER_RECONCILE_EVERY"))
	}
	c.RosterReconcileEvery = every
	heartbeat, err := time.ParseDuration(get("LANES_AUTOMATION_HEARTBEAT_TIMEOUT", activities.AutomationHeartbeatTimeout.String()))
	if err != nil || heartbeat < time.Second {
		return Config{}, fmt.Errorf("LANES_AUTOMATION_HEARTBEAT_TIMEOUT: %q must be a duration of at least 1s, like 20s", getenv("LANES_AUTOMATION_HEARTBEAT_TIMEOUT"))
	}
	c.AutomationHeartbeatTimeout = heartbeat
	switch format := get("LANES_LOG_FORMAT", "console"); format {
	case "json":
		c.LogJSON = true
	case "console":
	default:
		return Config{}, fmt.Errorf("LANES_LOG_FORMAT: %q is not a format; use json or console", format)
	}
	if err := checkURL("LANES_NOTIFY_WEBHOOK_URL", c.NotifyWebhookURL); err != nil {
		return Config{}, err
	}
	if err := checkURL("LANES_AD_PLATFORM_WEBHOOK_URL", c.AdPlatformWebhookURL); err != nil {
		return Config{}, err
	}
	if err := checkURL("LANES_UI_URL", c.UIURL); err != nil {
		return Config{}, err
	}
	if err := checkURL("LANES_CALLBACK_URL", c.CallbackURL); err != nil {
		return Config{}, err
	}
	if c.CallbackSecret != "" && len(c.CallbackSecret) < activities.MinCallbackSecret {
		return Config{}, fmt.Errorf("LANES_CALLBACK_SECRET: has %d characters; use at least %d, like $(openssl rand -hex 32)", len(c.CallbackSecret), activities.MinCallbackSecret)
	}
	return c, nil
}

func loadPool(get func(string, string) string, name string, concurrency int, rate float64) (PoolConfig, error) {
	prefix := "LANES_" + name + "_"
	p := PoolConfig{WebhookURL: get(prefix+"WEBHOOK_URL", "")}
	if err := checkURL(prefix+"WEBHOOK_URL", p.WebhookURL); err != nil {
		return p, err
	}
	n, err := strconv.Atoi(get(prefix+"CONCURRENCY", strconv.Itoa(concurrency)))
	if err != nil || n < 1 {
		return p, fmt.Errorf("%sCONCURRENCY: must be a whole number of at least 1, like %d", prefix, concurrency)
	}
	p.Concurrency = n
	r, err := strconv.ParseFloat(get(prefix+"RATE_PER_SECOND", strconv.FormatFloat(rate, 'f', -1, 64)), 64)
	if err != nil || r < 0 {
		return p, fmt.Errorf("%sRATE_PER_SECOND: must be a number of actions per second, 0 for no cap", prefix)
	}
	p.RatePerSecond = r
	return p, nil
}

func checkURL(name, raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: %q is not an http(s) URL", name, raw)
	}
	return nil
}
