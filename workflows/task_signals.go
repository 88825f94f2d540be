package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/workflow"
)

// maxSignalRecords bounds the signal log kept in the task's state.
const maxSignalRecords = 100

// onSignal applies one human action and records whether it was accepted, and why not.
func (t *taskRun) onSignal(ctx workflow.Context, name string, raw []byte) {
	t.staffing.takeNotices(ctx, &t.loop, t, &t.task, &t.governance, &t.escalations)
	at := t.actions.begin(ctx, raw)
	defer t.actions.end()
	rec := SignalRecord{Name: name, At: at}
	action, _ := LookupAction(name) // the loop listens to the table's task actions only
	err := t.actions.apply(action, raw, &rec, &t.task, t.steps(ctx, &rec)[name])
	if errors.Is(err, errAskingRoster) {
		return // answered when the roster's notice lands
	}
	if name == SignalComplete && err == nil && t.governance.holding() {
		rec.Detail += " (held for approval: " + clip(t.governance.why(), maxRecordText) + ")"
	}
	t.log.record(t.logger, &t.answers, rec, err)
}

// steps maps each of the task's actions in the table (Actions) to the step that
// applies it; TestEveryTaskActionHasAStep keeps the two together.
func (t *taskRun) steps(ctx workflow.Context, rec *SignalRecord) map[string]func(HumanSignal) error {
	return map[string]func(HumanSignal) error{
		SignalAcknowledge: on(ctx, func(ctx workflow.Context, s AcknowledgeSignal) error {
			return t.acknowledgeOrHold(ctx, s, *rec)
		}),
		SignalComplete: on(ctx, t.complete),
		SignalHandBack: on(ctx, t.handBack),
		SignalReassign: on(ctx, t.reassign),
		SignalWaitOnRequester: on(ctx, func(ctx workflow.Context, s WaitOnRequesterSignal) error {
			return t.clocks.waitOnRequester(ctx, t, &t.task, &t.governance, s, t.actions.now(ctx))
		}),
		SignalResume: on(ctx, func(ctx workflow.Context, _ ResumeSignal) error {
			return t.clocks.resumeAt(ctx, t, &t.task, t.actions.now(ctx))
		}),
		SignalRaiseSeverity: on(ctx, t.raiseSeverity),
		SignalBlock: on(ctx, func(ctx workflow.Context, s BlockSignal) error {
			t.task.block(ctx, &t.loop, t, &t.escalations, s.Dependency)
			return nil
		}),
		SignalFlagCompliance: on(ctx, func(ctx workflow.Context, s FlagComplianceSignal) error {
			t.governance.flagCompliance(ctx, &t.loop, t, &t.task, &t.escalations, s.Reason)
			return nil
		}),
		SignalApprove: on(ctx, t.approve),
	}
}

// on adapts a typed step to the decoded message the table gives, a pointer to T.
func on[T HumanSignal, P interface {
	*T
	HumanSignal
}](ctx workflow.Context, step func(workflow.Context, T) error) func(HumanSignal) error {
	return func(s HumanSignal) error {
		m, ok := s.(P)
		if !ok { // a table entry and its step disagree on the message type: refuse, do not panic
			return fmt.Errorf("action: %T is not the message this step takes", s)
		}
		return step(ctx, *m)
	}
}

// acknowledgeOrHold takes the task, or holds the acknowledgement for the roster's
// answer when the roster is still being asked.
func (t *taskRun) acknowledgeOrHold(ctx workflow.Context, s AcknowledgeSignal, rec SignalRecord) error {
	err := t.acknowledge(ctx, s)
	if errors.Is(err, errAskingRoster) && !t.staffing.holdAck(heldAck{signal: s, rec: rec}) {
		return fmt.Errorf("actor: %d acknowledges already wait for the %s roster's answer; send yours again once it has booked someone", maxHeldAcks, t.task.Team)
	}
	return err
}

