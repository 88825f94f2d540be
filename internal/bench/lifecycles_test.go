package bench

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
)

// Each lane's bench request is one intake takes, and critical work names who approves it.
func TestBenchLaneRequestsAreValid(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	for _, lane := range benchLanes() {
		req := benchRequest(lane, "lanes-"+lane.name+"-0")
		require.NoError(t, (&intake.Client{Catalog: cat}).Prepare(&req), lane.name)
		tt, _ := cat.TaskType(lane.taskType)
		if tt.Scores.Criticality >= cat.IntakePolicy().ApprovalCriticality {
			require.NotEmpty(t, lane.approver, "%s needs approval before its person completes it", lane.name)
		}
	}
}
