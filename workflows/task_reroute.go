package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

// reroute moves the task off whoever held it when its resolution SLA ran out (or from
// the automated lane to a person), and says how in the fallback's record. On a team
// without a roster it goes to the backup owner's queue, or the owner's when the type
// names none. On a rostered team the backup owner is a role the roster does not
// staff, so the roster books someone else with the skill, of any seniority; only
// when nobody else may take it does the person who had it get it back, and the
// managers hear.
func (s *staffing) reroute(ctx workflow.Context, loop *eventLoop, h assigner, task *taskState, g *governance, rec *FallbackRecord) {
	step := task.HumanStep
	if step == "" {
		step = StepWork // from the automated lane to a person
	}
	if holder := task.Assignee; holder != "" && !IsRoleAssignee(holder) {
		rec.From = holder
	}
	if !s.staffed() {
		tt := s.taskType
		rec.To = RoleAssignee(tt.OwnerRole)
		if tt.BackupOwner != "" {
			rec.To = RoleAssignee(tt.BackupOwner)
		}
		rec.Detail = rec.rerouted() + " to " + rec.To
		if rec.To != task.Assignee {
			s.dropHolder(ctx, h, task, rec)
			h.assign(ctx, step, rec.To)
		}
		return
	}
	rec.Detail = fmt.Sprintf("%s: the %s roster books someone else with skill %q, of any seniority", rec.rerouted(), task.Team, s.taskType.Skill)
	s.dropHolder(ctx, h, task, rec)
	s.ask(ctx, loop, h, task, g, step, task.stepQueue())
	s.reroutedNow()
}

// dropHolder counts the reroute's handoff, and has the roster avoid the person who let the
// resolution SLA run out and tells them the task is off their list.
func (s *staffing) dropHolder(ctx workflow.Context, tell teller, task *taskState, rec *FallbackRecord) {
	task.Handoffs++
	tell.record(ctx, handedOff(ledger.HandoffReroute, rec.From, "", "resolution SLA lost"))
	if rec.From == "" {
		s.because("resolution SLA lost")
		return
	}
	s.left(rec.From, "resolution SLA lost with "+rec.From)
	tell.notify(ctx, rec.From, "unassigned", fmt.Sprintf("%s is off your list: its resolution SLA ran out, and it was rerouted.", task.Request.Title))
}

// rerouteAnswered records in the fallback's record where the roster put a rerouted
// task: the person it booked, or its place in the queue while nobody may take it yet.
func (s *staffing) rerouteAnswered(task *taskState, n roster.Notice) {
	rec := task.Fallback
	if rec == nil || !s.answersReroute(n) {
		return
	}
	switch {
	case n.Person == "":
		rec.To, rec.Detail = "", fmt.Sprintf("%s: waits at place %d on %s: %s", rec.rerouted(), n.Position, s.rosterID(), n.Reason)
	case n.Person == rec.From:
		rec.To, rec.Detail = n.Person, fmt.Sprintf("%s, back to %s: %s", rec.rerouted(), n.Person, n.Reason)
	default:
		rec.To, rec.Detail = n.Person, fmt.Sprintf("%s to %s: %s", rec.rerouted(), n.Person, n.Reason)
	}
}

// rerouted is how the detail of a reroute begins: from whom, when a person held the task.
func (rec *FallbackRecord) rerouted() string {
	if rec.From == "" {
		return "rerouted"
	}
	return "rerouted from " + rec.From
}

// rerouted says the reroute fallback ran: the roster then books from everyone with the
// skill, whatever their seniority.
func (s *taskState) rerouted() bool {
	return s.Fallback != nil && s.Fallback.Action == catalog.FallbackReroute
}
