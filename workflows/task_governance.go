package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// defaultApprovalCriticality applies when the policy predates the catalog's intake section.
const defaultApprovalCriticality = 4

// governance is the DACI's check on the task: whether its work needs an approval
// and why, who gave it, and the completion held for it: the status's approval
// section. It knows who may approve from the request's DACI and the team.
type governance struct {
	daci         *Governance
	managers     []string // the team's managers, who act for the assignee and approve
	people       []string // everyone on the team's roster
	path         []string // the escalation path, where an approval above the team goes
	criticalFrom int      // the criticality from which the work needs an approval

	needed     bool
	reason     string
	approvedBy string
	held       *HeldCompletion
}

// newGovernance checks a task of the policy's type with the request's DACI.
func newGovernance(daci *Governance, policy activities.TaskPolicy) governance {
	from := policy.ApprovalCriticality
	if from == 0 {
		from = defaultApprovalCriticality
	}
	return governance{daci: daci, managers: policy.Managers, people: policy.People, path: policy.TaskType.EscalationPath, criticalFrom: from}
}

// requireFor holds completion for the approver when the criticality in force is high enough.
func (g *governance) requireFor(criticality int) {
	if criticality >= g.criticalFrom {
		g.require(fmt.Sprintf("criticality %d needs approval (from %d)", criticality, g.criticalFrom))
	}
}

// require asks for an approval, unless one is asked already.
func (g *governance) require(reason string) {
	if !g.needed {
		g.needed, g.reason = true, reason
	}
}

// flag asks for an approval for a compliance exposure; an earlier sign-off did not see it.
func (g *governance) flag(reason string) {
	g.needed, g.approvedBy, g.reason = true, "", "compliance exposure: "+reason
}

// flagCompliance escalates straight to the functional manager and holds completion
// for an approver.
func (g *governance) flagCompliance(ctx workflow.Context, loop *eventLoop, tell teller, task *taskState, e *escalations, reason string) {
	g.flag(reason)
	tell.publish(ctx)
	e.escalate(ctx, loop, tell, task, escalationCause{reason: "compliance exposure: " + reason, startLevel: 2, trigger: ledger.TriggerCompliance})
}

// waiting says the task needs an approval it has not had.
func (g *governance) waiting() bool { return g.needed && g.approvedBy == "" }

// why, by and holding read the approval: why it is needed, who gave it, and whether
// a completion waits for it.
func (g *governance) why() string   { return g.reason }
func (g *governance) by() string    { return g.approvedBy }
func (g *governance) holding() bool { return g.held != nil }

// drop lets a held completion go when the task moves.
func (g *governance) drop() { g.held = nil }

// hold keeps the assignee's completion until the approval the task needs, and asks
// the approver for it: the approve closes the task with this completion. The hours
// are the work's, up to now; the wait for the approver is not work.
func (g *governance) hold(ctx workflow.Context, tell teller, task *taskState, s CompleteSignal, hours float64, now time.Time) {
	g.held = &HeldCompletion{By: s.Actor, Outcome: s.Outcome, Note: s.Note, Hours: hours, At: now}
	tell.publish(ctx)
	text := fmt.Sprintf("%s is done (%s by %s) and needs your approval to close: %s.", task.Request.Title, s.Outcome, s.Actor, g.reason)
	route := g.route(task.Assignee)
	if route.aboveTeam {
		text += fmt.Sprintf(" It comes to you because %s, who did the work, is %s's only manager.", s.Actor, task.Team)
	}
	for _, w := range route.asked {
		tell.notify(ctx, w, "approval-needed", text)
	}
}

// release hands over the held completion, if its sender still holds the task; the
// task moved otherwise, and its new holder completes it.
func (g *governance) release(holder string) (HeldCompletion, bool) {
	h := g.held
	g.held = nil
	if h == nil || h.By != holder {
		return HeldCompletion{}, false
	}
	return *h, true
}

// excluded are the people the roster must never book: the task's named approver, who
// checks the work and so does not do it. Those who left the task are only avoided
// (staffing.left): the roster books them again when nobody else may take it.
func excluded(daci *Governance) []string {
	if daci != nil && daci.Approver != "" {
		return []string{daci.Approver}
	}
	return nil
}

// refuseAsWorker keeps the named approver from taking the work they are to check.
func (g *governance) refuseAsWorker(field, person string) error {
	if g.daci != nil && g.daci.Approver == person {
		return fmt.Errorf("%s: %s is the task's approver (daci.approver), who checks the work and so cannot do it; give it to someone else", field, person)
	}
	return nil
}

// isManager says whether the actor manages the task's team, so may act for its assignee.
func (g *governance) isManager(actor string) bool {
	return slices.Contains(g.managers, actor)
}

// selfService says why intake's triage closes the request at once, if it does.
func selfService(tr *catalog.Triage) (string, bool) {
	if tr != nil && tr.Tier == catalog.TierSelfService {
		return tr.Reason, true
	}
	return "", false
}

// tellInformed tells the DACI's driver and informed that the task closed; the requester hears on its own.
func (g *governance) tellInformed(ctx workflow.Context, tell teller, task *taskState, text string) {
	if g.daci == nil {
		return
	}
	told := map[string]bool{task.Request.Requester: true}
	for _, who := range append([]string{g.daci.Driver}, g.daci.Informed...) {
		if who != "" && !told[who] {
			told[who] = true
			tell.notify(ctx, who, "completed", text)
		}
	}
}

// show puts the approval section in the task's status.
func (g *governance) show(st *TaskStatus) {
	st.NeedsApproval, st.ApprovalReason, st.ApprovedBy, st.HeldCompletion = g.needed, g.reason, g.approvedBy, g.held
}
