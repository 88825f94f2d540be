package workflows

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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

// approvalRoute finds who approves the task while its holder holds it. Nobody approves
// their own work: with no approver named, the team's other managers approve; when
// the holder is the team's only manager, the approval goes one level above the
// functional manager on the escalation path (its second role, or its only one); on a
// team without a roster, the functional manager's queue (the path's first role) is asked.
func (t *taskRun) approvalRoute() approvalRoute {
	if g := t.in.DACI; g != nil && g.Approver != "" {
		return approvalRoute{asked: []string{g.Approver}, named: true}
	}
	path := t.policy.TaskType.EscalationPath
	var others []string
	for _, m := range t.policy.Managers {
		if m != t.task.Assignee {
			others = append(others, m)
		}
	}
	switch {
	case len(others) > 0:
		return approvalRoute{asked: others}
	case len(t.policy.Managers) > 0 && len(path) > 0:
		return approvalRoute{asked: []string{RoleAssignee(path[min(1, len(path)-1)])}, aboveTeam: true}
	case len(path) > 0:
		return approvalRoute{asked: []string{RoleAssignee(path[0])}}
	}
	return approvalRoute{}
}

// approvers are who may approve now, for the status: empty once approved or when no approval is needed.
func (t *taskRun) approvers() []string {
	if !t.governance.waiting() || t.task.Stage == StageCompleted {
		return nil
	}
	return t.approvalRoute().asked
}

// mayApprove refuses anyone but the named approver; without one, anyone but the
// team's managers other than the holder; and when the approval went above the
// team, anyone on it.
func (t *taskRun) mayApprove(actor string) error {
	holder := t.task.Assignee
	if holder == "" || IsRoleAssignee(holder) {
		return errors.New("approval: nobody holds the task yet; approve the work once a person has it")
	}
	route := t.approvalRoute()
	switch {
	case route.named && actor != route.asked[0]:
		return fmt.Errorf("actor: %s is the task's approver (daci.approver); only they may approve", route.asked[0])
	case route.aboveTeam && slices.Contains(t.policy.People, actor):
		return fmt.Errorf("actor: %s, %s's only manager, holds the task, so the approval went up to %s; %s is on the team, so ask someone there",
			holder, t.task.Team, route.asked[0], actor)
	case !route.named && !route.aboveTeam && len(t.policy.Managers) > 0 && !slices.Contains(route.asked, actor):
		return fmt.Errorf("actor: the request names no approver, so a %s manager (%s) approves; ask them", t.task.Team, strings.Join(route.asked, ", "))
	}
	return nil
}
