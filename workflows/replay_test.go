package workflows

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Histories recorded from the integration runs (go test ./worker -run TestIntegration
// -record-histories) must replay against today's code: a change that breaks them
// needs workflow.GetVersion. The five reference tasks were recorded before escalation
// existed, so they also prove the GetVersion gates keep old tasks unchanged; the
// staffed-* ones and the roster's own were recorded once rosters booked people, and
// the governed-* ones once intake's tiers and DACI governed tasks.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
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

// The governed-* task histories took the daci-governance path, so their replay proves it.
func TestGovernedHistoriesTookTheGovernancePath(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "governed-*.json"))
	require.NoError(t, err)
	tasks := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		hist, err := client.HistoryFromJSON(bytes.NewReader(data), client.HistoryJSONOptions{})
		require.NoError(t, err)
		if hist.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowType().GetName() != "CampaignTaskWorkflow" {
			continue
		}
		tasks++
		var changes []string
		for _, e := range hist.GetEvents() {
			if m := e.GetMarkerRecordedEventAttributes(); m != nil && m.GetMarkerName() == "Version" {
				var id string
				require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(m.GetDetails()["change-id"], &id))
				changes = append(changes, id)
			}
		}
		require.Contains(t, changes, versionGovernance, filepath.Base(f))
	}
	require.GreaterOrEqual(t, tasks, 5, "the reference tasks and the escalated outage")
}
