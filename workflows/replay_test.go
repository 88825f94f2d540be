package workflows

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Histories of the baseline must replay against today's code.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", Baseline, "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 5, "at least one recorded history per DOMAIN.md §4 task")
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflow(CampaignTaskWorkflow)
	replayer.RegisterWorkflow(EscalationWorkflow)
	replayer.RegisterWorkflow(TeamRosterWorkflow)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			hist, err := client.HistoryFromJSON(bytes.NewReader(data), client.HistoryJSONOptions{})
			require.NoError(t, err)
			// Replay under the recorded workflow ID: the escalation child's ID is built from it.
			id := hist.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowId()
			require.NoError(t, replayer.ReplayWorkflowHistoryWithOptions(nil, hist, worker.ReplayWorkflowHistoryOptions{
				OriginalExecution: workflow.Execution{ID: id},
			}))
		})
	}
}

// The baseline was recorded with no version patches: every branch it takes is today's
// only one, and a later patch's GetVersion marker is what tells new histories apart.
func TestBaselineHasNoVersionPatches(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", Baseline, "*.json"))
	require.NoError(t, err)
	types := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		hist, err := client.HistoryFromJSON(bytes.NewReader(data), client.HistoryJSONOptions{})
		require.NoError(t, err)
		types[hist.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowType().GetName()] = true
		for _, e := range hist.GetEvents() {
			if m := e.GetMarkerRecordedEventAttributes(); m != nil {
				require.NotEqual(t, "Version", m.GetMarkerName(), "%s: a version marker in the baseline", filepath.Base(f))
			}
		}
	}
	require.Equal(t, map[string]bool{"CampaignTaskWorkflow": true, "EscalationWorkflow": true, "TeamRosterWorkflow": true}, types, "each workflow has a recorded history")
}
