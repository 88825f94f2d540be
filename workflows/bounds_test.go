package workflows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
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
	requireBound(t, "signalId", MaxSignalIDLength, func(v string) AcknowledgeSignal {
		return AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: v, Actor: a}}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) AcknowledgeSignal { return AcknowledgeSignal{ActionHeader: ActionHeader{Actor: v}} })
	requireBound(t, "note", MaxNoteLength, func(v string) AcknowledgeSignal {
		return AcknowledgeSignal{ActionHeader: ActionHeader{Actor: a}, Note: v}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) CompleteSignal {
		return CompleteSignal{ActionHeader: ActionHeader{Actor: v}, Outcome: OutcomeResolved}
	})
	requireBound(t, "note", MaxNoteLength, func(v string) CompleteSignal {
		return CompleteSignal{ActionHeader: ActionHeader{Actor: a}, Outcome: OutcomeResolved, Note: v}
	})
	requireBound(t, "signalId", MaxSignalIDLength, func(v string) CompleteSignal {
		return CompleteSignal{ActionHeader: ActionHeader{SignalID: v, Actor: a}, Outcome: OutcomeResolved}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) HandBackSignal { return HandBackSignal{ActionHeader: ActionHeader{Actor: v}} })
	requireBound(t, "reason", MaxReasonLength, func(v string) HandBackSignal { return HandBackSignal{ActionHeader: ActionHeader{Actor: a}, Reason: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) ReassignSignal { return ReassignSignal{ActionHeader: ActionHeader{Actor: v}, To: "bob"} })
	requireBound(t, "to", MaxNameLength, func(v string) ReassignSignal { return ReassignSignal{ActionHeader: ActionHeader{Actor: a}, To: v} })
	requireBound(t, "reason", MaxReasonLength, func(v string) ReassignSignal {
		return ReassignSignal{ActionHeader: ActionHeader{Actor: a}, To: "bob", Reason: v}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) WaitOnRequesterSignal {
		return WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: v}}
	})
	requireBound(t, "reason", MaxReasonLength, func(v string) WaitOnRequesterSignal {
		return WaitOnRequesterSignal{ActionHeader: ActionHeader{Actor: a}, Reason: v}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) ResumeSignal { return ResumeSignal{ActionHeader: ActionHeader{Actor: v}} })
	requireBound(t, "note", MaxNoteLength, func(v string) ResumeSignal { return ResumeSignal{ActionHeader: ActionHeader{Actor: a}, Note: v} })
	raise := catalog.Scores{Latency: 5, Criticality: 5, Automation: 2}
	requireBound(t, "actor", MaxNameLength, func(v string) RaiseSeveritySignal {
		return RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: v}, Scores: raise}
	})
	requireBound(t, "reason", MaxReasonLength, func(v string) RaiseSeveritySignal {
		return RaiseSeveritySignal{ActionHeader: ActionHeader{Actor: a}, Scores: raise, Reason: v}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) BlockSignal {
		return BlockSignal{ActionHeader: ActionHeader{Actor: v}, Dependency: "legal"}
	})
	requireBound(t, "dependency", MaxReasonLength, func(v string) BlockSignal { return BlockSignal{ActionHeader: ActionHeader{Actor: a}, Dependency: v} })
	requireBound(t, "actor", MaxNameLength, func(v string) FlagComplianceSignal {
		return FlagComplianceSignal{ActionHeader: ActionHeader{Actor: v}, Reason: "claim"}
	})
	requireBound(t, "reason", MaxReasonLength, func(v string) FlagComplianceSignal {
		return FlagComplianceSignal{ActionHeader: ActionHeader{Actor: a}, Reason: v}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) ApproveSignal { return ApproveSignal{ActionHeader: ActionHeader{Actor: v}} })
	requireBound(t, "note", MaxNoteLength, func(v string) ApproveSignal { return ApproveSignal{ActionHeader: ActionHeader{Actor: a}, Note: v} })
	requireBound(t, "signalId", MaxSignalIDLength, func(v string) EscalationAckSignal {
		return EscalationAckSignal{ActionHeader: ActionHeader{SignalID: v, Actor: a}}
	})
	requireBound(t, "actor", MaxNameLength, func(v string) EscalationAckSignal { return EscalationAckSignal{ActionHeader: ActionHeader{Actor: v}} })
	requireBound(t, "note", MaxNoteLength, func(v string) EscalationAckSignal {
		return EscalationAckSignal{ActionHeader: ActionHeader{Actor: a}, Note: v}
	})
}

