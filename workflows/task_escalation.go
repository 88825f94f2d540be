package workflows

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/workflow"
)

// escalationCause is a condition that starts a climb: why, at which level, whether
// it is a capacity breach, which the roster's booking of a person ends, and the
// ledger's name for the condition (ledger.TriggerBreach and the others).
type escalationCause struct {
	reason     string
	startLevel int
	capacity   bool
	trigger    string
}

// escalate starts an escalation child workflow for a condition, one climb at a time;
// a condition that arrives while one climbs is noted in the task, and may wait its
// turn. The task gives the climb its holder and names, and hears what becomes of it.
func (e *escalations) escalate(ctx workflow.Context, loop *eventLoop, tell teller, task *taskState, why escalationCause) {
	if id, ok := e.climbing(); ok {
		e.wait(why)
		task.Notices = append(task.Notices, fmt.Sprintf("%s while escalation %s climbs", why.reason, id))
		return
	}
	cycle := e.nextCycle()
	in := EscalationInput{
		TaskID: task.TaskID, TaskName: task.TaskName, Title: task.Request.Title, Reason: why.reason, Cycle: cycle,
		Levels: escalationLevels(task.holder(), e.path, e.managers), StartLevel: why.startLevel, Window: e.window,
	}
	id := EscalationWorkflowID(task.TaskID, cycle)
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        id,
		StaticSummary:     fmt.Sprintf("Escalation %d of %s: %s", cycle, task.TaskID, why.reason),
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
	})
	child := workflow.ExecuteChildWorkflow(cctx, EscalationWorkflow, in)
	e.started(child, id, in, why)
	tell.record(ctx, escalated(cycle, in.StartLevel, why.trigger, why.reason))
	tell.publish(ctx)
	loop.track(child, func(f workflow.Future) {
		var res EscalationResult
		err := f.Get(ctx, &res)
		e.finished(res, err == nil)
		if err == nil && res.Ended == EndAcknowledged && res.EndedAt != nil {
			// The acknowledgement went to the climb, not the task: the task writes its row.
			tell.acted(SignalRecord{Name: SignalEscalationAck, Actor: res.EndedBy, Identity: res.Identity, At: *res.EndedAt, Detail: res.Note, Accepted: true})
		}
		if err != nil {
			task.Notices = append(task.Notices, fmt.Sprintf("escalation %s ended without a result: %s", id, failureReason(err)))
		}
		tell.publish(ctx)
		if task.Stage == StageCompleted {
			return
		}
		if next := e.takeNext(); next != nil {
			e.escalate(ctx, loop, tell, task, *next)
		}
	})
}

// stop tells a climbing escalation that the task is in hand, and how; now is when, if
// the stop does not say. Taking the task does not stop a climb that started above
// level 1 (compliance): that asks managers, not the holder; closing the task stops any climb.
func (e *escalations) stop(ctx workflow.Context, loop *eventLoop, task *taskState, stop EscalationStopSignal, now time.Time) {
	child := e.stopping(stop.Ended == EndTaken)
	if child == nil {
		return
	}
	if stop.At == nil {
		stop.At = &now // a person's action stops the climb when it happened
	}
	e.signalClimb(ctx, loop, task, child, SignalEscalationStop, stop, "stop the escalation")
}

// completion is the stop of a climb by the task's completion.
func completion(by string) EscalationStopSignal {
	return EscalationStopSignal{Ended: EndCompleted, By: by}
}

// booked stops a capacity-breach escalation, running or waiting its turn, once the
// roster rosterID booked a person; other climbs go on.
func (e *escalations) booked(ctx workflow.Context, loop *eventLoop, task *taskState, rosterID, person string) {
	if child := e.endCapacity(); child != nil {
		e.signalClimb(ctx, loop, task, child, SignalEscalationStop, EscalationStopSignal{Ended: EndBooked, By: rosterID, Note: "booked " + person}, "stop the escalation")
	}
}

// tellHolder tells a climb at level 1 that a person now holds the task. Level 1
// is whoever holds the task, so a person booked or given it while level 1 runs is
// asked too, and level 2 leaves them out if they manage the team.
func (e *escalations) tellHolder(ctx workflow.Context, loop *eventLoop, task *taskState, holder string) {
	if IsRoleAssignee(holder) {
		return
	}
	levels := escalationLevels(holder, e.path, e.managers)
	if child := e.addHolder(holder, levels); child != nil {
		e.signalClimb(ctx, loop, task, child, SignalEscalationHolder, EscalationHolderSignal{Holder: holder, Levels: levels}, "tell the escalation who holds the task")
	}
}

// signalClimb signals a climbing escalation once the child has started, so the event
// loop never waits inside a callback; what says what the signal was for, if it fails,
// in the task's notices.
func (e *escalations) signalClimb(ctx workflow.Context, loop *eventLoop, task *taskState, child workflow.ChildWorkflowFuture, name string, arg any, what string) {
	loop.track(child.GetChildWorkflowExecution(), func(f workflow.Future) {
		if f.Get(ctx, nil) != nil || !e.runs(child) {
			return // the climb never started or already ended
		}
		loop.track(child.SignalChildWorkflow(ctx, name, arg), func(f workflow.Future) {
			if err := f.Get(ctx, nil); err != nil && e.runs(child) {
				task.Notices = append(task.Notices, "could not "+what+": "+failureReason(err))
			}
		})
	})
}
