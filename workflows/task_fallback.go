package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// breached decides what a clock that ran out leads to: a lost response escalates; a
// lost resolution runs the type's fallback, and escalates once a deferred due date
// passes too, as a second defer would only move it again.
func (t *taskRun) breached(ctx workflow.Context, clock *SLAClock) {
	switch {
	case clock == t.clocks.response():
		t.escalations.escalate(ctx, &t.loop, t, &t.task, escalationCause{reason: "response SLA breached", startLevel: 1, trigger: ledger.TriggerBreach})
	case t.task.Fallback == nil:
		t.task.fallBack(ctx, &t.loop, t, &t.clocks, &t.staffing, &t.governance)
	default:
		t.escalations.escalate(ctx, &t.loop, t, &t.task, escalationCause{reason: "deferred due date missed", startLevel: 1, trigger: ledger.TriggerBreach})
	}
}

// fallBack takes the type's fallback action when the resolution SLA is lost, and
// keeps its record: a new due date on the clocks, a reroute through the staffing
// (which lets a completion g holds go), or the campaign paused.
func (s *taskState) fallBack(ctx workflow.Context, loop *eventLoop, r router, c *clocks, sf *staffing, g *governance) {
	now := workflow.Now(ctx)
	rec := &FallbackRecord{Action: s.fallback, At: now}
	s.Fallback = rec
	r.record(ctx, ledger.Fact{Milestone: "fallback", Kind: ledger.KindFallback, Note: string(s.fallback)})
	switch s.fallback {
	case catalog.FallbackDefer:
		if due, ok := c.deferResolution(ctx, r, s, rec); ok && s.Request.Requester != "" {
			r.notify(ctx, s.Request.Requester, "deferred", fmt.Sprintf("%q missed its resolution SLA; the new due date is %s.", s.Request.Title, c.local(due)))
		}
	case catalog.FallbackReroute:
		sf.reroute(ctx, loop, r, s, g, rec)
	case catalog.FallbackPause:
		rec.pauseCampaign(ctx, loop, r, s, c.resolution().Target)
	}
	r.publish(ctx)
}

// pauseCampaign pauses the request's campaign on the ad platform, so a lost SLA (of
// target) stops the spend; the record says how it went, and the holder hears.
func (rec *FallbackRecord) pauseCampaign(ctx workflow.Context, loop *eventLoop, tell teller, st *taskState, target catalog.SLA) {
	if st.Request.CampaignID == "" {
		rec.Detail = "no campaignId on the request, so nothing was paused"
		tell.notify(ctx, st.holder(), "fallback", fmt.Sprintf("%q lost its resolution SLA; pause its campaign by hand: the request names none.", st.Request.Title))
		return
	}
	rec.Detail = "pausing campaign " + st.Request.CampaignID
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, MaximumInterval: 30 * time.Second, MaximumAttempts: 5,
			NonRetryableErrorTypes: []string{activities.ErrPauseRejected, activities.ErrPauseNotConfigured},
		},
		Summary: fmt.Sprintf("pause campaign %s: resolution SLA lost", st.Request.CampaignID),
	})
	req := activities.PauseRequest{
		IdempotencyKey: st.TaskID + "/pause/" + st.Request.CampaignID, TaskID: st.TaskID,
		CampaignID: st.Request.CampaignID, Reason: fmt.Sprintf("%s lost its resolution SLA (%s)", st.TaskID, target),
	}
	var campaigns *activities.Campaigns
	loop.track(workflow.ExecuteActivity(actx, campaigns.PauseCampaign, req), func(f workflow.Future) {
		var res activities.PauseResult
		if err := f.Get(ctx, &res); err != nil {
			rec.Detail = "pause of campaign " + st.Request.CampaignID + " failed: " + failureReason(err)
		} else {
			rec.Detail = "campaign " + st.Request.CampaignID + " paused: " + clip(res.Summary, maxResultText)
		}
		tell.publish(ctx)
		tell.notify(ctx, st.holder(), "fallback", rec.Detail)
	})
}
