package workflows

import (
	"fmt"
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
)

// defaultApprovalCriticality applies when the policy predates the catalog's intake section.
const defaultApprovalCriticality = 4

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
	st := &t.status
	from := t.policy.ApprovalCriticality
	if from == 0 {
		from = defaultApprovalCriticality
	}
	if st.NeedsApproval || st.Scores.Criticality < from {
		return
	}
	st.NeedsApproval = true
	st.ApprovalReason = fmt.Sprintf("criticality %d needs approval (from %d)", st.Scores.Criticality, from)
}

// holdCompletion keeps the assignee's completion until the approval the task needs,
// and asks the approver for it: the approve closes the task with this completion.
func (t *taskRun) holdCompletion(ctx workflow.Context, s CompleteSignal) {
	st := &t.status
	now := t.actions.now(ctx)
	// The hours are the work's, up to now; the wait for the approver is not work.
	st.HeldCompletion = &HeldCompletion{By: s.Actor, Outcome: s.Outcome, Note: s.Note, Hours: t.actualHours(s.Hours, now), At: now}
	t.publish(ctx)
	text := fmt.Sprintf("%s is done (%s by %s) and needs your approval to close: %s.", st.Request.Title, s.Outcome, s.Actor, st.ApprovalReason)
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
	st := &t.status
	h := st.HeldCompletion
	if h == nil {
		return
	}
	st.HeldCompletion = nil
	if h.By != st.Assignee {
		return // the task moved since; its new holder completes it
	}
	t.releaseStaffing(ctx, true, t.actualHours(h.Hours, t.actions.now(ctx)), "completed")
	// The approval, not the completion it held, is what closes the task now.
	t.finish(ctx, h.Outcome, h.By, h.Note, EscalationStopSignal{Ended: EndApproved, By: st.ApprovedBy, Note: "closed with " + h.By + "'s completion"})
}

// excluded are the people the roster must never book: the task's named approver, who
// checks the work and so does not do it. Those who left the task are only avoided
// (staffing.leftBy): the roster books them again when nobody else may take it.
func (t *taskRun) excluded() []string {
	if g := t.in.DACI; g != nil && g.Approver != "" {
		return []string{g.Approver}
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
	told := map[string]bool{t.status.Request.Requester: true}
	for _, who := range append([]string{g.Driver}, g.Informed...) {
		if who != "" && !told[who] {
			told[who] = true
			t.notify(ctx, who, "completed", text)
		}
	}
}
