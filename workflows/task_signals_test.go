package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

func TestBadSignalsAreRecordedNotFatal(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	steps := []struct {
		name string
		arg  any
		want record
	}{
		{SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-1", Actor: "alice"}}, record{accepted: true, actor: "alice"}},
		{SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "mallory"}, Outcome: OutcomeResolved}, record{actor: "mallory", reason: "actor: only the assignee, alice"}},
		{SignalComplete, CompleteSignal{Outcome: OutcomeResolved}, record{reason: "actor: required"}},
		{SignalComplete, map[string]any{"actor": "alice", "outcome": OutcomeResolved, "bogus": 1}, record{actor: "alice", reason: `unknown field "bogus"`}},
		{SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: "done"}, record{actor: "alice", reason: `outcome: "done" is not an outcome`}},
		{SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-1", Actor: "alice"}}, record{actor: "alice", reason: "signalId: ack-1 was already received"}},
		{SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "mallory"}}, record{actor: "mallory", reason: "actor: only the assignee, alice"}},
		{SignalReassign, ReassignSignal{ActionHeader: ActionHeader{Actor: "lead"}, To: "role:reviewer"}, record{actor: "lead", reason: "to: required"}},
		{SignalReassign, ReassignSignal{ActionHeader: ActionHeader{Actor: "mallory"}, To: "mallory"}, record{actor: "mallory", reason: "actor: alice holds the task; only they may reassign it"}},
		{SignalReassign, ReassignSignal{ActionHeader: ActionHeader{Actor: "alice"}, To: "alice"}, record{actor: "alice", reason: "to: the task is already assigned to alice"}},
		{SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}}, record{actor: "alice", reason: "actor: alice already acknowledged"}},
		{SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "bob"}}, record{actor: "bob", reason: "actor: the task is assigned to alice"}},
	}
	var want []record
	for i, s := range steps {
		te.signalAt(time.Duration(i+1)*time.Minute, s.name, s.arg)
		s.want.name = s.name
		want = append(want, s.want)
	}
	during := te.statusAt(time.Duration(len(steps)+1) * time.Minute)
	te.signalAt(time.Duration(len(steps)+2)*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{SignalID: "done-1", Actor: "alice"}, Outcome: OutcomeResolved, Note: "approved"})
	want = append(want, record{name: SignalComplete, actor: "alice", accepted: true})

	st := te.run(reviewRequest)

	lanes := summary{Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman, HumanStep: StepWork, Assignee: "alice"}
	wantNow := lanes
	wantNow.Stage, wantNow.SLAState = StageAcknowledged, SLAOnTrack
	assert.Equal(t, wantNow, summarize(*during))
	assert.Len(t, during.Signals, len(steps))
	wantNow = lanes
	wantNow.Stage, wantNow.Outcome, wantNow.CompletedBy, wantNow.SLAState = StageCompleted, OutcomeResolved, "alice", SLAMet
	assert.Equal(t, wantNow, summarize(st))
	assert.Equal(t, "approved", st.Note)
	assert.Equal(t, "done-1", st.Signals[len(steps)].SignalID)
	requireSignals(t, want, st.Signals)
	assert.Equal(t, time.Minute, te.since(st.Response.MetAt))
}

// A signal that arrives in the same workflow task as the completion is answered, not lost,
// whether or not a notice to the requester is still in flight.
func TestSignalWithTheCompletionIsRejected(t *testing.T) {
	for name, requester := range map[string]string{"with a requester": "pat", "without a requester": ""} {
		t.Run(name, func(t *testing.T) {
			te := newTaskEnv(t, tuesday10NY)
			te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
			te.env.RegisterDelayedCallback(func() {
				te.env.SignalWorkflowSkippingWorkflowTask(SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: OutcomeResolved})
				te.env.SignalWorkflow(SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: OutcomeDeclined})
			}, 2*time.Minute)
			req := reviewRequest
			req.Requester = requester

			st := te.run(req)

			assert.Equal(t, OutcomeResolved, st.Outcome)
			requireSignals(t, []record{
				{name: SignalAcknowledge, actor: "alice", accepted: true},
				{name: SignalComplete, actor: "alice", accepted: true},
				{name: SignalComplete, actor: "alice", reason: "the task is already completed (resolved by alice)"},
			}, st.Signals)
		})
	}
}

