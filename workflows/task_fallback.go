package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// runFallback takes the type's fallback action when the resolution SLA is lost.
func (t *taskRun) runFallback(ctx workflow.Context) {
	tt := t.policy.TaskType
	st := &t.task
	now := workflow.Now(ctx)
	rec := &FallbackRecord{Action: tt.Fallback, At: now}
	st.Fallback = rec
	switch tt.Fallback {
	case catalog.FallbackDefer:
		t.deferResolution(ctx, rec)
	case catalog.FallbackReroute:
		t.reroute(ctx, rec)
	case catalog.FallbackPause:
		t.pauseCampaign(ctx, rec)
	}
	t.publish(ctx)
}

// deferResolution gives the task a new resolution clock, the resolution SLA again from
// the breach, with its own timer and warnings, and tells the requester the new due date.
// The task stays breached: the SLA was lost, and a deferral does not win it back.
func (t *taskRun) deferResolution(ctx workflow.Context, rec *FallbackRecord) {
	st := &t.task
	clock, err := t.clocks.newClock(rec.At, t.policy.TaskType.ResolutionSLA)
	if err != nil {
		rec.Detail = "could not compute a new due date: " + err.Error()
		return
	}
	missed, due := t.clocks.resolution().Deadline, clock.Deadline
	rec.MissedDeadline, rec.NewDueDate = &missed, &due
	rec.Detail = fmt.Sprintf("missed %s; deferred to %s", t.clocks.local(missed), t.clocks.local(due))
	t.clocks.deferResolution(clock)
	t.startClock(ctx, t.resolutionName(), t.clocks.resolution())
	if st.Request.Requester != "" {
		t.notify(ctx, st.Request.Requester, "deferred", fmt.Sprintf("%q missed its resolution SLA; the new due date is %s.", st.Request.Title, t.clocks.local(due)))
	}
}

// resolutionName names the resolution clock in notices and timers: a deferred one is
// the "deferred resolution", whose warnings are its own.
func (t *taskRun) resolutionName() string {
	if f := t.task.Fallback; f != nil && f.NewDueDate != nil {
		return "deferred resolution"
	}
	return "resolution"
}

// pauseCampaign pauses the request's campaign on the ad platform, so a lost SLA stops the spend.
func (t *taskRun) pauseCampaign(ctx workflow.Context, rec *FallbackRecord) {
	st := &t.task
	if st.Request.CampaignID == "" {
		rec.Detail = "no campaignId on the request, so nothing was paused"
		t.notify(ctx, t.breachRecipient(), "fallback", fmt.Sprintf("%q lost its resolution SLA; pause its campaign by hand: the request names none.", st.Request.Title))
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
		CampaignID: st.Request.CampaignID, Reason: fmt.Sprintf("%s lost its resolution SLA (%s)", st.TaskID, t.clocks.resolution().Target),
	}
	var campaigns *activities.Campaigns
	t.loop.track(workflow.ExecuteActivity(actx, campaigns.PauseCampaign, req), func(f workflow.Future) {
		var res activities.PauseResult
		if err := f.Get(ctx, &res); err != nil {
			rec.Detail = "pause of campaign " + st.Request.CampaignID + " failed: " + failureReason(err)
		} else {
			rec.Detail = "campaign " + st.Request.CampaignID + " paused: " + clip(res.Summary, maxResultText)
		}
		t.publish(ctx)
		t.notify(ctx, t.breachRecipient(), "fallback", rec.Detail)
	})
}
