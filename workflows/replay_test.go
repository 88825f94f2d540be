package workflows

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
)

// Histories recorded from the integration run (go test ./worker -run TestIntegration
// -record-histories) must replay against today's code: a change that breaks them
// needs workflow.GetVersion.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	require.Len(t, files, 5, "one recorded history per DOMAIN.md §4 task")
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflow(CampaignTaskWorkflow)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			require.NoError(t, replayer.ReplayWorkflowHistoryFromJSONFile(nil, f))
		})
	}
}