func TestCheckSignalRefusesWhatTheTaskWould(t *testing.T) {
	require.ErrorContains(t, CheckSignal(CompleteSignal{ActionHeader: ActionHeader{Actor: " "}, Outcome: OutcomeResolved}), "actor: required")
	require.ErrorContains(t, CheckSignal(CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: strings.Repeat("x", 1<<20)}), "outcome: over 200 characters")
	require.ErrorContains(t, CheckSignal(AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}, Note: "caf\xe9"}), "note: is not valid UTF-8")
	require.ErrorContains(t, CheckSignal(BlockSignal{ActionHeader: ActionHeader{Actor: "alice"}, Dependency: "legal\x1b"}), "dependency: holds the control character U+001B")
}

func TestCheckRosterUpdateBoundsEveryText(t *testing.T) {
	long, when := strings.Repeat("x", MaxNameLength+1), strings.Repeat("2", maxWhenLength+1)
	person := roster.Person{ID: "zed", Seniority: roster.Specialist, Skills: []string{"design"}, WeeklyHours: 30}
	with := func(change func(*roster.Person)) roster.Person {
		p := person
		change(&p)
		return p
	}
	for _, tc := range []struct {
		update RosterUpdateMessage
		want   string
	}{
		{JoinUpdate{Actor: long, Person: person}, "actor: over 200 characters"},
		{JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) { p.Name = long })}, "person.name: over 200 characters"},
		{JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) { p.ID = long })}, "person.id: over 200 characters"},
		{JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) { p.Skills = []string{"design", long} })}, "person.skills[1]: over 200 characters"},
		{JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) { p.Skills = make([]string, maxSkills+1) })}, "person.skills: 21 skills is over 20"},
		{JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) { p.TimeOff = make([]roster.TimeOff, maxTimeOff+1) })}, "person.timeOff: 21 stretches is over 20"},
		{JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) { p.TimeOff = []roster.TimeOff{{From: "2026-12-01", Back: when}} })}, "person.timeOff[0].back: over 40 characters"},
		{LeaveUpdate{Actor: "maya", Person: long}, "person: over 200 characters"},
		{OutOfOfficeUpdate{Actor: "maya", Person: "lena", From: when}, "from: over 40 characters"},
		{OutOfOfficeUpdate{Actor: "maya", Person: "lena", Back: when}, "back: over 40 characters"},
		{BackInOfficeUpdate{Actor: long, Person: "lena"}, "actor: over 200 characters"},
		{ChangeHoursUpdate{Actor: "maya", Person: long, WeeklyHours: 30}, "person: over 200 characters"},
		{ReassignTaskUpdate{Actor: "maya", TaskID: strings.Repeat("t", maxTaskIDLength+1), To: "rosa"}, "taskId: over 300 characters"},
		{ReassignTaskUpdate{Actor: "maya", TaskID: "task-1", To: long}, "to: over 200 characters"},
		{ReassignTaskUpdate{TaskID: "task-1", To: "rosa"}, "actor: required"},
	} {
		t.Run(fmt.Sprintf("%T %s", tc.update, tc.want), func(t *testing.T) {
			require.ErrorContains(t, CheckRosterUpdate(tc.update), tc.want)
		})
	}
	require.NoError(t, CheckRosterUpdate(JoinUpdate{Actor: "maya", Person: with(func(p *roster.Person) {
		p.Name, p.TimeOff = strings.Repeat("é", MaxNameLength), []roster.TimeOff{{From: "2026-12-01T09:00:00.000000000-05:00", Back: "2026-12-02"}}
	})}))
}

