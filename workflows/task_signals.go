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
	t.log.record(t.logger, &t.answers, &t.ledger, rec, err)
}

// steps maps each of the task's actions in the table (Actions) to the step that
// applies it; TestEveryTaskActionHasAStep keeps the two together.
func (t *taskRun) steps(ctx workflow.Context, rec *SignalRecord) map[string]func(HumanSignal) error {
	return map[string]func(HumanSignal) error{
		SignalAcknowledge: on(ctx, func(ctx workflow.Context, s AcknowledgeSignal) error {
			err := t.task.acknowledge(ctx, &t.loop, t, &t.clocks, &t.escalations, &t.governance, &t.staffing, s, t.actions.now(ctx))
			if errors.Is(err, errAskingRoster) {
				return t.early.hold(heldAck{signal: s, rec: *rec}, t.task.Team)
			}
			return err
		}),
		SignalComplete: on(ctx, func(ctx workflow.Context, s CompleteSignal) error {
			return t.task.complete(ctx, &t.loop, t, &t.governance, &t.staffing, s, t.actions.now(ctx))
		}),
		SignalHandBack: on(ctx, func(ctx workflow.Context, s HandBackSignal) error {
			return t.task.handBack(ctx, t, &t.governance, &t.staffing, s)
		}),
		SignalReassign: on(ctx, func(ctx workflow.Context, s ReassignSignal) error {
			return t.task.reassign(ctx, t, &t.governance, &t.staffing, s)
		}),
		SignalWaitOnRequester: on(ctx, func(ctx workflow.Context, s WaitOnRequesterSignal) error {
			return t.clocks.waitOnRequester(ctx, t, &t.task, &t.governance, s, t.actions.now(ctx))
		}),
		SignalResume: on(ctx, func(ctx workflow.Context, _ ResumeSignal) error {
			return t.clocks.resumeAt(ctx, t, &t.task, t.actions.now(ctx))
		}),
		SignalRaiseSeverity: on(ctx, func(ctx workflow.Context, s RaiseSeveritySignal) error {
			return t.task.raiseSeverity(ctx, &t.loop, t, &t.clocks, &t.escalations, &t.governance, &t.staffing, s, t.actions.now(ctx))
		}),
		SignalBlock: on(ctx, func(ctx workflow.Context, s BlockSignal) error {
			t.task.block(ctx, &t.loop, t, &t.escalations, s.Dependency)
			return nil
		}),
		SignalFlagCompliance: on(ctx, func(ctx workflow.Context, s FlagComplianceSignal) error {
			t.governance.flagCompliance(ctx, &t.loop, t, &t.task, &t.escalations, s.Reason)
			return nil
		}),
		SignalApprove: on(ctx, func(ctx workflow.Context, s ApproveSignal) error {
			return t.governance.approve(ctx, &t.loop, t, &t.task, &t.staffing, s, t.actions.now(ctx))
		}),
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
