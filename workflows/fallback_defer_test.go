package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A deferred task gets a new resolution clock: the resolution SLA again from the
// breach. Its due date is the status's deadline and LanesResolveBy; it warns the
// holder at 75% of its span, and when it passes too, the holder hears and the task
// escalates. The task still counts as having missed its SLA.
func TestDeferGivesANewResolutionClock(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	cal := te.catalog.Teams["marketing-ops"]
	missed, err := cal.Deadline(tuesday10NY, "3 business days")
	require.NoError(t, err)
	due, err := cal.Deadline(missed, "3 business days")
	require.NoError(t, err)
	warnAt, err := cal.Extend(missed, 18*time.Hour, "3 business days") // 75% of three 8-hour days
	require.NoError(t, err)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}})
	deferred := te.statusAt(missed.Sub(tuesday10NY) + time.Minute)
	var resolveBy time.Time
	te.env.RegisterDelayedCallback(func() {
		te.mu.Lock()
		defer te.mu.Unlock()
		resolveBy, _ = te.attrs.GetTime(AttrResolveBy)
	}, missed.Sub(tuesday10NY)+time.Minute)
	var warned []string
	te.env.RegisterDelayedCallback(func() { warned = te.sent() }, warnAt.Sub(tuesday10NY)+time.Minute)
	details := te.detailsAt(missed.Sub(tuesday10NY)+time.Minute, "")
	overdue := te.statusAt(due.Sub(tuesday10NY) + time.Minute)
	overdueDetails := te.detailsAt(due.Sub(tuesday10NY)+time.Minute, "")
	te.signalAt(due.Sub(tuesday10NY)+10*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "bob"}, Outcome: OutcomeResolved})

	st := te.run(reviewRequest)

	require.NotNil(t, deferred.Fallback)
	assert.True(t, deferred.Fallback.MissedDeadline.Equal(missed), "the missed deadline is on record")
	assert.True(t, deferred.Fallback.NewDueDate.Equal(due))
	assert.True(t, deferred.Resolution.Deadline.Equal(due), "the resolution clock runs to the new due date")
	assert.Nil(t, deferred.Resolution.BreachedAt)
	assert.True(t, deferred.Resolution.RunningSince.Equal(missed))
	assert.Equal(t, SLABreached, deferred.SLAState, "the SLA was lost; the new due date does not undo that")
	assert.True(t, resolveBy.Equal(due), "LanesResolveBy follows: %s", resolveBy)
	assert.Equal(t, 2, strings.Count(strings.Join(warned, " "), "sla-warning→bob"), "a warning for each clock: %v", warned)
	assert.Contains(t, visible(*details)[0], "SLA **breached**: deferred, resolve by "+te.local(due))
	assert.Contains(t, *details, "Fallback defer: missed "+te.local(missed)+"; deferred to "+te.local(due))
	assert.Contains(t, visible(*overdueDetails)[0], "**deferred resolution ran out** "+te.local(due))

	require.NotNil(t, overdue.Resolution.BreachedAt)
	assert.True(t, overdue.Resolution.BreachedAt.Equal(due))
	assert.Equal(t, "deferred due date missed", overdue.EscalationReason)
	assert.Equal(t, []string{"bob"}, overdue.EscalatedTo)
	assert.Equal(t, 2, strings.Count(strings.Join(te.sent(), " "), "sla-breach→bob"))
	assert.Equal(t, 1, strings.Count(strings.Join(te.sent(), " "), "deferred→pat"), "deferred once, not again at the new due date")

	assert.Equal(t, SLAMissed, st.SLAState)
	require.Len(t, st.Escalations, 1)
	assert.Equal(t, EndCompleted, st.Escalations[0].Ended)
}

// Waiting on the requester pauses a deferred clock like any other; resuming keeps the
// task breached, as its SLA was lost.
func TestDeferredClockPausesAndResumes(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	missed, err := te.catalog.Teams["marketing-ops"].Deadline(tuesday10NY, "3 business days")
	require.NoError(t, err)
	after := missed.Sub(tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}})
	te.signalAt(after+time.Hour, SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: "bob"}, Reason: "which banner size?"})
	paused := te.statusAt(after + 2*time.Hour)
	te.signalAt(after+3*time.Hour, SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "pat"}})
	resumed := te.statusAt(after + 3*time.Hour + time.Minute)
	te.signalAt(after+4*time.Hour, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "bob"}, Outcome: OutcomeResolved})

	st := te.run(reviewRequest)

	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "bob", accepted: true},
		{name: SignalWaitOnRequester, actor: "bob", accepted: true},
		{name: SignalResume, actor: "pat", accepted: true},
		{name: SignalComplete, actor: "bob", accepted: true},
	}, st.Signals)
	assert.NotNil(t, paused.Resolution.PausedAt)
	assert.Equal(t, SLABreached, resumed.SLAState)
	assert.True(t, resumed.Resolution.Deadline.After(*st.Fallback.NewDueDate), "the pause moved the new due date")
	assert.Equal(t, SLAMissed, st.SLAState)
}

// local shows a time as the marketing-ops team reads it in notices and details.
func (te *taskEnv) local(at time.Time) string {
	te.t.Helper()
	zone, err := time.LoadLocation(te.catalog.Teams["marketing-ops"].TimeZone)
	require.NoError(te.t, err)
	return (&clocks{zone: zone}).local(at)
}
