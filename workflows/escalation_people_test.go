package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Level 2 asks the team's managers by name where the roster knows them, and the
// functional manager's role where it does not; level 3 is always the path's roles.
func TestEscalationLevelsAskPeopleTheRosterKnows(t *testing.T) {
	path := []string{"ops-manager", "marketing-director", "it-on-call"}
	lvl := func(level int, recipients ...string) EscalationLevel {
		return EscalationLevel{Level: level, Recipients: recipients}
	}
	top := lvl(3, "role:marketing-director", "role:it-on-call")
	for _, tt := range []struct {
		name     string
		holder   string
		path     []string
		managers []string
		want     []EscalationLevel
	}{
		{name: "no roster: the role", holder: "role:on-call-ops", path: path,
			want: []EscalationLevel{lvl(1, "role:on-call-ops"), lvl(2, "role:ops-manager"), top}},
		{name: "rostered: the managers", holder: "lena", path: path, managers: []string{"maya", "devon"},
			want: []EscalationLevel{lvl(1, "lena"), lvl(2, "maya", "devon"), top}},
		{name: "a manager holds it: the other managers", holder: "maya", path: path, managers: []string{"maya", "devon"},
			want: []EscalationLevel{lvl(1, "maya"), lvl(2, "devon"), top}},
		{name: "the only manager holds it: the role", holder: "maya", path: path, managers: []string{"maya"},
			want: []EscalationLevel{lvl(1, "maya"), lvl(2, "role:ops-manager"), top}},
		{name: "no path: the managers still hear", holder: "lena", managers: []string{"maya"},
			want: []EscalationLevel{lvl(1, "lena"), lvl(2, "maya")}},
		{name: "no path, no roster: the holder only", holder: "role:reviewer",
			want: []EscalationLevel{lvl(1, "role:reviewer")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, escalationLevels(tt.holder, tt.path, tt.managers))
		})
	}
}

// On the rostered marketing-ops team a block climbs from lena, who holds the task, to
// maya and devon, its managers, not to a role queue; the status names who each level asked.
func TestStaffedEscalationAsksTheManager(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Minute, SignalBlock, BlockSignal{ActionHeader: ActionHeader{Actor: "lena"}, Dependency: "legal sign-off"})
	atOne := se.statusAt(3 * time.Minute)
	atTwo := se.statusAt(20 * time.Minute) // the level-1 window is 15m
	se.env.RegisterDelayedCallback(func() {
		require.NoError(t, se.env.SignalWorkflowByID(EscalationWorkflowID(testWorkflowID, 1), SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "maya"}}))
	}, 21*time.Minute)
	se.signalAt(30*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved})
	st := se.run(reviewRequest)

	assert.Equal(t, []string{"level-1→lena", "level-2→maya", "level-2→devon"}, se.escalated())
	assert.Equal(t, 1, atOne.EscalationLevel)
	assert.Equal(t, []string{"lena"}, atOne.EscalatedTo)
	assert.Equal(t, "blocked by legal sign-off", atOne.EscalationReason)
	assert.Equal(t, 2, atTwo.EscalationLevel)
	assert.Equal(t, []string{"maya", "devon"}, atTwo.EscalatedTo)
	require.Len(t, st.Escalations, 1)
	assert.Equal(t, []string{"maya", "devon"}, st.Escalations[0].Asked)
	assert.Equal(t, EndAcknowledged, st.Escalations[0].Ended)
	assert.Equal(t, "maya", st.Escalations[0].EndedBy)
}
