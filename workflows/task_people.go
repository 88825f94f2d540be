package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/ledger"
)

// acknowledge gives the task to the person who takes it, at now: a climb that asks
// for someone stops, and the response clock is met. The named approver (g) may not
// take it, and on a rostered team only the person the roster booked (sf) may; while
// the roster is still asked, it answers errAskingRoster.
func (s *taskState) acknowledge(ctx workflow.Context, loop *eventLoop, tell teller, c *clocks, e *escalations, g *governance, sf *staffing, sig AcknowledgeSignal, now time.Time) error {
	if err := s.requirePerson(); err != nil {
		return err
	}
	if !IsRoleAssignee(s.Assignee) && s.Assignee != sig.Actor {
		return fmt.Errorf("actor: the task is assigned to %s; ask for it to be reassigned first", s.Assignee)
	}
	if err := g.refuseAsWorker("actor", sig.Actor); err != nil {
		return err
	}
	if sf.staffed() && IsRoleAssignee(s.Assignee) {
		if sf.asking() && s.Stage != StageCompleted {
			return errAskingRoster // decided on the roster's answer
		}
		return sf.refuseTaking(s.Team)
	}
	if s.AcknowledgedBy == sig.Actor {
		return fmt.Errorf("actor: %s already acknowledged the task", sig.Actor)
	}
	s.Assignee, s.AcknowledgedBy = sig.Actor, sig.Actor
	tell.record(ctx, booked(sig.Actor)) // taken from a queue; no news when booked already
	tell.record(ctx, acknowledged(sig.Actor))
	e.stop(ctx, loop, s, EscalationStopSignal{Ended: EndTaken, By: sig.Actor}, now)
	s.settleStage()
	c.meet(ctx, tell, c.response(), now)
	tell.publish(ctx)
	return nil
}

// complete closes the task with its holder's completion, sent at now, and gives
// their capacity back to the roster (sf); while the task needs an approval, g holds
// the completion for it instead.
func (s *taskState) complete(ctx workflow.Context, loop *eventLoop, h finisher, g *governance, sf *staffing, sig CompleteSignal, now time.Time) error {
	if err := s.requirePerson(); err != nil {
		return err
	}
	switch {
	case s.Stage == StageAutomating:
		return errors.New("the automation has not reported yet; confirm once it has")
	case IsRoleAssignee(s.Assignee):
		return fmt.Errorf("actor: nobody has taken the task from the %s queue; acknowledge it first", s.Assignee)
	case s.Assignee != sig.Actor:
		return fmt.Errorf("actor: only the assignee, %s, may complete the task", s.Assignee)
	case g.by() == sig.Actor:
		return fmt.Errorf("actor: %s approved this task, so someone else must complete it; reassign it", sig.Actor)
	}
	s.hoursActual = sf.actualHours(sig.Hours, now)
	if g.waiting() {
		g.hold(ctx, h, s, sig, s.hoursActual, now)
		return nil
	}
	sf.giveBack(ctx, loop, s, true, s.hoursActual, "completed")
	h.finish(ctx, sig.Outcome, sig.Actor, sig.Note, completion(sig.Actor))
	return nil
}

// handBack puts the task back in its step's queue, from its holder or their
// manager (g knows them); the roster (sf) avoids the person who handed it back.
func (s *taskState) handBack(ctx workflow.Context, h assigner, g *governance, sf *staffing, sig HandBackSignal) error {
	if err := s.requirePerson(); err != nil {
		return err
	}
	switch {
	case IsRoleAssignee(s.Assignee):
		return fmt.Errorf("actor: the task is already in the %s queue", s.Assignee)
	case s.Assignee != sig.Actor && !g.isManager(sig.Actor):
		return fmt.Errorf("actor: only the assignee, %s, or their manager may hand the task back", s.Assignee)
	}
	s.Handoffs++
	h.record(ctx, handedOff(ledger.HandoffHandBack, s.Assignee, "", "handed back by "+sig.Actor))
	sf.left(s.Assignee, "handed back by "+sig.Actor)
	h.assign(ctx, s.HumanStep, s.stepQueue())
	return nil
}

// reassign moves a task: a task in a role's queue may be dispatched by anyone, a task
// a person holds only by that person, never to the task's approver (g); on a rostered
// team (sf), managers move tasks through the roster.
func (s *taskState) reassign(ctx workflow.Context, h assigner, g *governance, sf *staffing, sig ReassignSignal) error {
	if err := s.requirePerson(); err != nil {
		return err
	}
	if sf.staffed() {
		return fmt.Errorf("to: %s's roster books people by skill and load; a manager moves the task with `starter reassign` (update %s on %s)",
			s.Team, UpdateReassignTask, RosterWorkflowID(s.Team))
	}
	if !IsRoleAssignee(s.Assignee) && s.Assignee != sig.Actor {
		return fmt.Errorf("actor: %s holds the task; only they may reassign it", s.Assignee)
	}
	if sig.To == s.Assignee {
		return fmt.Errorf("to: the task is already assigned to %s", sig.To)
	}
	if err := g.refuseAsWorker("to", sig.To); err != nil {
		return err
	}
	s.Handoffs++
	if !IsRoleAssignee(s.Assignee) {
		// From a queue it is a dispatch, which books the person (in assign), not a handoff.
		h.record(ctx, handedOff(ledger.HandoffReassign, s.Assignee, sig.To, "reassigned by "+sig.Actor))
	}
	h.assign(ctx, s.HumanStep, sig.To)
	return nil
}
