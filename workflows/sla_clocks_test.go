package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

// A raise re-arms the clocks on one timer each: the old deadline never breaches again.
func TestRaisedClockBreachesOnce(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Hour, SignalRaiseSeverity, RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: "pat"}, Scores: catalog.Scores{Latency: 5, Criticality: 5, Automation: 1}})
	te.finishBy("bob", 26*time.Hour, "done")

	st := te.run(reviewRequest)

	require.NotNil(t, st.Response.BreachedAt)
	assert.Equal(t, 4*time.Hour+30*time.Minute, te.since(st.Response.BreachedAt), "the tightened deadline, 14:30")
	assert.Equal(t, 1, te.countSent("sla-breach"))
}

// Done while waiting on the requester: no time ran, so the clock is met.
func TestCompletedWhilePausedIsMet(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(5*time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.signalAt(20*time.Minute, SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
	te.approveIfNeeded(85 * time.Minute)
	te.signalAt(90*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved})

	st := te.run(outageRequest)

	assert.Equal(t, testApprover, st.ApprovedBy, "criticality 5 needed the approval")
	assert.Equal(t, SLAMet, st.SLAState)
	assert.Nil(t, st.Resolution.BreachedAt)
	assert.Equal(t, 70*time.Minute, st.Resolution.PausedFor)
	assert.Equal(t, 20*time.Minute, st.Resolution.Used)
	assert.Nil(t, st.Fallback)
}
