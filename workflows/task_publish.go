package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
)

// searchState is the part of a task that ops filter on in the Temporal UI.
type searchState struct {
	bucket, lane, stage, assignee, team, slaState string
	exception, reclassify                         bool
	resolveBy                                     time.Time
	escalationLevel                               int
}

// publish upserts the search attributes that changed and refreshes the task's
// current details, so the Temporal UI tells the task's story without code.
func (t *taskRun) publish(ctx workflow.Context) {
	st := t.current()
	next := searchState{
		bucket: string(st.Bucket), lane: string(st.Lane), stage: string(st.Stage), assignee: st.Assignee,
		team: st.Team, slaState: string(st.SLAState), exception: st.Exception != "", resolveBy: st.Resolution.Deadline,
		escalationLevel: st.EscalationLevel, reclassify: st.NeedsReclassification,
	}
	workflow.SetCurrentDetails(ctx, details(st, &t.clocks, t.governance.approverText(st.Assignee)))
	if !t.announced.changed(next) {
		return
	}
	updates := []temporal.SearchAttributeUpdate{
		AttrTaskType.ValueSet(st.Request.TaskType),
		AttrBucket.ValueSet(next.bucket),
		AttrLane.ValueSet(next.lane),
		AttrStage.ValueSet(next.stage),
		keywordOrUnset(AttrAssignee, next.assignee),
		AttrTeam.ValueSet(next.team),
		AttrSLAState.ValueSet(next.slaState),
		AttrException.ValueSet(next.exception),
		AttrResolveBy.ValueSet(next.resolveBy),
	}
	// Escalation attributes appear once a task escalates, so tasks that never do look as they always did.
	if next.escalationLevel > 0 || next.reclassify {
		updates = append(updates, AttrEscalationLevel.ValueSet(int64(next.escalationLevel)), AttrReclassify.ValueSet(next.reclassify))
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		t.logger.Warn("Search attributes not updated", "error", err)
	}
}

func keywordOrUnset(key temporal.SearchAttributeKeyKeyword, value string) temporal.SearchAttributeUpdate {
	if value == "" {
		return key.ValueUnset()
	}
	return key.ValueSet(value)
}

// notify tells a person or a queue about the task without holding the task up;
// a notice that cannot be delivered is kept in the task's state.
func (t *taskRun) notify(ctx workflow.Context, recipient, kind, text string) {
	n := t.announced.nextNotice()
	msg := activities.Notification{
		IdempotencyKey: fmt.Sprintf("%s/notice/%d", t.task.TaskID, n),
		TaskID:         t.task.TaskID, Kind: kind, Recipient: recipient,
		Title: fmt.Sprintf("[%s] %s", t.task.TaskName, t.task.Request.Title), Text: text,
	}
	nctx := withNotifyOptions(ctx, fmt.Sprintf("notify %s: %s", recipient, kind))
	var notifications *activities.Notifications
	t.loop.track(workflow.ExecuteActivity(nctx, notifications.Notify, msg), func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			t.task.Notices = append(t.task.Notices, fmt.Sprintf("notice %q to %s not delivered: %s", kind, recipient, failureReason(err)))
		}
	})
}
