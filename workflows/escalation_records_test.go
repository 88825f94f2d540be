package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// A climb's record says what ended it and who did: the approval that closed a
// compliance-flagged task is the approver's, not the assignee's whose completion it
// released; a completion after an earlier approval is the completer's.
func TestEscalationRecordsWhatEndedAComplianceClimb(t *testing.T) {
	for _, tt := range []struct {
		name          string
		approveAt     time.Duration
		completeAt    time.Duration
		ended         EscalationEnd
		by, note      string
		recordDetails string
	}{
		{name: "the approval closes the held completion", completeAt: 61 * time.Minute, approveAt: 63 * time.Minute,
			ended: EndApproved, by: "brand-director-1", note: "closed with bob's completion",
			recordDetails: "; stopped: brand-director-1 approved, which closed the task"},
		{name: "the completion after the approval", approveAt: 62 * time.Minute, completeAt: 63 * time.Minute,
			ended: EndCompleted, by: "bob", recordDetails: "; stopped: completed by bob"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			te := newTaskEnv(t, tuesday10NY)
			te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}})
			te.signalAt(time.Hour, SignalFlagCompliance, FlagComplianceSignal{ActionHeader: ActionHeader{Actor: "bob"}, Reason: "unlicensed stock photo"})
			te.signalAt(tt.completeAt, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "bob"}, Outcome: OutcomeResolved})
			te.signalAt(tt.approveAt, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "brand-director-1"}})
			st := te.run(reviewRequest)

			require.Len(t, st.Escalations, 1)
			res := st.Escalations[0]
			assert.Equal(t, 2, res.LevelReached)
			assert.Equal(t, tt.ended, res.Ended)
			assert.Equal(t, tt.by, res.EndedBy)
			assert.Equal(t, tt.note, res.Note)
			assert.Equal(t, 63*time.Minute, te.since(res.EndedAt))
			assert.Contains(t, currentDetails(t, te.env, ""), tt.recordDetails)
		})
	}
}

// A capacity breach that a booking ends records the booking by the roster, not an
// acknowledgement by the person booked, who did nothing yet.
func TestEscalationRecordsTheBookingThatEndedACapacityBreach(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.answer(time.Second, roster.Notice{Allocation: catalog.AllocationReactiveSupport, Hours: 1, Position: 1, Reason: "full", QueueWait: 30 * time.Minute})
	se.book(40*time.Minute, "lena", "least utilized")
	se.finishBy("lena", 50*time.Minute, "done")
	st := se.run(reviewRequest)

	require.Len(t, st.Escalations, 1)
	res := st.Escalations[0]
	assert.Equal(t, EndBooked, res.Ended)
	assert.Equal(t, marketingRoster, res.EndedBy)
	assert.Equal(t, "booked lena", res.Note)
	assert.Equal(t, 40*time.Minute, se.since(res.EndedAt))
}