func TestRequestTextsAreBounded(t *testing.T) {
	good := TaskRequest{RequestID: "INT-1", TaskType: "launch-qa-blocker", Title: "Broken CTA"}
	for _, tc := range []struct {
		change func(*TaskRequest)
		want   string
	}{
		{func(r *TaskRequest) { r.TaskType = strings.Repeat("t", 201) }, "taskType: over 200 characters"},
		{func(r *TaskRequest) { r.DueDate = "2026-12-01T17:00:00." + strings.Repeat("0", 200) + "Z" }, "dueDate: over 200 characters"},
		{func(r *TaskRequest) {
			r.Triage = &catalog.Triage{Method: "rice", Tier: catalog.TierFull, Reason: strings.Repeat("r", maxObjectiveLength+1)}
		}, "triage.reason: over 1000 characters"},
		{func(r *TaskRequest) {
			r.Triage = &catalog.Triage{Method: "rice", Tier: catalog.Tier(strings.Repeat("t", 1<<20))}
		}, "triage.tier: over 1000 characters"},
	} {
		r := good
		tc.change(&r)
		require.ErrorContains(t, r.Validate(), tc.want)
	}
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
	var log signalLog
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	for i := range 300 {
		rec := SignalRecord{Name: SignalResume, Actor: "alice", SignalID: fmt.Sprint(i), At: at.Add(time.Duration(i) * time.Minute), Accepted: i%3 == 0}
		if !rec.Accepted {
			rec.Actor, rec.Detail, rec.Reason = strings.Repeat("m", 1<<12), strings.Repeat("d", 1<<12), strings.Repeat("r", 1<<12)
		}
		log.keep(rec)
	}
	var st TaskStatus
	log.show(&st)
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

func TestBoundResult(t *testing.T) {
	// '<' is the costliest character: JSON writes it as \u003c, 6 bytes.
	fits := json.RawMessage(`"` + strings.Repeat("<", (maxResultDetails-2)/6) + `"`)
	res, dropped := boundResult(activities.AutomationResult{Summary: strings.Repeat("s", 1<<20), ExternalRef: strings.Repeat("r", 1<<20), Details: fits})
	require.Empty(t, dropped)
	require.True(t, bytes.Equal(fits, res.Details), "details that fit are kept")
	require.Len(t, []rune(res.Summary), maxResultText)
	require.Len(t, []rune(res.ExternalRef), maxResultText)

	tooBig := json.RawMessage(`"` + strings.Repeat("<", maxResultDetails/6+1) + `"`)
	res, dropped = boundResult(activities.AutomationResult{Summary: "ok", Details: tooBig})
	require.Zero(t, len(res.Details), "dropped")
	require.Contains(t, dropped, fmt.Sprintf("over %d", maxResultDetails))
	res, dropped = boundResult(activities.AutomationResult{Summary: "ok", Details: json.RawMessage(`{`)})
	require.Zero(t, len(res.Details), "dropped")
	require.Contains(t, dropped, "not valid JSON")
}

// TestStatusAtItsBoundsFitsTheBudget builds the largest status the bounds allow:
// every text a request, a person or an automation can fill is at its limit and
// made of '<', which JSON writes in 6 bytes, and every list is full. Its JSON, as
// the query answers it and the result records it, stays under StatusBudget, far
// below gRPC's 4 MB and Temporal's 2 MB payload limit.
func TestStatusAtItsBoundsFitsTheBudget(t *testing.T) {
	text := func(n int) string { return strings.Repeat("<", n) }
	ascii := func(n int) string { return strings.Repeat("x", n) } // an identity's texts are ASCII JSON writes as is
	list := func(n, each int) []string {
		l := make([]string, n)
		for i := range l {
			l[i] = text(each)
		}
		return l
	}
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	req := TaskRequest{
		RequestID: text(maxFieldLength), TaskType: text(maxFieldLength), Title: text(MaxTitleLength), Description: text(maxDescriptionLength),
		Requester: text(maxFieldLength), CampaignID: text(maxFieldLength), Assignee: text(maxFieldLength),
		Scores: &catalog.Scores{Latency: 5, Criticality: 5, Automation: 5}, Payload: json.RawMessage(`{}`),
		Objective: text(maxObjectiveLength), Audience: text(maxFieldLength),
		DueDate: "2026-12-01T17:00:00." + strings.Repeat("0", maxFieldLength-21) + "Z", // the longest due date that parses
		Assets:  list(maxListItems, maxLinkLength), SuccessMetrics: list(maxListItems, maxFieldLength),
		BusinessUnit: text(maxFieldLength), Rush: true,
		RICE:     &catalog.RICE{Reach: 1e9, Impact: 3, Confidence: 100, Effort: 0.1},
		Priority: &catalog.PriorityFactors{StrategicPriority: 5, RevenueImpact: 5, ResourceNeeds: 5, DeadlineFeasibility: 5},
		DACI: &Governance{Driver: text(maxFieldLength), Approver: text(maxFieldLength),
			Consultants: list(maxListItems, maxFieldLength), Informed: list(maxListItems, maxFieldLength)},
		Triage: &catalog.Triage{Method: text(maxObjectiveLength), Score: 1e9, Tier: catalog.TierFull,
			Reason: text(maxObjectiveLength), SelfService: text(maxObjectiveLength)},
	}
	require.NoError(t, req.Validate(), "the request is one the task takes")
	req.Payload = nil // as the task keeps it

	// What people send, through the task's own code: texts at their limits, or far over them.
	huge := text(64 << 10)
	var (
		q    actionQueue
		task taskState
		kept signalLog
	)
	for i := range maxSignalRecords + 50 {
		var rec SignalRecord
		err := q.apply(mustAction(t, SignalComplete), mustJSON(t, CompleteSignal{
			ActionHeader: ActionHeader{SignalID: fmt.Sprintf("%s%05d", text(MaxSignalIDLength-5), i), Actor: text(MaxNameLength),
				Identity: PersonIdentity(ascii(MaxSubjectLength), ascii(MaxIssuerLength))},
			Outcome: OutcomeResolved,
			Note:    text(MaxNoteLength),
		}), &rec, &task, func(HumanSignal) error { return nil })
		require.NoError(t, err)
		rec.Name, rec.At = SignalWaitOnRequester, now // the longest name
		rec.Detail += " (held for approval: " + clip(huge, maxRecordText) + ")"
		kept.record(discard, &answers{}, &ledgerOutbox{}, rec, nil)
	}
	for range maxRejectedRecords + 5 {
		rec := SignalRecord{Name: huge, At: now}
		sent := map[string]any{"signalId": huge, "actor": huge, "note": huge, text(1 << 10): "x",
			"identity": Identity{Kind: huge, Subject: huge, Issuer: huge, System: huge}}
		err := q.apply(mustAction(t, SignalAcknowledge), mustJSON(t, sent),
			&rec, &task, func(HumanSignal) error { return nil })
		require.Error(t, err)
		kept.record(discard, &answers{}, &ledgerOutbox{}, rec, fmt.Errorf("%w: %s", err, huge))
	}
	result, _ := boundResult(activities.AutomationResult{Summary: huge, ExternalRef: huge,
		Details: json.RawMessage(`"` + text((maxResultDetails-2)/6) + `"`)})
	escalations := make([]EscalationResult, maxEscalationsKept+5)
	for i := range escalations {
		escalations[i] = EscalationResult{Cycle: i + 1, Reason: "blocked by " + text(MaxReasonLength), LevelReached: 3,
			Asked: []string{text(MaxNameLength), text(MaxNameLength)}, Ended: EndAcknowledged, EndedBy: text(MaxNameLength), EndedAt: &now, Note: text(MaxNoteLength),
			Identity: PersonIdentity(ascii(MaxSubjectLength), ascii(MaxIssuerLength))}
	}
	clock := SLAClock{Target: "3 business days", Budget: time.Hour, RunningSince: &now, Deadline: now, MetAt: &now, BreachedAt: &now, PausedAt: &now, PausedFor: time.Hour}
	st := TaskStatus{
		TaskID: TaskWorkflowID(req.RequestID), Request: req,
		// The catalog's names and roles are configuration, not what people send; a generous line each.
		TaskName: text(200), CatalogRef: text(100), Team: text(100), OwnerRole: text(100),
		Scores: *req.Scores, Bucket: catalog.BucketInstantCritical, Lane: catalog.LaneHybrid, RouteNote: text(300),
		Stage: StageAcknowledged, HumanStep: StepException, Assignee: text(MaxNameLength), AcknowledgedBy: text(MaxNameLength), Handoffs: 1 << 20,
		Automation: &AutomationRun{Executor: catalog.ExecutorRPA, Action: text(100), Queue: text(100), StartedAt: now, FinishedAt: &now,
			Result: &result, Error: clip(huge, maxResultText)},
		Exception: "rpa automation failed: " + clip(huge, maxResultText),
		Response:  clock, Resolution: clock, SLAState: SLABreached, ReceivedAt: now,
		Outcome: OutcomeResolved, CompletedBy: text(MaxNameLength), CompletedAt: &now, Note: text(MaxNoteLength), ManualMinutes: 1 << 20,
		EscalationLevel: 3, Escalating: EscalationWorkflowID(TaskWorkflowID(req.RequestID), 1<<20), Escalations: escalations,
		NeedsReclassification: true, BlockedBy: text(MaxReasonLength), NeedsApproval: true,
		ApprovalReason: "compliance exposure: " + text(MaxReasonLength), ApprovedBy: text(MaxNameLength),
		Approvers:      []string{text(MaxNameLength), text(MaxNameLength)},
		HeldCompletion: &HeldCompletion{By: text(MaxNameLength), Outcome: OutcomeResolved, Note: text(MaxNoteLength), Hours: 1000, At: now},
		Staffing: &Staffing{Roster: RosterWorkflowID(text(100)), Ask: 1 << 20, Person: text(MaxNameLength), Allocation: catalog.AllocationReactiveSupport,
			EstimatedHours: 1000, BookedAt: &now, Position: 1 << 20, WaitingSince: &now, Reason: text(500), ActualHours: 1000, Released: true},
		Fallback: &FallbackRecord{Action: catalog.FallbackPause, At: now, Detail: "campaign " + text(maxFieldLength) + " paused: " + clip(huge, maxResultText), NewDueDate: &now},
		Notices:  list(maxNotices+30, 1<<12),
	}
	kept.show(&st)
	st.UnknownSignals = 1 << 20
	boundLists(&st)
	require.Len(t, st.Signals, maxSignalRecords+maxRejectedRecords)
	require.Len(t, st.Notices, maxNotices)
	require.Len(t, st.Escalations, maxEscalationsKept)

	data, err := json.Marshal(st)
	require.NoError(t, err)
	payload, err := converter.GetDefaultDataConverter().ToPayload(st)
	require.NoError(t, err)
	t.Logf("the largest status: %d bytes of JSON (%d in its payload); the budget is %d", len(data), len(payload.GetData()), StatusBudget)
	require.Less(t, len(payload.GetData()), StatusBudget)
	require.Less(t, len(data), StatusBudget)
	require.Greater(t, len(data), StatusBudget/2, "the status is built at its bounds, so the budget is not loose")
}

// discard is a logger for a task run outside a workflow.
var discard = log.NewStructuredLogger(slog.New(slog.DiscardHandler))

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func mustAction(t *testing.T, name string) Action {
	t.Helper()
	a, ok := LookupAction(name)
	require.True(t, ok, name)
	return a
}
