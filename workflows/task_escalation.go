package workflows

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/workflow"
)

// escalate starts an escalation child workflow for a condition, one climb at a time.
func (t *taskRun) escalate(ctx workflow.Context, reason string, startLevel int) {
	t.escalateAs(ctx, reason, startLevel, false)
}

// escalateAs is escalate that remembers whether the climb is a capacity breach,
// which the roster's booking of a person ends.
func (t *taskRun) escalateAs(ctx workflow.Context, reason string, startLevel int, capacity bool) {
	st := &t.task
	e := &t.escalations
	if id, ok := e.climbing(); ok {
		e.wait(reason, startLevel, capacity)
		st.Notices = append(st.Notices, fmt.Sprintf("%s while escalation %s climbs", reason, id))
		return
	}
	cycle := e.nextCycle()
	holder := st.Assignee
	if holder == "" {
		holder = RoleAssignee(t.policy.TaskType.OwnerRole)
	}
	window := time.Duration(t.policy.TaskType.EscalationWindow)
	if window == 0 {
		window = DefaultEscalationWindow
	}
	in := EscalationInput{
		TaskID: st.TaskID, TaskName: st.TaskName, Title: st.Request.Title, Reason: reason, Cycle: cycle,
		Levels: escalationLevels(holder, t.policy.TaskType.EscalationPath, t.policy.Managers), StartLevel: startLevel, Window: window,
	}
	id := EscalationWorkflowID(st.TaskID, cycle)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        id,
		StaticSummary:     fmt.Sprintf("Escalation %d of %s: %s", cycle, st.TaskID, reason),
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	child := workflow.ExecuteChildWorkflow(cctx, EscalationWorkflow, in)
	e.started(child, id, in, capacity)
	t.publish(ctx)
	t.loop.track(child, func(f workflow.Future) {
		var res EscalationResult
		err := f.Get(ctx, &res)
		e.finished(res, err == nil)
		if err != nil {
			st.Notices = append(st.Notices, fmt.Sprintf("escalation %s ended without a result: %s", id, failureReason(err)))
		}
		t.publish(ctx)
		if st.Stage == StageCompleted {
			return
		}
		if next := e.takeNext(); next != nil {
			t.escalateAs(ctx, next.reason, next.startLevel, next.capacity)
		}
	})
}

// stopEscalation tells a climbing escalation that the task is in hand, and how.
// Taking the task does not stop a climb that started above level 1 (compliance):
// that asks managers, not the holder; closing the task stops any climb.
func (t *taskRun) stopEscalation(ctx workflow.Context, stop EscalationStopSignal) {
	child := t.escalations.stopping(stop.Ended == EndTaken)
	if child == nil {
		return
	}
	if stop.At == nil {
		at := t.actions.now(ctx) // a person's action stops the climb when it happened
		stop.At = &at
	}
	t.sendStop(ctx, child, stop)
}

// completion is the stop of a climb by the task's completion.
func completion(by string) EscalationStopSignal {
	return EscalationStopSignal{Ended: EndCompleted, By: by}
}

// sendStop tells a climbing escalation what stopped it.
func (t *taskRun) sendStop(ctx workflow.Context, child workflow.ChildWorkflowFuture, stop EscalationStopSignal) {
	t.signalClimb(ctx, child, SignalEscalationStop, stop, "stop the escalation")
}

// tellClimbHolder tells a climb at level 1 that a person now holds the task. Level 1
// is whoever holds the task, so a person booked or given it while level 1 runs is
// asked too, and level 2 leaves them out if they manage the team.
func (t *taskRun) tellClimbHolder(ctx workflow.Context, holder string) {
	if IsRoleAssignee(holder) {
		return
	}
	levels := escalationLevels(holder, t.policy.TaskType.EscalationPath, t.policy.Managers)
	if child := t.escalations.addHolder(holder, levels); child != nil {
		t.signalClimb(ctx, child, SignalEscalationHolder, EscalationHolderSignal{Holder: holder, Levels: levels}, "tell the escalation who holds the task")
	}
}

// signalClimb signals a climbing escalation once the child has started, so the event
// loop never waits inside a callback; what says what the signal was for, if it fails.
func (t *taskRun) signalClimb(ctx workflow.Context, child workflow.ChildWorkflowFuture, name string, arg any, what string) {
	t.loop.track(child.GetChildWorkflowExecution(), func(f workflow.Future) {
		if f.Get(ctx, nil) != nil || !t.escalations.runs(child) {
			return // the climb never started or already ended
		}
		t.loop.track(child.SignalChildWorkflow(ctx, name, arg), func(f workflow.Future) {
			if err := f.Get(ctx, nil); err != nil && t.escalations.runs(child) {
				t.task.Notices = append(t.task.Notices, "could not "+what+": "+failureReason(err))
			}
		})
	})
}

// listenEscalations follows the levels the escalation reaches, for the status and search attributes.
func (t *taskRun) listenEscalations(ctx workflow.Context) {
	t.escalations.listen(ctx, &t.loop, func() { t.publish(ctx) })
}
