package workflows

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
)

// requireWithinBudget checks a status's JSON against the budget and the signal log against its bounds.
func requireWithinBudget(t *testing.T, st TaskStatus) {
	t.Helper()
	data, err := json.Marshal(st)
	require.NoError(t, err)
	require.Less(t, len(data), StatusBudget)
	accepted := 0
	for _, r := range st.Signals {
		if r.Accepted {
			accepted++
		}
		for _, s := range []string{r.Name, r.Actor, r.SignalID} {
			require.LessOrEqual(t, len([]rune(s)), maxRecordText)
		}
		require.LessOrEqual(t, len([]rune(r.Detail)), 2*maxRecordText+25, "a summary, with the held completion's reason at most")
		require.LessOrEqual(t, len([]rune(r.Reason)), maxRecordReason)
	}
	require.LessOrEqual(t, accepted, maxSignalRecords)
	require.LessOrEqual(t, len(st.Signals)-accepted, maxRejectedRecords)
}

// TestLargeNotesLeaveTheTaskWorking is issue 11's fault: large notes, most of them
// refused, used to grow the status past gRPC's limit, after which neither the status
// nor the completion could be written. Now a note over its limit is refused naming
// it, a refused action keeps a summary, and the log keeps the latest of each kind.
func TestLargeNotesLeaveTheTaskWorking(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	note, reason, megabyte := strings.Repeat("<", MaxNoteLength), strings.Repeat("<", MaxReasonLength), strings.Repeat("x", 1_000_000)
	const cycles, refusedNotes = 60, 30
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}, Note: note})
	// Accepted, with text at the limits: the clock paused and resumed again and again.
	for i := range cycles {
		at := time.Duration(2+i) * time.Minute
		te.env.RegisterDelayedCallback(func() {
			te.env.SignalWorkflow(SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: ActionHeader{SignalID: fmt.Sprintf("wait-%02d", i), Actor: "alice"}, Reason: reason})
			te.env.SignalWorkflow(SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "alice"}, Note: note})
		}, at)
	}
	// Refused: someone not assigned completes with notes at the limit, and four with a megabyte each.
	for i := range refusedNotes {
		te.signalAt(time.Duration(2+cycles+i)*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "mallory"}, Outcome: OutcomeResolved, Note: note})
	}
	for i := range 4 {
		te.signalAt(time.Duration(2+cycles+refusedNotes)*time.Minute+time.Duration(i)*time.Second, SignalComplete,
			CompleteSignal{ActionHeader: ActionHeader{Actor: "mallory"}, Outcome: OutcomeResolved, Note: megabyte})
	}
	during := te.statusAt(time.Duration(3+cycles+refusedNotes) * time.Minute)
	te.signalAt(time.Duration(4+cycles+refusedNotes)*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "done", Actor: "alice"}, Outcome: OutcomeResolved, Note: note})

	st := te.run(reviewRequest)

	for _, s := range []TaskStatus{*during, st} {
		requireWithinBudget(t, s)
		require.Equal(t, refusedNotes+4, s.RejectedSignals)
		require.Len(t, s.Signals, maxSignalRecords+maxRejectedRecords, "the log is full of both kinds")
	}
	require.Equal(t, OutcomeResolved, st.Outcome)
	require.Equal(t, "alice", st.CompletedBy)
	require.Equal(t, note, st.Note, "the completion keeps its whole note")
	last := st.Signals[len(st.Signals)-1]
	require.True(t, last.Accepted)
	require.Equal(t, "done", last.SignalID)
	rejected := st.Signals[len(st.Signals)-2]
	require.False(t, rejected.Accepted)
	require.Equal(t, "mallory", rejected.Actor)
	require.Equal(t, fmt.Sprintf("note: over %d characters (the action is %d bytes); shorten it and link a longer text", MaxNoteLength, len(megabyte)+50), rejected.Reason)
	require.Equal(t, OutcomeResolved, rejected.Detail, "the megabyte is not kept")
	// The first accepted actions were dropped for the latest; no refused one pushed one out.
	first := st.Signals[0]
	require.True(t, first.Accepted)
	require.NotEqual(t, SignalAcknowledge, first.Name)
}

// TestUnknownSignalIsRecorded is issue 11's item 4: a misspelt signal name used to
// wait unread, with no trace in the task's state and no log line.
func TestUnknownSignalIsRecorded(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, "frobnicate", map[string]string{"actor": "maya", "signalId": "s-1", "note": "hello"})
	right := te.statusAt(time.Minute + time.Second) // nothing else happens in between
	te.signalAt(2*time.Minute, "acknowlege", []byte("not JSON at all"))
	te.signalAt(3*time.Minute, SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	te.signalAt(3*time.Minute, strings.Repeat("x", 10_000), nil)
	te.finishBy("alice", 4*time.Minute, "done")

	st := te.run(reviewRequest)

	actions := "unknown action; the actions are acknowledge, approve, block, complete, flag-compliance, hand-back, raise-severity, reassign, resume, wait-on-requester"
	require.Len(t, right.Signals, 1, "recorded as it arrived")
	assert.Equal(t, SignalRecord{Name: "frobnicate", SignalID: "s-1", Actor: "maya", Identity: OperatorIdentity(), At: tuesday10NY.Add(time.Minute), Reason: actions}, right.Signals[0],
		"sent straight to Temporal with no identity: an operator's")
	assert.Equal(t, 1, right.UnknownSignals)

	requireSignals(t, []record{
		{name: "frobnicate", actor: "maya", reason: actions},
		{name: "acknowlege", reason: actions},
		{name: SignalEscalationAck, actor: "maya", reason: "send acknowledge-escalation to its escalation workflow, task-req-1-escalation-<cycle>"},
		{name: strings.Repeat("x", maxRecordText-1) + "…", reason: actions},
		{name: SignalAcknowledge, actor: "alice", accepted: true},
		{name: SignalComplete, actor: "alice", accepted: true},
	}, st.Signals)
	assert.Equal(t, 4, st.UnknownSignals)
	assert.Equal(t, 4, st.RejectedSignals)
	assert.Equal(t, OutcomeResolved, st.Outcome)
}

// An automation's answer reaches the status bounded: its summary cut to a line and
// details over the budget left out, with a notice saying where they are.
func TestLargeAutomationAnswerIsBounded(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := TaskRequest{
		RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check the launch UTMs",
		Payload: json.RawMessage(`{"urls":["https://example.com/?utm_source=news"]}`),
	}
	details := json.RawMessage(`{"report":"` + strings.Repeat("x", 1<<20) + `"}`)
	te.automation("validate-utm-naming", mock.Anything, activities.AutomationResult{
		Summary: strings.Repeat("s", 1<<20), ExternalRef: "job-1", Details: details}, nil).Once()

	st := te.run(req)

	requireWithinBudget(t, st)
	require.Equal(t, OutcomeAutomated, st.Outcome)
	require.NotNil(t, st.Automation.Result)
	require.Len(t, []rune(st.Automation.Result.Summary), maxResultText)
	require.Equal(t, st.Automation.Result.Summary, st.Note)
	require.Equal(t, "job-1", st.Automation.Result.ExternalRef)
	require.Zero(t, len(st.Automation.Result.Details), "details over the budget are left out")
	require.Len(t, st.Notices, 1)
	require.Contains(t, st.Notices[0], fmt.Sprintf("the automation's details take %d bytes, over %d", len(details), maxResultDetails))
}