func TestHandBackAndReassign(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
	te.signalAt(2*time.Minute, SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "alice"}, Reason: "out sick"})
	handedBack := te.statusAt(3 * time.Minute)
	te.signalAt(4*time.Minute, SignalReassign, ReassignSignal{ActionHeader: ActionHeader{Actor: "lead"}, To: "carol"})
	reassigned := te.statusAt(5 * time.Minute)
	te.finishBy("carol", 6*time.Minute, "approved")

	st := te.run(reviewRequest)

	want := summary{Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman, HumanStep: StepWork, SLAState: SLAOnTrack}
	want.Stage, want.Assignee, want.Handoffs = StageAssigned, "role:reviewer", 1
	assert.Equal(t, want, summarize(*handedBack))
	assert.Empty(t, handedBack.AcknowledgedBy)
	want.Assignee, want.Handoffs = "carol", 2
	assert.Equal(t, want, summarize(*reassigned))

	want.Stage, want.Outcome, want.CompletedBy, want.SLAState = StageCompleted, OutcomeResolved, "carol", SLAMet
	assert.Equal(t, want, summarize(st))
	assert.Equal(t, "carol", st.AcknowledgedBy)
	assert.Equal(t, time.Minute, te.since(st.Response.MetAt), "alice's acknowledgement stopped the response clock")
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "alice", accepted: true},
		{name: SignalHandBack, actor: "alice", accepted: true},
		{name: SignalReassign, actor: "lead", accepted: true},
		{name: SignalAcknowledge, actor: "carol", accepted: true},
		{name: SignalComplete, actor: "carol", accepted: true},
	}, st.Signals)
	assert.Equal(t, []string{"assigned→role:reviewer", "assigned→role:reviewer", "assigned→carol", "completed→pat"}, te.sent())
	te.requireAttrs(st)
}

func TestSLABreachWhenNobodyResponds(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	breached := te.statusAt(20 * time.Minute)
	var breachedAttr string
	te.env.RegisterDelayedCallback(func() { breachedAttr = te.keyword(AttrSLAState) }, 20*time.Minute)
	te.env.RegisterDelayedCallback(func() {
		te.env.SignalWorkflow(SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}})
		te.env.SignalWorkflow(SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: testApprover}}) // criticality 5 needs approval
		te.env.SignalWorkflow(SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved, Note: "restored"})
	}, 70*time.Minute)

	st := te.run(TaskRequest{RequestID: "req-1", TaskType: "live-campaign-outage", Title: "Spring ads show a blank page", Requester: "pat"})

	want := summary{Bucket: catalog.BucketInstantCritical, Lane: catalog.LaneHuman, HumanStep: StepWork}
	want.Stage, want.Assignee, want.SLAState = StageAssigned, "role:on-call-ops", SLABreached
	assert.Equal(t, want, summarize(*breached))
	assert.Equal(t, string(SLABreached), breachedAttr)
	assert.Equal(t, 15*time.Minute, te.since(breached.Response.BreachedAt))
	assert.Nil(t, breached.Response.MetAt)
	assert.Nil(t, breached.Resolution.BreachedAt)

	want.Stage, want.Assignee, want.Outcome, want.CompletedBy, want.SLAState = StageCompleted, "oncall-1", OutcomeResolved, "oncall-1", SLAMissed
	assert.Equal(t, want, summarize(st))
	assert.Equal(t, "criticality 5 needs approval (from 4)", st.ApprovalReason)
	assert.Equal(t, testApprover, st.ApprovedBy)
	assert.Equal(t, 15*time.Minute, te.since(st.Response.BreachedAt))
	assert.Equal(t, 70*time.Minute, te.since(st.Response.MetAt))
	assert.Equal(t, 60*time.Minute, te.since(st.Resolution.BreachedAt))
	assert.Equal(t, 70*time.Minute, te.since(st.Resolution.MetAt))
	// The response breach climbs all three levels unanswered; the lost resolution SLA
	// runs the pause fallback, which can only ask for a manual pause without a campaign ID.
	assert.Equal(t, []string{
		"escalation→role:on-call-ops", "escalation→role:ops-manager", "escalation→role:marketing-director", "escalation→role:it-on-call",
		"assigned→role:on-call-ops", "sla-warning→role:on-call-ops", "sla-breach→role:on-call-ops",
		"sla-warning→role:on-call-ops", "sla-breach→role:on-call-ops", "fallback→role:on-call-ops", "completed→pat",
	}, te.sent())
	require.Len(t, st.Escalations, 1)
	assert.Equal(t, EscalationResult{Cycle: 1, Reason: "response SLA breached", LevelReached: 3,
		Asked: []string{"role:marketing-director", "role:it-on-call"}, Exhausted: true}, st.Escalations[0])
	require.NotNil(t, st.Fallback)
	assert.Equal(t, catalog.FallbackPause, st.Fallback.Action)
	assert.Contains(t, st.Fallback.Detail, "no campaignId")
	te.requireAttrs(st)
}

