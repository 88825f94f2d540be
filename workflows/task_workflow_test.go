package workflows

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

func TestAutomatedLaneCompletesWithoutPeople(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := TaskRequest{
		RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check the launch UTMs",
		Requester: "pat", CampaignID: "cmp-7", Payload: json.RawMessage(`{"urls":["https://example.com/?utm_source=news"]}`),
	}
	te.automation("validate-utm-naming", activities.AutomationRequest{
		IdempotencyKey: "task-req-1/validate-utm-naming", TaskID: "task-req-1", TaskType: "utm-naming-validation",
		Action: "validate-utm-naming", Title: req.Title, CampaignID: "cmp-7", Payload: req.Payload,
	}, activities.AutomationResult{Summary: "1 URL valid"}, nil).Once()

	var started *activity.Info
	te.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
		if info.ActivityType.Name == "validate-utm-naming" {
			started = info
		}
	})

	st := te.run(req)

	require.NotNil(t, started)
	assert.Equal(t, activities.AutomationHeartbeatTimeout, started.HeartbeatTimeout, "a lost worker is noticed in seconds, not after the whole timeout")
	assert.Equal(t, summary{
		Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, Stage: StageCompleted,
		Outcome: OutcomeAutomated, CompletedBy: "automation:validate-utm-naming", SLAState: SLAMet,
	}, summarize(st))
	assert.Equal(t, "1 URL valid", st.Note)
	assert.Equal(t, 15, st.ManualMinutes)
	assert.Nil(t, st.Request.Payload, "the payload stays out of the status")
	require.NotNil(t, st.Automation)
	assert.Equal(t, "lanes-rpa", st.Automation.Queue)
	assert.Equal(t, time.Duration(0), te.since(st.Response.MetAt), "the automation's start is the response")
	assert.Equal(t, time.Duration(0), te.since(st.Resolution.MetAt))
	assert.Equal(t, time.Hour, st.Response.Deadline.Sub(tuesday10NY), "1h")
	assert.Equal(t, 4*time.Hour, st.Resolution.Deadline.Sub(tuesday10NY), "4 business hours from 10:00 end at 14:00")
	assert.Equal(t, []string{"completed→pat"}, te.sent())
	te.requireAttrs(st)
}

func TestAutomatedLaneWithReviewWaitsForTheReviewer(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := TaskRequest{RequestID: "req-1", TaskType: "monthly-dashboard-refresh", Title: "November dashboards"}
	te.automation("refresh-dashboard", activities.AutomationRequest{
		IdempotencyKey: "task-req-1/refresh-dashboard", TaskID: "task-req-1", TaskType: req.TaskType,
		Action: "refresh-dashboard", Title: req.Title,
	}, activities.AutomationResult{Summary: "12 dashboards refreshed"}, nil).Once()
	review := te.statusAt(30 * time.Minute)
	te.finishBy("ana", time.Hour, "numbers check out")

	st := te.run(req)

	lanes := summary{Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, HumanStep: StepReview}
	want := lanes
	want.Stage, want.Assignee, want.SLAState = StageAssigned, "role:analyst", SLAOnTrack
	assert.Equal(t, want, summarize(*review))
	require.NotNil(t, review.Automation)
	require.NotNil(t, review.Automation.Result)
	assert.Equal(t, "12 dashboards refreshed", review.Automation.Result.Summary)
	assert.Equal(t, "lanes-cloud", review.Automation.Queue)

	want = lanes
	want.Stage, want.Assignee, want.Outcome, want.CompletedBy, want.SLAState = StageCompleted, "ana", OutcomeResolved, "ana", SLAMet
	assert.Equal(t, want, summarize(st))
	assert.Equal(t, "numbers check out", st.Note)
	assert.Equal(t, time.Duration(0), te.since(st.Response.MetAt))
	assert.Equal(t, 61*time.Minute, te.since(st.Resolution.MetAt))
	assert.Equal(t, []string{"assigned→role:analyst"}, te.sent())
	te.requireAttrs(st)
}

func TestHumanLaneWaitsForTheAssignee(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	queued := te.statusAt(time.Hour)
	te.finishBy("bob", 2*time.Hour, "approved with one change")
	acked := te.statusAt(2*time.Hour + 30*time.Second)

	st := te.run(reviewRequest)

	lanes := summary{Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman, HumanStep: StepWork}
	want := lanes
	want.Stage, want.Assignee, want.SLAState = StageAssigned, "role:reviewer", SLAOnTrack
	assert.Equal(t, want, summarize(*queued))
	want.Stage, want.Assignee = StageAcknowledged, "bob"
	assert.Equal(t, want, summarize(*acked))
	assert.Nil(t, acked.Resolution.MetAt)

	want = lanes
	want.Stage, want.Assignee, want.Outcome, want.CompletedBy, want.SLAState = StageCompleted, "bob", OutcomeResolved, "bob", SLAMet
	assert.Equal(t, want, summarize(st))
	assert.Equal(t, "approved with one change", st.Note)
	assert.Nil(t, st.Automation)
	assert.Equal(t, 2*time.Hour, te.since(st.Response.MetAt))
	assert.Equal(t, 2*time.Hour+time.Minute, te.since(st.Resolution.MetAt))
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	assert.True(t, st.Response.Deadline.Equal(time.Date(2026, 11, 25, 10, 0, 0, 0, newYork)), "1 business day: Wednesday 10:00, got %s", st.Response.Deadline)
	assert.True(t, st.Resolution.Deadline.Equal(time.Date(2026, 11, 30, 10, 0, 0, 0, newYork)), "3 business days skip Thanksgiving and the weekend, got %s", st.Resolution.Deadline)
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "bob", accepted: true},
		{name: SignalComplete, actor: "bob", accepted: true},
	}, st.Signals)
	assert.Equal(t, []string{"assigned→role:reviewer", "completed→pat"}, te.sent())
	te.requireAttrs(st)
}