func (t *taskRun) acknowledge(ctx workflow.Context, s AcknowledgeSignal) error {
	st := &t.task
	if err := st.requirePerson(); err != nil {
		return err
	}
	if !IsRoleAssignee(st.Assignee) && st.Assignee != s.Actor {
		return fmt.Errorf("actor: the task is assigned to %s; ask for it to be reassigned first", st.Assignee)
	}
	if err := t.governance.refuseAsWorker("actor", s.Actor); err != nil {
		return err
	}
	if t.staffing.staffed() && IsRoleAssignee(st.Assignee) {
		if t.staffing.asking() && st.Stage != StageCompleted {
			return errAskingRoster // decided on the roster's answer
		}
		return t.staffing.refuseTaking(st.Team)
	}
	if st.AcknowledgedBy == s.Actor {
		return fmt.Errorf("actor: %s already acknowledged the task", s.Actor)
	}
	st.Assignee, st.AcknowledgedBy = s.Actor, s.Actor
	t.escalations.stop(ctx, &t.loop, &t.task, EscalationStopSignal{Ended: EndTaken, By: s.Actor}, t.actions.now(ctx))
	st.settleStage()
	t.clocks.meet(t.clocks.response(), t.actions.now(ctx))
	t.publish(ctx)
	return nil
}

func (t *taskRun) complete(ctx workflow.Context, s CompleteSignal) error {
	st := &t.task
	if err := st.requirePerson(); err != nil {
		return err
	}
	switch {
	case st.Stage == StageAutomating:
		return errors.New("the automation has not reported yet; confirm once it has")
	case IsRoleAssignee(st.Assignee):
		return fmt.Errorf("actor: nobody has taken the task from the %s queue; acknowledge it first", st.Assignee)
	case st.Assignee != s.Actor:
		return fmt.Errorf("actor: only the assignee, %s, may complete the task", st.Assignee)
	case t.governance.by() == s.Actor:
		return fmt.Errorf("actor: %s approved this task, so someone else must complete it; reassign it", s.Actor)
	case t.governance.waiting():
		now := t.actions.now(ctx)
		t.governance.hold(ctx, t, st, s, t.staffing.actualHours(s.Hours, now), now)
		return nil
	}
	t.staffing.giveBack(ctx, &t.loop, st, true, t.staffing.actualHours(s.Hours, t.actions.now(ctx)), "completed")
	t.finish(ctx, s.Outcome, s.Actor, s.Note, completion(s.Actor))
	return nil
}

func (t *taskRun) handBack(ctx workflow.Context, s HandBackSignal) error {
	st := &t.task
	if err := st.requirePerson(); err != nil {
		return err
	}
	switch {
	case IsRoleAssignee(st.Assignee):
		return fmt.Errorf("actor: the task is already in the %s queue", st.Assignee)
	case st.Assignee != s.Actor && !t.governance.isManager(s.Actor):
		return fmt.Errorf("actor: only the assignee, %s, or their manager may hand the task back", st.Assignee)
	}
	st.Handoffs++
	t.staffing.left(st.Assignee, "handed back by "+s.Actor)
	queue := st.stepQueue()
	t.assign(ctx, st.HumanStep, queue)
	return nil
}

// reassign moves a task: a task in a role's queue may be dispatched by anyone, a task
// a person holds only by that person; on a rostered team, managers move tasks through the roster.
func (t *taskRun) reassign(ctx workflow.Context, s ReassignSignal) error {
	if err := t.task.requirePerson(); err != nil {
		return err
	}
	if t.staffing.staffed() {
		return fmt.Errorf("to: %s's roster books people by skill and load; a manager moves the task with `starter reassign` (update %s on %s)",
			t.task.Team, UpdateReassignTask, RosterWorkflowID(t.task.Team))
	}
	if !IsRoleAssignee(t.task.Assignee) && t.task.Assignee != s.Actor {
		return fmt.Errorf("actor: %s holds the task; only they may reassign it", t.task.Assignee)
	}
	if s.To == t.task.Assignee {
		return fmt.Errorf("to: the task is already assigned to %s", s.To)
	}
	if err := t.governance.refuseAsWorker("to", s.To); err != nil {
		return err
	}
	t.task.Handoffs++
	t.assign(ctx, t.task.HumanStep, s.To)
	return nil
}
