package workflows

import (
	"fmt"
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
)

// defaultApprovalCriticality applies when the policy predates the catalog's intake section.
const defaultApprovalCriticality = 4

// governance is the DACI's check on the task: whether its work needs an approval
// and why, who gave it, and the completion held for it: the status's approval section.
type governance struct {
	needed     bool
	reason     string
	approvedBy string
	held       *HeldCompletion
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

// waiting says the task needs an approval it has not had.
func (g *governance) waiting() bool { return g.needed && g.approvedBy == "" }

// asked, why, by and holding read the approval: whether one is needed, why, who
// gave it, and whether a completion waits for it.
func (g *governance) asked() bool   { return g.needed }
func (g *governance) why() string   { return g.reason }
func (g *governance) by() string    { return g.approvedBy }
func (g *governance) holding() bool { return g.held != nil }

// approve records the approver's sign-off.
func (g *governance) approve(actor string) { g.approvedBy = actor }

// hold keeps a completion until the approval; drop lets it go when the task moves.
func (g *governance) hold(h HeldCompletion) { g.held = &h }
func (g *governance) drop()                 { g.held = nil }

// release hands over the held completion, if any.
func (g *governance) release() *HeldCompletion {
	h := g.held
	g.held = nil
	return h
}

// show puts the approval section in the task's status.
func (g *governance) show(st *TaskStatus) {
	st.NeedsApproval, st.ApprovalReason, st.ApprovedBy, st.HeldCompletion = g.needed, g.reason, g.approvedBy, g.held
}

// govern applies intake's triage and the DACI rules when the task starts. It says
// whether the task still needs work: a self-service request closes at once.
func (t *taskRun) govern(ctx workflow.Context) bool {
	t.requireApprovalByCriticality()
	if tr := t.in.Triage; tr != nil && tr.Tier == catalog.TierSelfService {
		t.finish(ctx, OutcomeSelfService, "intake", tr.Reason, completion("intake"))
		return false
	}
	return true
}

// requireApprovalByCriticality holds completion for the approver when the scores in force are critical enough.
func (t *taskRun) requireApprovalByCriticality() {
	from := t.policy.ApprovalCriticality
	if from == 0 {
		from = defaultApprovalCriticality
	}
	if c := t.task.Scores.Criticality; c >= from {
		t.governance.require(fmt.Sprintf("criticality %d needs approval (from %d)", c, from))
	}
}

// holdCompletion keeps the assignee's completion until the approval the task needs,
// and asks the approver for it: the approve closes the task with this completion.
func (t *taskRun) holdCompletion(ctx workflow.Context, s CompleteSignal) {
	st := &t.task
	now := t.actions.now(ctx)
	// The hours are the work's, up to now; the wait for the approver is not work.
	t.governance.hold(HeldCompletion{By: s.Actor, Outcome: s.Outcome, Note: s.Note, Hours: t.staffing.actualHours(s.Hours, now), At: now})
	t.publish(ctx)
	text := fmt.Sprintf("%s is done (%s by %s) and needs your approval to close: %s.", st.Request.Title, s.Outcome, s.Actor, t.governance.why())
	route := t.approvalRoute()
	if route.aboveTeam {
		text += fmt.Sprintf(" It comes to you because %s, who did the work, is %s's only manager.", s.Actor, st.Team)
	}
	for _, w := range route.asked {
		t.notify(ctx, w, "approval-needed", text)
	}
}

// releaseHeldCompletion closes the task with the completion the approval was waiting for,
// if its sender still holds the task.
func (t *taskRun) releaseHeldCompletion(ctx workflow.Context) {
	st := &t.task
	h := t.governance.release()
	if h == nil {
		return
	}
	if h.By != st.Assignee {
		return // the task moved since; its new holder completes it
	}
	t.staffing.giveBack(ctx, &t.loop, st, true, t.staffing.actualHours(h.Hours, t.actions.now(ctx)), "completed")
	// The approval, not the completion it held, is what closes the task now.
	t.finish(ctx, h.Outcome, h.By, h.Note, EscalationStopSignal{Ended: EndApproved, By: t.governance.by(), Note: "closed with " + h.By + "'s completion"})
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

// refuseApproverAsWorker keeps the named approver from taking the work they are to check.
func (t *taskRun) refuseApproverAsWorker(field, person string) error {
	if g := t.in.DACI; g != nil && g.Approver == person {
		return fmt.Errorf("%s: %s is the task's approver (daci.approver), who checks the work and so cannot do it; give it to someone else", field, person)
	}
	return nil
}

// isManager says whether the actor manages the task's team, so may act for its assignee.
func (t *taskRun) isManager(actor string) bool {
	return slices.Contains(t.policy.Managers, actor)
}

// tellInformed tells the DACI's driver and informed that the task closed; the requester hears on its own.
func (t *taskRun) tellInformed(ctx workflow.Context, text string) {
	g := t.in.DACI
	if g == nil {
		return
	}
	told := map[string]bool{t.task.Request.Requester: true}
	for _, who := range append([]string{g.Driver}, g.Informed...) {
		if who != "" && !told[who] {
			told[who] = true
			t.notify(ctx, who, "completed", text)
		}
	}
}
