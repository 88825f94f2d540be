package lanesworker

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

// A process that does not run a calling-back job's pool has no job that calls back, so
// needs no secret.
func TestCallbackActionsAreThoseOfThisProcessPools(t *testing.T) {
	cat := &catalog.Catalog{TaskTypes: []catalog.TaskType{{ID: "routine-data-sync",
		Automation: &catalog.Automation{Executor: catalog.ExecutorRPA, Action: "sync-crm", Callback: true}}}}
	require.Equal(t, map[string]string{"sync-crm": "routine-data-sync"}, callbackActions(Config{Pools: []string{PoolRPA}}, cat))
	require.Empty(t, callbackActions(Config{Pools: []string{PoolCloud}}, cat))
}