func TestHybridLaneConfirmsAfterTheAutomation(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := TaskRequest{RequestID: "req-1", TaskType: "pause-paid-campaign-404-spike", Title: "404s on the landing page", CampaignID: "cmp-9"}
	te.automation("pause-paid-campaign", activities.AutomationRequest{
		IdempotencyKey: "task-req-1/pause-paid-campaign", TaskID: "task-req-1", TaskType: req.TaskType,
		Action: "pause-paid-campaign", Title: req.Title, CampaignID: "cmp-9",
	}, activities.AutomationResult{Summary: "campaign paused"}, nil).After(time.Minute).Once()
	te.signalAt(30*time.Second, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "oncall-1"}, Outcome: OutcomeResolved})
	running := te.statusAt(45 * time.Second)
	confirming := te.statusAt(90 * time.Second)
	te.finishBy("oncall-1", 2*time.Minute, "paused, traffic stopped")

	st := te.run(req)

	lanes := summary{Bucket: catalog.BucketInstantCritical, Lane: catalog.LaneHybrid, HumanStep: StepConfirm}
	want := lanes
	want.Stage, want.Assignee, want.SLAState = StageAutomating, "role:on-call-ops", SLAOnTrack
	assert.Equal(t, want, summarize(*running))
	require.NotNil(t, running.Automation)
	assert.Nil(t, running.Automation.FinishedAt)
	want.Stage = StageAssigned
	assert.Equal(t, want, summarize(*confirming))
	require.NotNil(t, confirming.Automation)
	assert.Equal(t, time.Minute, te.since(confirming.Automation.FinishedAt))

	want = lanes
	want.Stage, want.Assignee, want.Outcome, want.CompletedBy, want.SLAState = StageCompleted, "oncall-1", OutcomeResolved, "oncall-1", SLAMet
	assert.Equal(t, want, summarize(st))
	assert.Equal(t, time.Duration(0), te.since(st.Response.MetAt))
	assert.Equal(t, 3*time.Minute, te.since(st.Resolution.MetAt))
	requireSignals(t, []record{
		{name: SignalComplete, actor: "oncall-1", reason: "the automation has not reported yet"},
		{name: SignalAcknowledge, actor: "oncall-1", accepted: true},
		{name: SignalApprove, actor: testApprover, accepted: true},
		{name: SignalComplete, actor: "oncall-1", accepted: true},
	}, st.Signals)
	assert.Equal(t, []string{"assigned→role:on-call-ops", "automation-done→role:on-call-ops"}, te.sent())
	te.requireAttrs(st)
}

