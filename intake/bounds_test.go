package intake_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/mocks"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// TestSendRefusesWhatTheTaskWouldBeforeSending checks that a signal the task would
// refuse for its form never reaches Temporal: a client without Temporal is not touched.
func TestSendRefusesWhatTheTaskWouldBeforeSending(t *testing.T) {
	ctx := context.Background()
	for _, c := range []*intake.Client{nil, {}} {
		_, err := intake.Send(ctx, c, "task-1", workflows.SignalComplete, workflows.CompleteSignal{
			ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "alice"},
			Outcome:      workflows.OutcomeResolved,
			Note:         strings.Repeat("n", workflows.MaxNoteLength+1),
		})
		require.ErrorContains(t, err, "complete not sent: note: over 1000 characters (1001)")
		_, err = intake.Send(ctx, c, "task-1", workflows.SignalBlock, workflows.BlockSignal{
			ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: strings.Repeat("a", 1<<20)},
			Dependency:   "legal",
		})
		require.ErrorContains(t, err, "block not sent: actor: over 200 characters")
	}
}

// TestSendSaysWhenTheTaskHasTakenItsSignals checks that Temporal's refusal of a
// signal past its limit per workflow is told as such.
func TestSendSaysWhenTheTaskHasTakenItsSignals(t *testing.T) {
	tc := runningTask()
	beforeUpdates(tc, workflows.SignalComplete) // so the action goes as a signal
	tc.On("SignalWorkflow", mock.Anything, "task-1", "", workflows.SignalComplete, mock.Anything).
		Return(serviceerror.NewInvalidArgument("exceeded workflow execution limit for signal events"))
	_, err := intake.Send(context.Background(), &intake.Client{Temporal: tc}, "task-1", workflows.SignalComplete,
		workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "alice"}, Outcome: workflows.OutcomeResolved})
	require.ErrorIs(t, err, intake.ErrSignalLimit)
	require.ErrorContains(t, err, "complete not sent: task task-1 has taken Temporal's limit of signals")
	tc.AssertExpectations(t)
}

// TestChangeRosterRefusesOverlongTextBeforeSending checks a roster update is checked before it is sent.
func TestChangeRosterRefusesOverlongTextBeforeSending(t *testing.T) {
	tc := &mocks.Client{} // no call is expected
	_, err := intake.ChangeRoster(context.Background(), &intake.Client{Temporal: tc}, "marketing-ops",
		workflows.OutOfOfficeUpdate{Actor: "maya", Person: "lena", Back: strings.Repeat("2", 41)})
	var refusal *intake.RosterRefusal
	require.ErrorAs(t, err, &refusal)
	require.Equal(t, "back: over 40 characters (41); give a date like 2026-11-30 or an RFC 3339 time", refusal.Reason)
	tc.AssertExpectations(t)
}
