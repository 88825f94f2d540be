package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// launchRequest is a launch QA blocker: criticality 4, so it needs approval; only a
// senior with project-management may take it, and on the default roster that is maya.
var launchRequest = TaskRequest{RequestID: "req-1", TaskType: "launch-qa-blocker", Title: "Broken CTA on the launch page", Requester: "pat"}

// withManagers is the default roster file with the team's managers replaced.
func withManagers(t *testing.T, team string, managers ...string) *roster.File {
	t.Helper()
	file := defaultRosterFile(t)
	entry := file.Teams[team]
	entry.Managers = managers
	file.Teams[team] = entry
	return file
}

// holdByMaya books maya for the task; she takes it and completes it, held for approval.
func holdByMaya(se *staffedEnv) {
	se.book(time.Second, "maya", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	se.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "maya"}, Outcome: OutcomeResolved, Note: "CTA fixed", Hours: 1})
}

// The holder is the team's only manager, so nobody on the team may approve: the
// approval goes up the escalation path, to its next role after the functional
// manager (campaign-owner for a launch QA blocker), and anyone off the team there
// approves. The status says who is asked.
func TestOnlyManagerHoldingSendsTheApprovalUp(t *testing.T) {
	se := newStaffedEnvWith(t, withManagers(t, "marketing-ops", "maya"), false)
	holdByMaya(se)
	held := se.statusAt(150 * time.Second)
	se.signalAt(3*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	se.signalAt(4*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "rosa"}})
	se.signalAt(5*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "cora"}, Note: "launch can go"})

	st := se.run(launchRequest)

	require.NotNil(t, held.HeldCompletion)
	assert.Equal(t, []string{"role:campaign-owner"}, held.Approvers)
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "maya", accepted: true},
		{name: SignalComplete, actor: "maya", accepted: true},
		{name: SignalApprove, actor: "maya", reason: "maya holds the task and cannot approve it"},
		{name: SignalApprove, actor: "rosa", reason: "actor: maya, marketing-ops's only manager, holds the task, so the approval went up to role:campaign-owner; rosa is on the team"},
		{name: SignalApprove, actor: "cora", accepted: true},
	}, st.Signals)
	assert.Equal(t, "cora", st.ApprovedBy)
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, "maya", st.CompletedBy)
	assert.Equal(t, 5*time.Minute, se.since(st.CompletedAt), "closed by the approval")
	assert.Empty(t, st.Approvers, "nobody is asked once it is approved")
	assert.Equal(t, 1, se.countSent("approval-needed"))
	assert.Contains(t, se.sent(), "approval-needed→role:campaign-owner")
}

// Who is asked to approve, by who holds the task and what the request and roster name.
func TestApprovalRoute(t *testing.T) {
	twoRoles := []string{"ops-lead", "campaign-owner"}
	for _, tc := range []struct {
		name      string
		approver  string
		managers  []string
		path      []string
		holder    string
		want      []string
		aboveTeam bool
	}{
		{name: "named approver", approver: "vic", managers: []string{"maya"}, path: twoRoles, holder: "maya", want: []string{"vic"}},
		{name: "managers but the holder", managers: []string{"maya", "devon"}, path: twoRoles, holder: "maya", want: []string{"devon"}},
		{name: "a manager's report holds it", managers: []string{"maya", "devon"}, path: twoRoles, holder: "lena", want: []string{"maya", "devon"}},
		{name: "nobody holds it yet", managers: []string{"maya"}, path: twoRoles, holder: "role:marketing-ops", want: []string{"maya"}},
		{name: "the only manager holds it", managers: []string{"maya"}, path: twoRoles, holder: "maya", want: []string{"role:campaign-owner"}, aboveTeam: true},
		{name: "the only manager holds it, one role on the path", managers: []string{"maya"}, path: []string{"ops-lead"}, holder: "maya", want: []string{"role:ops-lead"}, aboveTeam: true},
		{name: "no roster", path: twoRoles, holder: "oncall-1", want: []string{"role:ops-lead"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := governance{managers: tc.managers, path: tc.path}
			if tc.approver != "" {
				g.daci = &Governance{Approver: tc.approver}
			}
			r := g.route(tc.holder)
			assert.Equal(t, tc.want, r.asked)
			assert.Equal(t, tc.aboveTeam, r.aboveTeam)
		})
	}
}

// With a second manager, a manager's work is approved inside the team: the other
// manager is asked, and the holder is not.
func TestAnotherManagerApprovesAManagersWork(t *testing.T) {
	se := newStaffedEnvWith(t, withManagers(t, "marketing-ops", "maya", "devon"), false)
	holdByMaya(se)
	held := se.statusAt(150 * time.Second)
	se.signalAt(3*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	se.signalAt(4*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "cora"}})
	se.signalAt(5*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "devon"}})

	st := se.run(launchRequest)

	assert.Equal(t, []string{"devon"}, held.Approvers)
	requireSignals(t, []record{
		{name: SignalAcknowledge, actor: "maya", accepted: true},
		{name: SignalComplete, actor: "maya", accepted: true},
		{name: SignalApprove, actor: "maya", reason: "holds the task and cannot approve it"},
		{name: SignalApprove, actor: "cora", reason: "the request names no approver, so a marketing-ops manager (devon) approves"},
		{name: SignalApprove, actor: "devon", accepted: true},
	}, st.Signals)
	assert.Equal(t, "devon", st.ApprovedBy)
	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Equal(t, 1, se.countSent("approval-needed"))
	assert.Contains(t, se.sent(), "approval-needed→devon")
}
