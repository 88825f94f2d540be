package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// retime changes a task type of the test's catalog, such as its SLAs, before the task starts.
func (te *taskEnv) retime(typeID string, change func(*catalog.TaskType)) {
	te.t.Helper()
	for i := range te.catalog.TaskTypes {
		if te.catalog.TaskTypes[i].ID == typeID {
			change(&te.catalog.TaskTypes[i])
			return
		}
	}
	te.t.Fatalf("no task type %q", typeID)
}

// An automated task whose resolution SLA runs out while its automation still works is
// rerouted to a person. The automation's late answer is recorded and the person told;
// it does not close the task under them: they complete it.
func TestRerouteKeepsTheTaskFromTheLateAutomation(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.retime("utm-naming-validation", func(tt *catalog.TaskType) {
		tt.ResolutionSLA, tt.Automation.Timeout = "5m", catalog.Duration(10*time.Minute)
	})
	te.automation("validate-utm-naming", mock.Anything, activities.AutomationResult{Summary: "3 links checked"}, nil).After(8 * time.Minute).Once()
	te.signalAt(6*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
	te.signalAt(7*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: OutcomeResolved})
	answered := te.statusAt(9 * time.Minute)
	te.signalAt(10*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: OutcomeResolved, Note: "links fine"})

	st := te.run(TaskRequest{RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check the launch UTMs", Payload: []byte(`{"urls":[]}`)})

	assert.Equal(t, summary{Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, Stage: StageAcknowledged, HumanStep: StepWork,
		Assignee: "alice", SLAState: SLABreached, Handoffs: 1}, summarize(*answered), "the answer leaves the task with alice")
	require.NotNil(t, answered.Automation.Result)
	assert.Equal(t, "3 links checked", answered.Automation.Result.Summary)
	assert.Contains(t, te.sent(), "automation-done→alice")
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "alice", accepted: true},
		{name: SignalComplete, actor: "alice", reason: "the automation has not reported yet"},
		{name: SignalComplete, actor: "alice", accepted: true},
	}, st.Signals)
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, "alice", st.CompletedBy)
	assert.Zero(t, st.ManualMinutes, "a person did the closing step")
}
