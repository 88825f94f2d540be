package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

var outageRequest = TaskRequest{RequestID: "req-1", TaskType: "live-campaign-outage", Title: "Spend on a dead landing page", Requester: "pat"}

// escalated lists the escalation notices as "level-N→recipient", in level order.
func (te *taskEnv) escalated() []string {
	te.mu.Lock()
	defer te.mu.Unlock()
	var out []string
	for _, n := range te.notices {
		if n.Kind == "escalation" {
			key := n.IdempotencyKey[strings.Index(n.IdempotencyKey, "/level-")+1:]
			out = append(out, strings.Replace(key, "/", "→", 1))
		}
	}
	return out
}

func (te *taskEnv) escalationLevelAttr() int64 {
	te.mu.Lock()
	defer te.mu.Unlock()
	v, _ := te.attrs.GetInt64(AttrEscalationLevel)
	return v
}

// A response breach climbs owner → manager; the manager's acknowledgement at level 2 stops it.
func TestResponseBreachClimbsAndStopsAtLevelTwo(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.env.RegisterDelayedCallback(func() {
		require.NoError(t, te.env.SignalWorkflowByID(EscalationWorkflowID(testWorkflowID, 1), SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "ops-mgr"}}))
	}, 35*time.Minute)
	during := te.statusAt(34 * time.Minute)
	te.finishBy("oncall-1", 40*time.Minute, "landing page restored")

	st := te.run(outageRequest)

	assert.Equal(t, 2, during.EscalationLevel)
	assert.Equal(t, EscalationWorkflowID(testWorkflowID, 1), during.Escalating)
	assert.Equal(t, []string{"level-1→role:on-call-ops", "level-2→role:ops-manager"}, te.escalated(), "each level fires once; level 3 never")
	require.Len(t, st.Escalations, 1)
	res := st.Escalations[0]
	assert.Equal(t, 2, res.LevelReached)
	assert.Equal(t, EndAcknowledged, res.Ended)
	assert.Equal(t, "ops-mgr", res.EndedBy)
	assert.Equal(t, 35*time.Minute, te.since(res.EndedAt))
	assert.False(t, res.Exhausted)
	assert.Empty(t, st.Escalating)
	assert.Equal(t, int64(2), te.escalationLevelAttr())
	assert.False(t, st.NeedsReclassification)
	assert.Equal(t, SLAMissed, st.SLAState)
	assert.Nil(t, st.Fallback, "resolved before the resolution SLA ran out")
}

// Acknowledging the task before its response deadline means no escalation at all.
func TestAcknowledgeBeforeBreachDoesNotEscalate(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.finishBy("oncall-1", 10*time.Minute, "fixed")

	st := te.run(outageRequest)

	assert.Empty(t, te.escalated())
	assert.Empty(t, st.Escalations)
	assert.Zero(t, st.EscalationLevel)
	assert.Zero(t, te.escalationLevelAttr())
	assert.Equal(t, SLAMet, st.SLAState)
}

// The person who takes the task during a climb stops it at the level it reached.
func TestTakingTheTaskStopsTheClimb(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.finishBy("oncall-2", 20*time.Minute, "on it")

	st := te.run(outageRequest)

	require.Len(t, st.Escalations, 1)
	assert.Equal(t, EscalationResult{Cycle: 1, Reason: "response SLA breached", LevelReached: 1, Asked: []string{"role:on-call-ops"},
		Ended: EndTaken, EndedBy: "oncall-2", EndedAt: st.Escalations[0].EndedAt}, st.Escalations[0])
	assert.Equal(t, 20*time.Minute, te.since(st.Escalations[0].EndedAt))
	assert.Equal(t, []string{"level-1→role:on-call-ops"}, te.escalated())
}

// When the resolution SLA is lost, each type's fallback runs.
func TestResolutionBreachRunsTheFallback(t *testing.T) {
	t.Run("pause pauses the campaign on the ad platform", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		req := outageRequest
		req.CampaignID = "cmp-7"
		want := activities.PauseRequest{IdempotencyKey: testWorkflowID + "/pause/cmp-7", TaskID: testWorkflowID, CampaignID: "cmp-7",
			Reason: testWorkflowID + " lost its resolution SLA (60m)"}
		te.env.OnActivity("PauseCampaign", mock.Anything, want).Return(activities.PauseResult{Paused: true, Summary: "paused on Google Ads"}, nil).Once()
		te.finishBy("oncall-1", 70*time.Minute, "restored")

		st := te.run(req)

		require.NotNil(t, st.Fallback)
		assert.Equal(t, catalog.FallbackPause, st.Fallback.Action)
		assert.Equal(t, 60*time.Minute, te.since(&st.Fallback.At))
		assert.Equal(t, "campaign cmp-7 paused: paused on Google Ads", st.Fallback.Detail)
	})
	t.Run("reroute moves the task to the backup owner and counts the handoff", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		qa := TaskRequest{RequestID: "req-1", TaskType: "weekly-lifecycle-email-qa", Title: "QA the winback series"}
		rerouted := te.statusAt(7*time.Hour + time.Minute) // same day closes 17:00 New York, 7h after start
		te.finishBy("specialist-1", 8*time.Hour, "QA passed")

		st := te.run(qa)

		assert.Equal(t, "role:lifecycle-specialist", rerouted.Assignee)
		assert.Equal(t, 1, rerouted.Handoffs)
		assert.Equal(t, "rerouted to role:lifecycle-specialist", st.Fallback.Detail)
		assert.Equal(t, "specialist-1", st.CompletedBy)
		assert.Equal(t, tuesday10NY.Add(7*time.Hour), st.Resolution.Deadline, "rerouting keeps the original clocks")
	})
	t.Run("defer sets a new due date and tells the requester", func(t *testing.T) {
		te := newTaskEnv(t, tuesday10NY)
		te.finishBy("bob", 7*24*time.Hour, "approved")

		st := te.run(reviewRequest)

		require.NotNil(t, st.Fallback)
		assert.Equal(t, catalog.FallbackDefer, st.Fallback.Action)
		want, err := te.catalog.Teams["marketing-ops"].Deadline(st.Fallback.At, "3 business days")
		require.NoError(t, err)
		require.NotNil(t, st.Fallback.NewDueDate)
		assert.True(t, want.Equal(*st.Fallback.NewDueDate))
		assert.True(t, st.Fallback.NewDueDate.After(*st.Fallback.MissedDeadline))
		assert.True(t, st.Fallback.NewDueDate.Equal(st.Resolution.Deadline), "the resolution clock runs to the new due date")
		assert.Contains(t, te.sent(), "deferred→pat")
	})
}
