package workflows

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/ledger"
)

// backfilledBeside checks a backfill of the task's final status against the facts the
// workflow recorded: every backfilled fact stands under a key the workflow used, for
// the same kind, person and moment, so backfilling a task that recorded its facts adds
// nothing. It returns the workflow's keys the backfill left out.
func (te *taskEnv) backfilledBeside(st TaskStatus) []string {
	te.t.Helper()
	te.mu.Lock()
	defer te.mu.Unlock()
	recorded := map[string]ledger.Fact{}
	for _, f := range te.facts {
		recorded[f.Milestone] = f
	}
	tt, _ := te.catalog.TaskType(st.Request.TaskType)
	for _, f := range LedgerFactsFromStatus(st, tt.ManualMinutes) {
		want, ok := recorded[f.Milestone]
		if !assert.True(te.t, ok, "backfill made %s, which the workflow never recorded", f.Milestone) {
			continue
		}
		delete(recorded, f.Milestone)
		assert.Equal(te.t, want.TaskID, f.TaskID, f.Milestone)
		assert.Equal(te.t, factWhat(want), factWhat(f), f.Milestone)
		if f.Kind != ledger.KindEscalated { // the status keeps no time per level
			assert.True(te.t, want.At.Equal(f.At), "%s at %s, the workflow's at %s", f.Milestone, f.At, want.At)
		}
	}
	var left []string
	for _, f := range te.facts {
		if _, ok := recorded[f.Milestone]; ok {
			left = append(left, f.Milestone)
		}
	}
	return left
}

func TestBackfillKeysMatchAHumanTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.finishBy("bob", 2*time.Hour, "approved with one change")
	st := te.run(reviewRequest)
	assert.Equal(t, []string{"queued-1", "action-1", "action-2"}, te.backfilledBeside(st), "backfill writes no actions: its tasks ran before the doors set identities")
}

func TestBackfillKeysMatchAnAutomatedTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := TaskRequest{RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check the launch UTMs",
		Payload: json.RawMessage(`{"urls":["https://example.com/?utm_source=news"]}`)}
	te.automation("validate-utm-naming", mock.Anything, activities.AutomationResult{Summary: "1 URL valid"}, nil).Once()
	st := te.run(req)
	assert.Empty(t, te.backfilledBeside(st))
}

func TestBackfillKeysMatchAnEscalatingOutage(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.env.OnActivity("PauseCampaign", mock.Anything, mock.Anything).Return(activities.PauseResult{Paused: true, Summary: "paused"}, nil).Once()
	te.finishBy("oncall-1", 70*time.Minute, "restored")
	req := outageRequest
	req.CampaignID = "cmp-7" // the pause fallback pauses it
	st := te.run(req)
	assert.Equal(t, []string{"queued-1", "warning-response-75", "warning-resolution-75", "action-1", "action-2", "action-3"}, te.backfilledBeside(st))
}

func TestBackfillKeysMatchAReroute(t *testing.T) {
	se := newStaffedEnv(t, false)
	failSync(se.taskEnv)
	se.book(10*time.Second, "devon", "least utilized senior")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "devon"}})
	se.book(syncResolution+10*time.Second, "omar", "least utilized with the skill")
	se.signalAt(syncResolution+time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "omar"}})
	se.signalAt(syncResolution+2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "omar"}, Outcome: OutcomeResolved, Hours: 1.5})
	st := se.run(syncRequest)
	assert.Equal(t, []string{"booked-1", "acknowledged-1", "action-1", "warning-resolution-75", "handoff-1", "booked-2", "acknowledged-2", "action-2", "action-3"}, se.backfilledBeside(st))
}

// A cancelled task has no result; its status, read from the closed workflow, backfills.
func TestBackfillKeysMatchACancelledTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.env.RegisterDelayedCallback(te.env.CancelWorkflow, time.Hour)
	te.env.ExecuteWorkflow(CampaignTaskWorkflow, reviewRequest)
	require.True(t, te.env.IsWorkflowCompleted())
	v, err := te.env.QueryWorkflow(QueryStatus)
	require.NoError(t, err)
	var st TaskStatus
	require.NoError(t, v.Get(&st))
	assert.Equal(t, []string{"queued-1"}, te.backfilledBeside(st))
}