func TestBusinessDayDeadlinesSkipTheWeekend(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	friday := time.Date(2026, 11, 27, 16, 0, 0, 0, london)
	te := newTaskEnv(t, friday)
	tt, ok := te.catalog.TaskType("reporting-refresh")
	require.True(t, ok)
	cal := te.catalog.Teams[tt.Team]
	wantResponse, err := cal.Deadline(friday, tt.ResponseSLA)
	require.NoError(t, err)
	wantResolution, err := cal.Deadline(friday, tt.ResolutionSLA)
	require.NoError(t, err)
	assert.Equal(t, "Mon 30 Nov 16:00", wantResponse.In(london).Format("Mon 2 Jan 15:04"), "1 business day after Friday 16:00")
	assert.Equal(t, "Tue 1 Dec 16:00", wantResolution.In(london).Format("Mon 2 Jan 15:04"), "2 business days after Friday 16:00")
	req := TaskRequest{RequestID: "req-1", TaskType: "reporting-refresh", Title: "Weekly channel report"}
	te.automation("refresh-reports", activities.AutomationRequest{
		IdempotencyKey: "task-req-1/refresh-reports", TaskID: "task-req-1", TaskType: req.TaskType,
		Action: "refresh-reports", Title: req.Title,
	}, activities.AutomationResult{Summary: "reports refreshed"}, nil).Once()

	st := te.run(req)

	assert.Equal(t, "analytics", st.Team)
	assert.True(t, st.Response.Deadline.Equal(wantResponse), "response due %s, want %s", st.Response.Deadline, wantResponse)
	assert.True(t, st.Resolution.Deadline.Equal(wantResolution), "resolution due %s, want %s", st.Resolution.Deadline, wantResolution)
	assert.True(t, st.Response.Deadline.After(time.Date(2026, 11, 30, 0, 0, 0, 0, london)), "due after the weekend")
	assert.Equal(t, summary{
		Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, Stage: StageCompleted,
		Outcome: OutcomeAutomated, CompletedBy: "automation:refresh-reports", SLAState: SLAMet,
	}, summarize(st))
	assert.Equal(t, 60, st.ManualMinutes)
	te.requireAttrs(st)
}

func TestDecodeSignal(t *testing.T) {
	complete := func(raw string) error { _, err := DecodeSignal[CompleteSignal]([]byte(raw)); return err }
	ack := func(raw string) error { _, err := DecodeSignal[AcknowledgeSignal]([]byte(raw)); return err }
	reassign := func(raw string) error { _, err := DecodeSignal[ReassignSignal]([]byte(raw)); return err }
	tests := []struct {
		name   string
		decode func(string) error
		raw    string
		want   string // a substring of the error; "" for none
	}{
		{name: "good complete", decode: complete, raw: `{"signalId":"s-1","actor":"alice","outcome":"resolved","note":"ok"}`},
		{name: "good reassign", decode: reassign, raw: `{"actor":"lead","to":"carol","reason":"holiday"}`},
		{name: "unknown field", decode: complete, raw: `{"actor":"alice","outcme":"resolved"}`, want: `unknown field "outcme"`},
		{name: "missing actor", decode: ack, raw: `{}`, want: "actor: required"},
		{name: "blank actor", decode: ack, raw: `{"actor":"  "}`, want: "actor: required"},
		{name: "bad outcome", decode: complete, raw: `{"actor":"alice","outcome":"fixed"}`, want: `outcome: "fixed" is not an outcome`},
		{name: "reassign without to", decode: reassign, raw: `{"actor":"lead"}`, want: "to: required"},
		{name: "reassign to a queue", decode: reassign, raw: `{"actor":"lead","to":"role:reviewer"}`, want: "to: required"},
		{name: "not an object", decode: ack, raw: `"alice"`, want: "decode:"},
		{name: "an actor twice", decode: ack, raw: `{"actor":"mallory","actor":"alice"}`, want: "actor: appears twice in its object"},
		{name: "an outcome twice", decode: complete, raw: `{"actor":"alice","outcome":"declined","outcome":"resolved"}`, want: "outcome: appears twice"},
		{name: "a name in another case", decode: ack, raw: `{"Actor":"alice"}`, want: "Actor: unknown field"},
		{name: "invalid UTF-8 in a note", decode: ack, raw: "{\"actor\":\"alice\",\"note\":\"caf\xe9\"}", want: "note: is not valid UTF-8"},
		{name: "a lone surrogate in an actor", decode: ack, raw: `{"actor":"al\udc00ice"}`, want: "actor: is not valid UTF-8"},
		{name: "a NUL in a note", decode: ack, raw: `{"actor":"alice","note":"a\u0000b"}`, want: "note: holds the control character U+0000"},
		{name: "null", decode: ack, raw: `null`, want: "body: is null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.decode(tt.raw)
			if tt.want == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.want)
			}
		})
	}

	s, err := DecodeSignal[CompleteSignal]([]byte(`{"signalId":"s-1","actor":"alice","outcome":"resolved","note":"ok"}`))
	require.NoError(t, err)
	assert.Equal(t, CompleteSignal{ActionHeader: ActionHeader{SignalID: "s-1", Actor: "alice"}, Outcome: OutcomeResolved, Note: "ok"}, s)
}

// Every action of the table that goes to the task has a step that applies it, and the
// task has no step for an action the table does not list.
func TestEveryTaskActionHasAStep(t *testing.T) {
	steps := (&taskRun{}).steps(nil, &SignalRecord{})
	var names []string
	for name := range steps {
		names = append(names, name)
	}
	assert.ElementsMatch(t, HumanActions(), names)
}
