package workflows

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
)

// Histories recorded from the integration runs (go test ./worker -run TestIntegration
// -record-histories) must replay against today's code: a change that breaks them
// needs workflow.GetVersion. The five reference tasks were recorded before escalation
// existed, so they also prove the GetVersion gates keep old tasks unchanged.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 5, "at least one recorded history per DOMAIN.md §4 task")
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflow(CampaignTaskWorkflow)
	replayer.RegisterWorkflow(EscalationWorkflow)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			require.NoError(t, replayer.ReplayWorkflowHistoryFromJSONFile(nil, f))
		})
	}
}
