package workflows

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"
)

// approvalRoute is who is asked to approve a task's work, and why them.
type approvalRoute struct {
	// asked are the people or role queues asked: the named approver, the team's
	// managers other than the holder, or a role queue on the escalation path.
	asked []string
	// named says the request's daci.approver is asked, and only they may approve.
	named bool
	// aboveTeam says the holder is the team's only manager, so the approval went up the
	// escalation path, where anyone off the team may give it.
	aboveTeam bool
}

// route finds who approves the task while holder holds it. Nobody approves their own
// work: with no approver named, the team's other managers approve; when the holder is
// the team's only manager, the approval goes one level above the functional manager
// on the escalation path (its second role, or its only one); on a team without a
// roster, the functional manager's queue (the path's first role) is asked.
func (g *governance) route(holder string) approvalRoute {
	if g.daci != nil && g.daci.Approver != "" {
		return approvalRoute{asked: []string{g.daci.Approver}, named: true}
	}
	var others []string
	for _, m := range g.managers {
		if m != holder {
			others = append(others, m)
		}
	}
	switch {
	case len(others) > 0:
		return approvalRoute{asked: others}
	case len(g.managers) > 0 && len(g.path) > 0:
		return approvalRoute{asked: []string{RoleAssignee(g.path[min(1, len(g.path)-1)])}, aboveTeam: true}
	case len(g.path) > 0:
		return approvalRoute{asked: []string{RoleAssignee(g.path[0])}}
	}
	return approvalRoute{}
}

// approvers are who may approve now, for the status: empty once approved or when no
// approval is needed.
func (g *governance) approvers(task *taskState) []string {
	if !g.waiting() || task.Stage == StageCompleted {
		return nil
	}
	return g.route(task.Assignee).asked
}

// approve records the sign-off the task needs, at now, and closes the task with the
// completion held for it if its sender still holds the task; the roster (sf) gets
// their capacity back.
func (g *governance) approve(ctx workflow.Context, loop *eventLoop, h finisher, task *taskState, sf *staffing, sig ApproveSignal, now time.Time) error {
	if err := g.signOff(task, sig.Actor); err != nil {
		return err
	}
	if held, ok := g.release(task.Assignee); ok {
		sf.giveBack(ctx, loop, task, true, sf.actualHours(held.Hours, now), "completed")
		// The approval, not the completion it held, is what closes the task now.
		h.finish(ctx, held.Outcome, held.By, held.Note, EscalationStopSignal{Ended: EndApproved, By: g.by(), Note: "closed with " + held.By + "'s completion"})
	}
	return nil
}

// signOff records the sign-off the task needs. Nobody approves their own work: it
// refuses the holder, anyone but the named approver; without one, anyone but the
// team's managers other than the holder; and when the approval went above the team,
// anyone on it.
func (g *governance) signOff(task *taskState, actor string) error {
	holder := task.Assignee
	switch {
	case !g.needed:
		return errors.New("the task needs no approval")
	case actor == holder:
		return fmt.Errorf("actor: %s holds the task and cannot approve it; ask an approver", actor)
	case holder == "" || IsRoleAssignee(holder):
		return errors.New("approval: nobody holds the task yet; approve the work once a person has it")
	}
	route := g.route(holder)
	switch {
	case route.named && actor != route.asked[0]:
		return fmt.Errorf("actor: %s is the task's approver (daci.approver); only they may approve", route.asked[0])
	case route.aboveTeam && slices.Contains(g.people, actor):
		return fmt.Errorf("actor: %s, %s's only manager, holds the task, so the approval went up to %s; %s is on the team, so ask someone there",
			holder, task.Team, route.asked[0], actor)
	case !route.named && !route.aboveTeam && len(g.managers) > 0 && !slices.Contains(route.asked, actor):
		return fmt.Errorf("actor: the request names no approver, so a %s manager (%s) approves; ask them", task.Team, strings.Join(route.asked, ", "))
	}
	g.approvedBy = actor
	return nil
}

// approverText names who is asked to approve while holder holds the task, for the details.
func (g *governance) approverText(holder string) string {
	if asked := g.route(holder).asked; len(asked) > 0 {
		return strings.Join(asked, ", ")
	}
	return "an approver other than the assignee"
}
