package workflows

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Every action says who and through what: the identity a door set travels with the
// action into its record in the status and into the ledger, refusals included, and
// an action that came straight through Temporal with none is an operator's.
func TestActionsKeepTheIdentityTheyCameThrough(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	alice := PersonIdentity("00u-alice", "https://login.example.com")
	jira := SystemIdentity("jira")
	te.updateAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{SignalID: "ack-1", Actor: "alice", Identity: alice}})
	te.signalAt(2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "maya", Identity: jira}, Outcome: OutcomeResolved})
	te.signalAt(3*time.Minute, SignalResume, ResumeSignal{ActionHeader: ActionHeader{Actor: "ops"}})
	te.signalAt(4*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice", Identity: alice}, Outcome: OutcomeResolved, Note: "done"})

	st := te.run(reviewRequest)

	var got []string
	for _, r := range st.Signals {
		got = append(got, r.Name+" by "+r.Actor+" via "+r.Identity.String())
	}
	assert.Equal(t, []string{
		"acknowledge by alice via sign-in 00u-alice at https://login.example.com",
		"complete by maya via intake system jira",
		"resume by ops via operator",
		"complete by alice via sign-in 00u-alice at https://login.example.com",
	}, got)
	assert.Equal(t, []string{
		"action-1: acknowledge by alice via person 00u-alice https://login.example.com accepted @1m0s",
		"action-2: complete by maya via system jira refused: actor: only the assignee, alice, may complete the task @2m0s",
		"action-3: resume by ops via operator refused: the resolution clock is not paused @3m0s",
		"action-4: complete by alice via person 00u-alice https://login.example.com accepted @4m0s",
	}, actionFacts(te.recorded()))
}

// actionFacts keeps the action facts of a task's recorded facts.
func actionFacts(recorded []string) []string {
	var actions []string
	for _, f := range recorded {
		if strings.HasPrefix(f, "action-") {
			actions = append(actions, f)
		}
	}
	return actions
}

// An identity the task cannot take (fields that do not fit its kind, texts over
// their bounds or with characters JSON escapes) refuses the action naming the field;
// its record keeps an operator's identity, as only a client straight on Temporal
// sends one.
func TestAMalformedIdentityIsRefusedNamingTheField(t *testing.T) {
	for _, tc := range []struct {
		name     string
		identity *Identity
		want     string
	}{
		{"a person without a subject", &Identity{Kind: IdentityPerson, Issuer: "https://login.example.com"}, "identity: a person's identity has a subject and an issuer"},
		{"an unknown kind", &Identity{Kind: "admin"}, `identity.kind: "admin" is not person, system or operator`},
		{"a subject over its bound", PersonIdentity(strings.Repeat("s", MaxSubjectLength+1), "https://login.example.com"), "identity.subject: over 255 characters (256)"},
		{"a system that JSON escapes", SystemIdentity("<script>"), `identity.system: holds '<', which an identity may not`},
		{"an operator naming a system", &Identity{Kind: IdentityOperator, System: "jira"}, "identity: an operator's identity has only its kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			te := newTaskEnv(t, tuesday10NY)
			te.signalAt(time.Minute, SignalBlock, BlockSignal{ActionHeader: ActionHeader{Actor: "alice", Identity: tc.identity}, Dependency: "legal"})
			te.finishBy("alice", 2*time.Minute, "done")

			st := te.run(reviewRequest)

			require.NotEmpty(t, st.Signals)
			rec := st.Signals[0]
			assert.False(t, rec.Accepted)
			assert.Contains(t, rec.Reason, tc.want)
			assert.Equal(t, OperatorIdentity(), rec.Identity)
			assert.Empty(t, st.BlockedBy, "nothing changed")
			assert.Contains(t, actionFacts(te.recorded())[0], "action-1: block by alice via operator refused: "+tc.want)
		})
	}
}

