package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
)

// raiseSeverity reclassifies the task with higher scores: the bucket follows the new
// scores (the lane stays, the work is already routed), open clocks keep half the
// budget they had left, and the task escalates.
func (t *taskRun) raiseSeverity(ctx workflow.Context, s RaiseSeveritySignal) error {
	st := &t.task
	old := st.Scores
	if s.Scores.Latency < old.Latency || s.Scores.Criticality < old.Criticality ||
		(s.Scores.Latency == old.Latency && s.Scores.Criticality == old.Criticality) {
		return fmt.Errorf("scores: a raise must increase latency or criticality and lower neither (now %d/%d)", old.Latency, old.Criticality)
	}
	before := st.Bucket
	st.Scores, st.Bucket = s.Scores, catalog.ClassifyBucket(s.Scores)
	st.Notices = append(st.Notices, fmt.Sprintf("severity raised by %s: bucket %s → %s", s.Actor, before, st.Bucket))
	t.governance.requireFor(st.Scores.Criticality)
	t.clocks.tightenAll(ctx, t, st, t.actions.now(ctx))
	t.publish(ctx)
	if t.staffing.active() {
		if t.staffing.person() == "" {
			// Waiting for a person: the new bucket moves the task up the team's queue (and to seniors).
			t.staffing.because("severity raised by " + s.Actor)
			t.staffing.ask(ctx, &t.loop, t, st, &t.governance, st.HumanStep, st.Assignee)
		} else {
			// Booked: the person keeps it, and if it is handed back it queues by its new bucket.
			t.staffing.refreshPlace(ctx, &t.loop, st, "severity raised by "+s.Actor)
		}
	}
	t.escalations.escalate(ctx, &t.loop, t, &t.task, escalationCause{reason: "severity raised: " + s.Reason, startLevel: 1})
	return nil
}

// approve records the sign-off the task needs, and closes it with the completion held
// for it, if its sender still holds the task.
func (t *taskRun) approve(ctx workflow.Context, s ApproveSignal) error {
	if err := t.governance.approve(&t.task, s.Actor); err != nil {
		return err
	}
	if h, ok := t.governance.release(t.task.Assignee); ok {
		t.staffing.giveBack(ctx, &t.loop, &t.task, true, t.staffing.actualHours(h.Hours, t.actions.now(ctx)), "completed")
		// The approval, not the completion it held, is what closes the task now.
		t.finish(ctx, h.Outcome, h.By, h.Note, EscalationStopSignal{Ended: EndApproved, By: t.governance.by(), Note: "closed with " + h.By + "'s completion"})
	}
	return nil
}