func TestFailedAutomationBecomesAnException(t *testing.T) {
	tests := []struct {
		name     string
		errType  string
		attempts []int32
		finished time.Duration // retries back off 2s, then 4s
	}{
		{name: "unavailable is retried up to maxAttempts", errType: activities.ErrAutomationUnavailable, attempts: []int32{1, 2, 3}, finished: 6 * time.Second},
		{name: "rejected is not retried", errType: activities.ErrAutomationRejected, attempts: []int32{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTaskEnv(t, tuesday10NY)
			var attempts []int32
			te.automation("validate-utm-naming", mock.Anything,
				func(ctx context.Context, _ activities.AutomationRequest) (activities.AutomationResult, error) {
					attempts = append(attempts, activity.GetInfo(ctx).Attempt)
					return activities.AutomationResult{}, temporal.NewApplicationError("boom", tt.errType)
				}).Times(len(tt.attempts))
			exception := te.statusAt(30 * time.Second)
			te.finishBy("alice", time.Minute, "checked by hand")

			st := te.run(TaskRequest{RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check the launch UTMs"})

			assert.Equal(t, tt.attempts, attempts)
			lanes := summary{Bucket: catalog.BucketRepeatableNoncritical, Lane: catalog.LaneAutomated, HumanStep: StepException}
			want := lanes
			want.Stage, want.Assignee, want.SLAState = StageAssigned, "role:automation-owner", SLAOnTrack
			assert.Equal(t, want, summarize(*exception))
			assert.Contains(t, exception.Exception, "rpa automation validate-utm-naming failed: boom")
			assert.Contains(t, exception.Exception, tt.errType)
			require.NotNil(t, st.Automation)
			assert.Equal(t, tt.finished, te.since(st.Automation.FinishedAt))

			want = lanes
			want.Stage, want.Assignee, want.Outcome, want.CompletedBy, want.SLAState = StageCompleted, "alice", OutcomeResolved, "alice", SLAMet
			assert.Equal(t, want, summarize(st))
			assert.Equal(t, exception.Exception, st.Exception, "the exception stays on record")
			assert.Zero(t, st.ManualMinutes)
			// The exhausted automation is also a condition that escalates, starting with the owner's queue.
			assert.Equal(t, []string{"escalation→role:automation-owner", "assigned→role:automation-owner"}, te.sent())
			te.requireAttrs(st)
		})
	}
}

func TestInvalidRequestFailsTheWorkflow(t *testing.T) {
	tests := []struct {
		name    string
		req     TaskRequest
		want    string
		errType string
	}{
		{name: "empty title", req: TaskRequest{RequestID: "req-1", TaskType: "live-campaign-outage", Title: "  "},
			want: "title: required", errType: ErrInvalidTaskRequest},
		{name: "unknown task type", req: TaskRequest{RequestID: "req-1", TaskType: "make-coffee", Title: "Coffee"},
			want: `"make-coffee" is not in catalog`, errType: activities.ErrUnknownTaskType},
		{name: "score out of range", req: TaskRequest{RequestID: "req-1", TaskType: "live-campaign-outage", Title: "Down",
			Scores: &catalog.Scores{Latency: 6, Criticality: 5, Automation: 2}}, want: "scores.latency", errType: ErrInvalidTaskRequest},
		{name: "a direct start under another request's ID", req: TaskRequest{RequestID: "INT-7", TaskType: "live-campaign-outage", Title: "Down", CampaignID: "c"},
			want: `workflow ID: "task-req-1" is not "task-INT-7"; start a task with the workflow ID task-<requestId>`, errType: ErrInvalidTaskRequest},
		{name: "a run-like suffix on a task no schedule started", req: TaskRequest{RequestID: "req", TaskType: "live-campaign-outage", Title: "Down", CampaignID: "c"},
			want: `workflow ID: "task-req-1" is not "task-req"`, errType: ErrInvalidTaskRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTaskEnv(t, tuesday10NY)
			te.env.ExecuteWorkflow(CampaignTaskWorkflow, tt.req)

			require.True(t, te.env.IsWorkflowCompleted())
			err := te.env.GetWorkflowError()
			require.ErrorContains(t, err, tt.want)
			assert.Contains(t, appErrorTypes(err), tt.errType)
			assert.Empty(t, te.sent())
		})
	}
}

func TestCheckTaskWorkflowID(t *testing.T) {
	for _, tt := range []struct {
		id, request string
		scheduled   bool
		ok          bool
	}{
		{"task-INT-7", "INT-7", false, true},
		{"task-INT-7", "INT-7", true, true},
		{"task-INT-8", "INT-7", false, false},
		{"INT-7", "INT-7", false, false},
		{"task-recur-weekly-lifecycle-email-qa-2026-11-30T15:00:00Z", "recur-weekly-lifecycle-email-qa", true, true},
		{"task-recur-weekly-lifecycle-email-qa-2026-11-30T15:00:00Z", "recur-weekly-lifecycle-email-qa", false, false},
		{"task-recur-weekly-lifecycle-email-qa-later", "recur-weekly-lifecycle-email-qa", true, false},
	} {
		err := checkTaskWorkflowID(tt.id, tt.request, tt.scheduled)
		assert.Equal(t, tt.ok, err == nil, "%s for request %s (scheduled %v): %v", tt.id, tt.request, tt.scheduled, err)
	}
}

func TestScoresOverrideTheTypeDefaults(t *testing.T) {
	tests := []struct {
		name      string
		scores    catalog.Scores
		routeNote string
	}{
		{"critical creative review", catalog.Scores{Latency: 5, Criticality: 5, Automation: 2}, ""},
		{"hybrid scores without automation", catalog.Scores{Latency: 5, Criticality: 5, Automation: 4}, "has no automation, so a person takes it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTaskEnv(t, tuesday10NY)
			te.finishBy("bob", time.Minute, "")
			req := reviewRequest
			req.Scores = &tt.scores

			st := te.run(req)

			assert.Equal(t, tt.scores, st.Scores)
			assert.Equal(t, summary{
				Bucket: catalog.BucketInstantCritical, Lane: catalog.LaneHuman, Stage: StageCompleted, HumanStep: StepWork,
				Assignee: "bob", Outcome: OutcomeResolved, CompletedBy: "bob", SLAState: SLAMet,
			}, summarize(st))
			if tt.routeNote == "" {
				assert.Empty(t, st.RouteNote)
			} else {
				assert.Contains(t, st.RouteNote, tt.routeNote)
			}
		})
	}
}
