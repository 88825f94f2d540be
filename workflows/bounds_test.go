package workflows

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

// requireBound checks one text field of a signal type at every door: at its limit
// the signal passes, one character over it is refused naming the field and the
// limit, both by the task's reader of raw JSON and by the check clients run first.
func requireBound[T HumanSignal](t *testing.T, field string, limit int, with func(string) T) {
	t.Run(fmt.Sprintf("%T.%s", *new(T), field), func(t *testing.T) {
		// Two-byte characters: the limit counts characters, not bytes.
		at, over := with(strings.Repeat("é", limit)), with(strings.Repeat("é", limit+1))
		require.NoError(t, CheckSignal(at))
		raw, err := json.Marshal(at)
		require.NoError(t, err)
		_, err = DecodeSignal[T](raw)
		require.NoError(t, err)

		want := fmt.Sprintf("%s: over %d characters (%d); ", field, limit, limit+1)
		err = CheckSignal(over)
		require.ErrorContains(t, err, want)
		var fe *strictjson.FieldError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, field, fe.Field)
		raw, err = json.Marshal(over)
		require.NoError(t, err)
		_, err = DecodeSignal[T](raw)
		require.ErrorContains(t, err, want)
	})
}

func TestEverySignalTextIsBounded(t *testing.T) {
	const a = "alice"
	requireBound(t, "signalId", MaxSignalIDLength, func(v string) AcknowledgeSignal { return AcknowledgeSignal{SignalID: v, Actor: a} })
	requireBound(t, "actor", MaxNameLength, func(v string) AcknowledgeSignal { return AcknowledgeSignal{Actor: v} })
	requireBound(t, "note", MaxNoteLength, func(v string) AcknowledgeSignal { return AcknowledgeSignal{Actor: a, Note: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) CompleteSignal { return CompleteSignal{Actor: v, Outcome: OutcomeResolved} })
	requireBound(t, "note", MaxNoteLength, func(v string) CompleteSignal { return CompleteSignal{Actor: a, Outcome: OutcomeResolved, Note: v} })
	requireBound(t, "signalId", MaxSignalIDLength, func(v string) CompleteSignal {
		return CompleteSignal{SignalID: v, Actor: a, Outcome: OutcomeResolved}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) HandBackSignal { return HandBackSignal{Actor: v} })
	requireBound(t, "reason", MaxReasonLength, func(v string) HandBackSignal { return HandBackSignal{Actor: a, Reason: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) ReassignSignal { return ReassignSignal{Actor: v, To: "bob"} })
	requireBound(t, "to", MaxNameLength, func(v string) ReassignSignal { return ReassignSignal{Actor: a, To: v} })
	requireBound(t, "reason", MaxReasonLength, func(v string) ReassignSignal { return ReassignSignal{Actor: a, To: "bob", Reason: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) WaitOnRequesterSignal { return WaitOnRequesterSignal{Actor: v} })
	requireBound(t, "reason", MaxReasonLength, func(v string) WaitOnRequesterSignal { return WaitOnRequesterSignal{Actor: a, Reason: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) ResumeSignal { return ResumeSignal{Actor: v} })
	requireBound(t, "note", MaxNoteLength, func(v string) ResumeSignal { return ResumeSignal{Actor: a, Note: v} })
	raise := catalog.Scores{Latency: 5, Criticality: 5, Automation: 2}
	requireBound(t, "actor", MaxNameLength, func(v string) RaiseSeveritySignal { return RaiseSeveritySignal{Actor: v, Scores: raise} })
	requireBound(t, "reason", MaxReasonLength, func(v string) RaiseSeveritySignal {
		return RaiseSeveritySignal{Actor: a, Scores: raise, Reason: v}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) BlockSignal { return BlockSignal{Actor: v, Dependency: "legal"} })
	requireBound(t, "dependency", MaxReasonLength, func(v string) BlockSignal { return BlockSignal{Actor: a, Dependency: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) FlagComplianceSignal { return FlagComplianceSignal{Actor: v, Reason: "claim"} })
	requireBound(t, "reason", MaxReasonLength, func(v string) FlagComplianceSignal { return FlagComplianceSignal{Actor: a, Reason: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) ApproveSignal { return ApproveSignal{Actor: v} })
	requireBound(t, "note", MaxNoteLength, func(v string) ApproveSignal { return ApproveSignal{Actor: a, Note: v} })
	requireBound(t, "signalId", MaxSignalIDLength, func(v string) EscalationAckSignal { return EscalationAckSignal{SignalID: v, Actor: a} })
	requireBound(t, "actor", MaxNameLength, func(v string) EscalationAckSignal { return EscalationAckSignal{Actor: v} })
	requireBound(t, "note", MaxNoteLength, func(v string) EscalationAckSignal { return EscalationAckSignal{Actor: a, Note: v} })
}

func TestCheckSignalRefusesWhatTheTaskWould(t *testing.T) {
	require.ErrorContains(t, CheckSignal(CompleteSignal{Actor: " ", Outcome: OutcomeResolved}), "actor: required")
	require.ErrorContains(t, CheckSignal(CompleteSignal{Actor: "alice", Outcome: strings.Repeat("x", 1<<20)}), "outcome: over 200 characters")
	require.ErrorContains(t, CheckSignal(AcknowledgeSignal{Actor: "alice", Note: "caf\xe9"}), "note: is not valid UTF-8")
	require.ErrorContains(t, CheckSignal(BlockSignal{Actor: "alice", Dependency: "legal\x1b"}), "dependency: holds the control character U+001B")
}

// TestOversizedActionIsRefusedWithoutDecodingIt checks the quick refusal of JSON
// larger than any valid action: its largest field is named, and the sender still is.
func TestOversizedActionIsRefusedWithoutDecodingIt(t *testing.T) {
	big := strings.Repeat("x", maxSignalBytes)
	for _, tc := range []struct {
		raw, want, actor string
	}{
		{`{"actor": " mallory ", "outcome": "resolved", "note": "` + big + `"}`, "note: over 1000 characters (the action is %d bytes); shorten it", "mallory"},
		{`{"note": "` + big + `", "actor": "mallory"}`, "note: over 1000 characters", "mallory"},
		{`{"actor": "mallory", "outcome": "` + big + `"}`, "outcome: over 200 characters", "mallory"},
		{`{"actor": "mallory", "mood": "` + big + `"}`, "body: the action is %d bytes, over 65536; an action's texts take a few KiB", "mallory"},
		{`{"actor": "mallory", "` + big + `": 1}`, "body: the action is", "mallory"},
		{`["` + big + `"]`, "body: the action is %d bytes, over 65536, and not a JSON object", ""},
	} {
		s, err := DecodeSignal[CompleteSignal]([]byte(tc.raw))
		want := tc.want
		if strings.Contains(want, "%d") {
			want = fmt.Sprintf(want, len(tc.raw))
		}
		require.ErrorContains(t, err, want)
		require.Equal(t, tc.actor, s.Actor)
		var fe *strictjson.FieldError
		require.ErrorAs(t, err, &fe)
	}
}

func TestSignalLogKeepsTheLatestOfEachKind(t *testing.T) {
	tr := &taskRun{logger: discard}
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	for i := range 300 {
		rec := SignalRecord{Name: SignalResume, Actor: "alice", SignalID: fmt.Sprint(i), At: at.Add(time.Duration(i) * time.Minute), Accepted: i%3 == 0}
		if !rec.Accepted {
			rec.Actor, rec.Detail, rec.Reason = strings.Repeat("m", 1<<12), strings.Repeat("d", 1<<12), strings.Repeat("r", 1<<12)
		}
		tr.keep(rec)
	}
	st := tr.status
	require.Equal(t, 200, st.RejectedSignals)
	require.Len(t, st.Signals, maxSignalRecords+maxRejectedRecords)
	var accepted, rejected []string
	for i, r := range st.Signals {
		if i > 0 {
			require.True(t, r.At.After(st.Signals[i-1].At), "kept in the order received")
		}
		if r.Accepted {
			accepted = append(accepted, r.SignalID)
			continue
		}
		rejected = append(rejected, r.SignalID)
		assert.Equal(t, maxRecordText, len([]rune(r.Actor)))
		assert.Equal(t, maxRecordText, len([]rune(r.Detail)))
		assert.Equal(t, maxRecordReason, len([]rune(r.Reason)))
		assert.True(t, strings.HasSuffix(r.Reason, "…"), "a cut text says so")
	}
	require.Len(t, accepted, maxSignalRecords)
	require.Equal(t, "0", accepted[0], "all 100 accepted actions are kept though 200 were refused after the first")
	require.Len(t, rejected, maxRejectedRecords)
	require.Equal(t, "299", rejected[len(rejected)-1])
}

func TestSignalIDsRemembersTheLatest(t *testing.T) {
	var ids signalIDs
	for i := range maxSeenIDs + 5 {
		ids.add(fmt.Sprint(i))
	}
	require.False(t, ids.has("4"), "the oldest are forgotten")
	require.True(t, ids.has("5"))
	require.True(t, ids.has(fmt.Sprint(maxSeenIDs+4)))
	require.Len(t, ids.seen, maxSeenIDs)
}

// discard is a logger for a task run outside a workflow.
var discard = log.NewStructuredLogger(slog.New(slog.DiscardHandler))