// A flood of refused actions adds a bounded number of rows to the ledger: the first
// ones tell who tried; the status counts them all.
func TestRefusedActionsInTheLedgerAreBounded(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	const tries = maxRefusedActionFacts + 10
	te.env.RegisterDelayedCallback(func() {
		for range tries {
			te.env.SignalWorkflow(SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "mallory", Identity: SystemIdentity("forms")}, Outcome: OutcomeResolved})
		}
	}, time.Minute)
	te.finishBy("alice", 2*time.Minute, "done")

	st := te.run(reviewRequest)

	assert.Equal(t, tries, st.RejectedSignals)
	actions := actionFacts(te.recorded())
	refused := 0
	for _, a := range actions {
		if strings.Contains(a, " refused: ") {
			refused++
		}
	}
	assert.Equal(t, maxRefusedActionFacts, refused)
	assert.Len(t, actions, maxRefusedActionFacts+2, "and alice's acknowledge and complete")
}

// Accepted actions are bounded too: a condition toggled back and forth adds at most
// maxActionFacts rows, however long it goes on.
func TestActionsInTheLedgerAreBounded(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	const rounds, perRound = 5, 50 // each round its own workflow task, so every write lands before the next
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "alice"}})
	for r := range rounds {
		te.env.RegisterDelayedCallback(func() {
			for i := range perRound {
				h := ActionHeader{Actor: "alice", Identity: SystemIdentity("forms")}
				if i%2 == 0 {
					te.env.SignalWorkflow(SignalWaitOnRequester, WaitOnRequesterSignal{ActionHeader: h, Reason: "copy"})
				} else {
					te.env.SignalWorkflow(SignalResume, ResumeSignal{ActionHeader: h})
				}
			}
		}, time.Duration(2+r)*time.Minute)
	}
	te.approveIfNeeded(10 * time.Minute)
	te.signalAt(11*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "alice"}, Outcome: OutcomeResolved})

	st := te.run(reviewRequest)

	require.NotNil(t, st.CompletedAt, "completed")
	assert.Len(t, actionFacts(te.recorded()), maxActionFacts, "the acknowledge and the first toggles; the rest and the complete add no rows")
}

// A task started before the action ledger (the version gate says so on replay)
// records its milestones as before, and no action.
func TestActionLedgerGateKeepsOldTasksWithoutActions(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.env.OnGetVersion(versionTaskLedger, workflow.DefaultVersion, automationMeetsResponse).Return(ledgerMilestones)
	te.finishBy("bob", 2*time.Hour, "approved")

	te.run(reviewRequest)

	assert.Empty(t, actionFacts(te.recorded()))
	assert.Contains(t, te.recorded(), "closed: completed (resolved by bob) automation=false 0h @2h1m0s")
}

// A task recorded on the real server by the code before the action ledger (the
// ledger on, a refused raw signal and update, an acknowledge, a completion held for
// approval and the approval) replays against today's code: the gate keeps it as it ran.
func TestReplayATaskFromBeforeTheActionLedger(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "patches", "task-ledger-before-action-identity.json"))
	require.NoError(t, err)
	hist, err := client.HistoryFromJSON(bytes.NewReader(data), client.HistoryJSONOptions{})
	require.NoError(t, err)
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflow(CampaignTaskWorkflow)
	replayer.RegisterWorkflow(EscalationWorkflow)
	id := hist.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowId()
	require.NoError(t, replayer.ReplayWorkflowHistoryWithOptions(nil, hist, worker.ReplayWorkflowHistoryOptions{
		OriginalExecution: workflow.Execution{ID: id},
	}))
}

// A person's acknowledgement that stops an escalation keeps its identity in the
// escalation's result, which the task lists, and in the ledger's actions.
func TestEscalationAcknowledgementKeepsItsIdentity(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	manager := PersonIdentity("00u-ops-mgr", "https://login.example.com")
	te.env.RegisterDelayedCallback(func() {
		require.NoError(t, te.env.SignalWorkflowByID(EscalationWorkflowID(testWorkflowID, 1), SignalEscalationAck,
			EscalationAckSignal{ActionHeader: ActionHeader{Actor: "ops-mgr", Identity: manager}}))
	}, 35*time.Minute)
	te.finishBy("oncall-1", 40*time.Minute, "landing page restored")

	st := te.run(outageRequest)

	require.Len(t, st.Escalations, 1)
	assert.Equal(t, "ops-mgr", st.Escalations[0].EndedBy)
	assert.Equal(t, manager, st.Escalations[0].Identity)
	assert.Contains(t, actionFacts(te.recorded()), "action-1: acknowledge-escalation by ops-mgr via person 00u-ops-mgr https://login.example.com accepted @35m0s",
		"the ledger's actions table has the acknowledgement too")
}
