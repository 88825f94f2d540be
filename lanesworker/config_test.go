package lanesworker

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, err := LoadConfig(env(nil))
	require.NoError(t, err)
	require.Equal(t, []string{"tasks", "rpa", "cloud"}, cfg.Pools)
	require.Equal(t, "lanes", cfg.QueuePrefix)
	require.Equal(t, PoolConfig{Concurrency: 10, RatePerSecond: 20}, cfg.RPA)
	require.Equal(t, PoolConfig{Concurrency: 20}, cfg.Cloud)
	require.Equal(t, "http://localhost:8233", cfg.UIURL)
	require.False(t, cfg.LogJSON)
	require.Equal(t, 20*time.Second, cfg.AutomationHeartbeatTimeout)
}

func TestLoadConfigNamesTheVariable(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"LANES_POOLS": "tasks,bots"}, `LANES_POOLS: "bots" is not a pool`},
		{map[string]string{"LANES_RPA_CONCURRENCY": "0"}, "LANES_RPA_CONCURRENCY: must be a whole number of at least 1"},
		{map[string]string{"LANES_CLOUD_RATE_PER_SECOND": "-1"}, "LANES_CLOUD_RATE_PER_SECOND"},
		{map[string]string{"LANES_RPA_WEBHOOK_URL": "ftp://bots"}, "LANES_RPA_WEBHOOK_URL: \"ftp://bots\" is not an http(s) URL"},
		{map[string]string{"LANES_AD_PLATFORM_WEBHOOK_URL": "ads"}, "LANES_AD_PLATFORM_WEBHOOK_URL"},
		{map[string]string{"LANES_LOG_FORMAT": "xml"}, `LANES_LOG_FORMAT: "xml" is not a format`},
		{map[string]string{"TEMPORAL_TLS": "maybe"}, "TEMPORAL_TLS"},
		{map[string]string{"LANES_AUTOMATION_HEARTBEAT_TIMEOUT": "500ms"}, `LANES_AUTOMATION_HEARTBEAT_TIMEOUT: "500ms" must be a duration of at least 1s`},
	} {
		_, err := LoadConfig(env(tc.vars))
		require.ErrorContains(t, err, tc.want)
	}
	cfg, err := LoadConfig(env(map[string]string{"LANES_POOLS": "rpa", "LANES_RPA_RATE_PER_SECOND": "2.5", "LANES_LOG_FORMAT": "json"}))
	require.NoError(t, err)
	require.Equal(t, []string{"rpa"}, cfg.Pools)
	require.Equal(t, 2.5, cfg.RPA.RatePerSecond)
	require.True(t, cfg.LogJSON)
}
