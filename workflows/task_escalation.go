package workflows

import (
	"fmt"
	"slices"
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
		Levels: escalationLevels(holder, t.policy.TaskType.EscalationPath, t.policy.Managers), StartLevel: startLevel, Window: window,
	}
	id := EscalationWorkflowID(st.TaskID, t.cycles)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        id,
		StaticSummary:     fmt.Sprintf("Escalation %d of %s: %s", t.cycles, st.TaskID, reason),
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	t.escalation = workflow.ExecuteChildWorkflow(cctx, EscalationWorkflow, in)
	t.escalationStart, t.capacityClimb, t.climb = startLevel, capacity, in.Levels
	st.Escalating, st.EscalationLevel = id, startLevel
	st.EscalationReason, st.EscalatedTo = reason, askedAt(in.Levels, startLevel)
	if t.cycles > 1 {
		st.NeedsReclassification = true
	}
	t.publish(ctx)
	t.loop.track(t.escalation, func(f workflow.Future) {
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

// stopEscalation tells a climbing escalation that the task is in hand, and how.
// Taking the task does not stop a climb that started above level 1 (compliance):
// that asks managers, not the holder; closing the task stops any climb.
func (t *taskRun) stopEscalation(ctx workflow.Context, stop EscalationStopSignal) {
	child := t.escalation
	if child == nil || (stop.Ended == EndTaken && t.escalationStart > 1) {
		return
	}
	t.nextEscalation = nil
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
	child := t.escalation
	if child == nil || IsRoleAssignee(holder) || t.escalationStart > 1 || t.status.EscalationLevel > 1 || slices.Contains(askedAt(t.climb, 1), holder) {
		return
	}
	levels := escalationLevels(holder, t.policy.TaskType.EscalationPath, t.policy.Managers)
	first := EscalationLevel{Level: 1, Recipients: append(slices.Clone(askedAt(t.climb, 1)), holder)}
	t.climb = append([]EscalationLevel{first}, levels[1:]...)
	t.signalClimb(ctx, child, SignalEscalationHolder, EscalationHolderSignal{Holder: holder, Levels: levels}, "tell the escalation who holds the task")
}

// signalClimb signals a climbing escalation once the child has started, so the event
// loop never waits inside a callback; what says what the signal was for, if it fails.
func (t *taskRun) signalClimb(ctx workflow.Context, child workflow.ChildWorkflowFuture, name string, arg any, what string) {
	t.loop.track(child.GetChildWorkflowExecution(), func(f workflow.Future) {
		if f.Get(ctx, nil) != nil || t.escalation != child {
			return // the climb never started or already ended
		}
		t.loop.track(child.SignalChildWorkflow(ctx, name, arg), func(f workflow.Future) {
			if err := f.Get(ctx, nil); err != nil && t.escalation == child {
				t.status.Notices = append(t.status.Notices, "could not "+what+": "+failureReason(err))
			}
		})
	})
}

// listenEscalations follows the levels the escalation reaches, for the status and search attributes.
func (t *taskRun) listenEscalations(ctx workflow.Context) {
	ch := workflow.GetSignalChannel(ctx, SignalEscalationLevel)
	t.levelReports = ch
	t.loop.receive(ch, func(c workflow.ReceiveChannel) {
		var report EscalationLevelSignal
		c.Receive(ctx, &report)
		if report.Cycle != t.cycles {
			return // not from the running climb
		}
		asked := report.Asked
		if len(asked) == 0 {
			asked = askedAt(t.climb, report.Level) // a climb that does not say
		}
		t.status.EscalationLevel, t.status.EscalatedTo = report.Level, asked
		t.publish(ctx)
	})
}
