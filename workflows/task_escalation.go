package workflows

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// Change IDs of the behaviour added after the first recorded histories.
const (
	versionEscalation = "escalate-on-condition"
	versionFallback   = "fallback-on-resolution-breach"
	versionWarnings   = "sla-warnings"
	versionLateStart  = "breach-at-once-when-late"
	versionReassign   = "holder-only-reassign"
)

// escalate starts an escalation child workflow for a condition, one climb at a time.
func (t *taskRun) escalate(ctx workflow.Context, reason string, startLevel int) {
	t.escalateAs(ctx, reason, startLevel, false)
}

// escalateAs is escalate that remembers whether the climb is a capacity breach,
// which the roster's booking of a person ends.
func (t *taskRun) escalateAs(ctx workflow.Context, reason string, startLevel int, capacity bool) {
	if workflow.GetVersion(ctx, versionEscalation, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	st := &t.status
	if t.escalation != nil {
		// A condition that must start higher (compliance) follows once the running climb
		// ends; a capacity breach never takes the place of another condition waiting its turn.
		if startLevel > st.EscalationLevel && (!capacity || t.nextEscalation == nil || t.nextEscalation.capacity) {
			t.nextEscalation = &pendingEscalation{reason: reason, startLevel: startLevel, capacity: capacity}
		}
		st.Notices = append(st.Notices, fmt.Sprintf("%s while escalation %s climbs", reason, st.Escalating))
		return
	}
	t.cycles++
	holder := st.Assignee
	if holder == "" {
		holder = RoleAssignee(t.policy.TaskType.OwnerRole)
	}
	window := time.Duration(t.policy.TaskType.EscalationWindow)
	if window == 0 {
		window = DefaultEscalationWindow
	}
	in := EscalationInput{
		TaskID: st.TaskID, TaskName: st.TaskName, Title: st.Request.Title, Reason: reason, Cycle: t.cycles,
		Levels: escalationLevels(holder, t.policy.TaskType.EscalationPath), StartLevel: startLevel, Window: window,
	}
	id := EscalationWorkflowID(st.TaskID, t.cycles)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        id,
		StaticSummary:     fmt.Sprintf("Escalation %d of %s: %s", t.cycles, st.TaskID, reason),
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	t.escalation = workflow.ExecuteChildWorkflow(cctx, EscalationWorkflow, in)
	t.escalationStart, t.capacityClimb = startLevel, capacity
	st.Escalating, st.EscalationLevel = id, startLevel
	if t.cycles > 1 {
		st.NeedsReclassification = true
	}
	t.publish(ctx)
	t.track(t.escalation, func(f workflow.Future) {
		var res EscalationResult
		err := f.Get(ctx, &res)
		t.escalation, st.Escalating, t.capacityClimb = nil, "", false
		if err != nil {
			st.Notices = append(st.Notices, fmt.Sprintf("escalation %s ended without a result: %s", id, failureReason(err)))
		} else {
			st.Escalations = append(st.Escalations, res)
		}
		t.publish(ctx)
		if next := t.nextEscalation; next != nil && st.Stage != StageCompleted {
			t.nextEscalation = nil
			t.escalateAs(ctx, next.reason, next.startLevel, next.capacity)
		}
	})
}

// pendingEscalation is a condition that waits for the running climb to end.
type pendingEscalation struct {
	reason     string
	startLevel int
	capacity   bool
}

// stopEscalation tells a climbing escalation that the task is in hand. Taking the
// task does not stop a climb that started above level 1 (compliance): that asks
// managers, not the holder; completing the task stops any climb.
func (t *taskRun) stopEscalation(ctx workflow.Context, actor, why string, completed bool) {
	child := t.escalation
	if child == nil || (!completed && t.escalationStart > 1) {
		return
	}
	t.nextEscalation = nil
	t.ackEscalation(ctx, child, EscalationAckSignal{Actor: actor, Note: why})
}

// ackEscalation tells a climbing escalation to stop. It signals once the child has
// started, so the event loop never waits inside a callback.
func (t *taskRun) ackEscalation(ctx workflow.Context, child workflow.ChildWorkflowFuture, ack EscalationAckSignal) {
	t.track(child.GetChildWorkflowExecution(), func(f workflow.Future) {
		if f.Get(ctx, nil) != nil || t.escalation != child {
			return // the climb never started or already ended
		}
		t.track(child.SignalChildWorkflow(ctx, SignalEscalationAck, ack), func(f workflow.Future) {
			if err := f.Get(ctx, nil); err != nil && t.escalation == child {
				t.status.Notices = append(t.status.Notices, "could not stop the escalation: "+failureReason(err))
			}
		})
	})
}

// listenEscalations follows the levels the escalation reaches, for the status and search attributes.
func (t *taskRun) listenEscalations(ctx workflow.Context) {
	ch := workflow.GetSignalChannel(ctx, SignalEscalationLevel)
	t.levelReports = ch
	t.sel.AddReceive(ch, func(c workflow.ReceiveChannel, _ bool) {
		var report EscalationLevelSignal
		c.Receive(ctx, &report)
		if report.Cycle != t.cycles {
			return // not from the running climb
		}
		t.status.EscalationLevel = report.Level
		t.publish(ctx)
	})
}

// runFallback takes the type's fallback action when the resolution SLA is lost.
func (t *taskRun) runFallback(ctx workflow.Context) {
	if workflow.GetVersion(ctx, versionFallback, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	tt := t.policy.TaskType
	st := &t.status
	now := workflow.Now(ctx)
	rec := &FallbackRecord{Action: tt.Fallback, At: now}
	st.Fallback = rec
	switch tt.Fallback {
	case catalog.FallbackDefer:
		due, err := t.policy.Calendar.Deadline(now, tt.ResolutionSLA)
		if err != nil {
			rec.Detail = "could not compute a new due date: " + err.Error()
			break
		}
		due = due.UTC()
		rec.NewDueDate = &due
		rec.Detail = "deferred to " + t.local(due)
		if st.Request.Requester != "" {
			t.notify(ctx, st.Request.Requester, "deferred", fmt.Sprintf("%q missed its resolution SLA; the new due date is %s.", st.Request.Title, t.local(due)))
		}
	case catalog.FallbackReroute:
		to := RoleAssignee(tt.OwnerRole)
		if tt.BackupOwner != "" {
			to = RoleAssignee(tt.BackupOwner)
		}
		step := st.HumanStep
		if step == "" {
			step = StepWork // from the automated lane to a person
		}
		rec.Detail = "rerouted to " + to
		if to != st.Assignee {
			st.Handoffs++
			if !IsRoleAssignee(st.Assignee) {
				t.leftBy, t.askReason = append(t.leftBy, st.Assignee), "resolution SLA lost with "+st.Assignee
			}
			t.assign(ctx, step, to)
		}
	case catalog.FallbackPause:
		t.pauseCampaign(ctx, rec)
	}
	t.publish(ctx)
}

// pauseCampaign pauses the request's campaign on the ad platform, so a lost SLA stops the spend.
func (t *taskRun) pauseCampaign(ctx workflow.Context, rec *FallbackRecord) {
	st := &t.status
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
		CampaignID: st.Request.CampaignID, Reason: fmt.Sprintf("%s lost its resolution SLA (%s)", st.TaskID, st.Resolution.Target),
	}
	var campaigns *activities.Campaigns
	t.track(workflow.ExecuteActivity(actx, campaigns.PauseCampaign, req), func(f workflow.Future) {
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
