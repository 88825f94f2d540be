package workflows

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// metadataQuery is the SDK's built-in query that answers a workflow's current details.
const metadataQuery = "__temporal_workflow_metadata"

// uiLines is how many lines of current details the Temporal UI shows before "more".
const uiLines = 3

// visible splits current details into the lines the UI renders (paragraphs) and
// returns the ones it shows without expanding.
func visible(details string) []string {
	lines := strings.Split(strings.TrimSpace(details), "\n\n")
	return lines[:min(uiLines, len(lines))]
}

// currentDetails reads a workflow's current details as the UI does, by the metadata query.
func currentDetails(t *testing.T, env *testsuite.TestWorkflowEnvironment, workflowID string) string {
	t.Helper()
	var (
		v   interface{ Get(any) error }
		err error
	)
	if workflowID == "" {
		v, err = env.QueryWorkflow(metadataQuery)
	} else {
		v, err = env.QueryWorkflowByID(workflowID, metadataQuery)
	}
	require.NoError(t, err)
	var md sdkpb.WorkflowMetadata
	require.NoError(t, v.Get(&md))
	return md.GetCurrentDetails()
}

// detailsAt reads the task's current details d after the start.
func (te *taskEnv) detailsAt(d time.Duration, workflowID string) *string {
	var s string
	te.queries++
	te.env.RegisterDelayedCallback(func() {
		te.queries--
		s = currentDetails(te.t, te.env, workflowID)
	}, d)
	return &s
}

// A booked, acknowledged task shows its holder, its SLA and the roster's booking
// in the lines the UI shows; the closed task leads with its outcome and note.
func TestDetailsOfAStaffedTask(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized in reactive-support with skill \"design\"")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	open := se.detailsAt(2*time.Minute, "")
	se.signalAt(time.Hour, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved, Note: "Approved with copy tweak", Hours: 1})
	se.run(reviewRequest)

	lines := visible(*open)
	require.Len(t, lines, uiLines)
	assert.Equal(t, "**acknowledged** by **lena** (work) · SLA **on_track**: resolve by Mon 30 Nov 10:00 EST", lines[0],
		"3 business days from Tuesday 10:00, Thanksgiving off")
	assert.Equal(t, "Roster booked **lena** for 1h of reactive-support: least utilized in reactive-support with skill \"design\"", lines[1])
	assert.True(t, strings.HasPrefix(lines[2], "Bucket exception_only, lane human"), lines[2])
	assert.Contains(t, *open, "Creative stakeholder review: "+reviewRequest.Title)

	closed := visible(currentDetails(t, se.env, ""))
	assert.Equal(t, "**resolved** by lena: Approved with copy tweak · SLA **met**", closed[0])
}

// A compliance flag on a rostered task: the lines the UI shows say the escalation's
// level, who it asked and why, and that the held completion waits for the manager's
// approval; the escalation child shows its own level, who it asked and the next level.
func TestDetailsOfAnEscalatedTask(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "lena"}})
	se.signalAt(2*time.Minute, SignalFlagCompliance, FlagComplianceSignal{ActionHeader: ActionHeader{Actor: "pat"}, Reason: "claims need legal review"})
	se.signalAt(10*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "lena"}, Outcome: OutcomeResolved})
	task := se.detailsAt(11*time.Minute, "")
	child := se.detailsAt(11*time.Minute, EscalationWorkflowID(testWorkflowID, 1))
	se.signalAt(12*time.Minute, SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: "maya"}})
	st := se.run(reviewRequest)
	require.Equal(t, "lena", st.CompletedBy)

	assert.Equal(t, []string{
		"**acknowledged** by **lena** (work) · SLA **on_track**: resolve by Mon 30 Nov 10:00 EST",
		"**Escalation level 2**: asked maya, devon (compliance exposure: claims need legal review); `acknowledge-escalation` on task-req-1-escalation-1 stops it",
		"**Approval needed** from maya, devon: lena's completion (resolved) waits for it; compliance exposure: claims need legal review",
	}, visible(*task))
	assert.Equal(t, []string{
		"**Level 2 of 3**: asked **maya, devon**; acknowledge within 15m, or level 3 (role:brand-director) is asked",
		"Why: compliance exposure: claims need legal review. Task task-req-1, Creative stakeholder review: " + reviewRequest.Title,
		"Stop it: signal `acknowledge-escalation` here with `{\"actor\": \"<you>\"}`",
	}, visible(*child))
}

// A response breach says which clock ran out, and the climb it started.
func TestDetailsOfABreachedTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	breached := te.detailsAt(16*time.Minute, "")
	te.finishBy("oncall-1", 20*time.Minute, "restored")
	te.run(outageRequest)

	lines := visible(*breached)
	assert.Equal(t, "**assigned** to **role:on-call-ops** (work) · SLA **breached**: **response ran out** Tue 24 Nov 10:15 EST; resolve by Tue 24 Nov 11:00 EST", lines[0])
	assert.Equal(t, "**Escalation level 1**: asked role:on-call-ops (response SLA breached); `acknowledge-escalation` on task-req-1-escalation-1 stops it", lines[1])
}

// An escalation run on its own shows how it ended: stopped by someone, or exhausted.
func TestEscalationDetailsWhenItEnds(t *testing.T) {
	in := EscalationInput{
		TaskID: testWorkflowID, TaskName: "Live campaign outage", Title: "Spend on a dead landing page", Reason: "blocked by vendor", Cycle: 1,
		Levels: escalationLevels("lena", []string{"ops-manager", "marketing-director"}, []string{"maya"}), StartLevel: 1, Window: 15 * time.Minute,
	}
	for _, tt := range []struct {
		name   string
		ackAt  time.Duration
		first  string
		during string
	}{
		{name: "stopped", ackAt: 20 * time.Minute, first: "**Stopped** at level 2: acknowledged by maya",
			during: "**Level 1 of 3**: asked **lena**; acknowledge within 15m, or level 2 (maya) is asked"},
		{name: "exhausted", first: "**Exhausted**: levels up to 3 asked, nobody acknowledged",
			during: "**Level 1 of 3**: asked **lena**; acknowledge within 15m, or level 2 (maya) is asked"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var suite testsuite.WorkflowTestSuite
			env := suite.NewTestWorkflowEnvironment()
			env.RegisterWorkflow(EscalationWorkflow)
			env.RegisterActivity(&activities.Notifications{})
			env.OnActivity("Notify", mock.Anything, mock.Anything).Return(nil)
			var during, last string
			env.RegisterDelayedCallback(func() { during = currentDetails(t, env, "") }, time.Minute)
			if tt.ackAt > 0 {
				env.RegisterDelayedCallback(func() {
					env.SignalWorkflow(SignalEscalationAck, EscalationAckSignal{ActionHeader: ActionHeader{Actor: "maya"}})
				}, tt.ackAt)
			} else {
				env.RegisterDelayedCallback(func() { last = currentDetails(t, env, "") }, 31*time.Minute)
			}
			env.ExecuteWorkflow(EscalationWorkflow, in)
			require.NoError(t, env.GetWorkflowError())
			assert.Equal(t, tt.during, visible(during)[0])
			if tt.ackAt == 0 {
				assert.Equal(t, "**Level 3 of 3**: asked **role:marketing-director**; acknowledge within 15m; this is the last level", visible(last)[0])
			}
			final := visible(currentDetails(t, env, ""))
			assert.Equal(t, tt.first, final[0])
			assert.Len(t, final, 2, "a finished climb needs no instructions")
		})
	}
}

// The roster's details show every person of marketing-ops, and the queue, in the lines the UI shows.
func TestRosterDetailsFitTheVisibleLines(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	file, err := roster.Default(cat)
	require.NoError(t, err)
	state, err := roster.NewState("marketing-ops", file.Teams["marketing-ops"], time.UTC)
	require.NoError(t, err)
	details := rosterDetails(state.Glance(tuesday10NY, queueShown))

	lines := visible(details)
	assert.Equal(t, "**Roster of marketing-ops**: 0 open tasks booked, 0 waiting; managers maya, devon", lines[0])
	for _, p := range file.Teams["marketing-ops"].People {
		assert.Contains(t, lines[1], p.ID+" 0h")
	}
	assert.Equal(t, "Queue: empty", lines[2])
	assert.Contains(t, details, "| rosa | coordinator |", "the table follows for whoever expands it")
}

// With more tasks waiting than a view lists, the details count them all and name the first three.
func TestRosterDetailsCountTheWholeQueue(t *testing.T) {
	state, err := roster.NewState("ops", roster.Team{Managers: []string{"ann"}, People: []roster.Person{
		{ID: "ann", Seniority: roster.Senior, Skills: []string{"design"}, WeeklyHours: 40},
	}}, time.UTC)
	require.NoError(t, err)
	waiting := roster.ViewQueue + 100
	for i := 0; i <= waiting; i++ { // the first takes most of ann's reactive-support week
		state.Ask(roster.Request{TaskID: fmt.Sprintf("t%04d", i), Skill: "design", Senior: true, Allocation: catalog.AllocationReactiveSupport, Hours: 6, At: tuesday10NY}, tuesday10NY)
	}

	lines := visible(rosterDetails(state.Glance(tuesday10NY, queueShown)))
	assert.Equal(t, fmt.Sprintf("**Roster of ops**: 1 open tasks booked, %d waiting; managers ann", waiting), lines[0])
	assert.Equal(t, "ann 6h (1 open, reactive-support 75%)", strings.TrimPrefix(lines[1], "People, planned hours: "))
	assert.Equal(t, fmt.Sprintf("**Queue**: t0001 (design), t0002 (design), t0003 (design), and %d more", waiting-3), lines[2])
}

// recordingLogger keeps what a workflow logged, by level, and each line's key-values.
type recordingLogger struct {
	mu      sync.Mutex
	entries []string
	fields  map[string][]any // the key-values of the last line with each message
}

func (l *recordingLogger) add(level, msg string, keyvals []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, level+" "+msg)
	if l.fields == nil {
		l.fields = map[string][]any{}
	}
	l.fields[msg] = keyvals
}

func (l *recordingLogger) Debug(msg string, kv ...any) { l.add("DEBUG", msg, kv) }
func (l *recordingLogger) Info(msg string, kv ...any)  { l.add("INFO", msg, kv) }
func (l *recordingLogger) Warn(msg string, kv ...any)  { l.add("WARN", msg, kv) }
func (l *recordingLogger) Error(msg string, kv ...any) { l.add("ERROR", msg, kv) }

var _ log.Logger = (*recordingLogger)(nil)

// A refused action is an expected answer: the worker logs it at Info, never as a warning.
func TestRefusedSignalIsLoggedAtInfo(t *testing.T) {
	logger := &recordingLogger{}
	suite := &testsuite.WorkflowTestSuite{}
	suite.SetLogger(logger)
	te := newTaskEnvOn(t, suite, tuesday10NY, nil)
	te.signalAt(time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "bob"}, Outcome: OutcomeResolved})
	te.finishBy("alice", 2*time.Minute, "done")
	st := te.run(reviewRequest)
	require.False(t, st.Signals[0].Accepted)

	logger.mu.Lock()
	defer logger.mu.Unlock()
	assert.Contains(t, logger.entries, "INFO Signal refused")
	for _, e := range logger.entries {
		assert.False(t, strings.HasPrefix(e, "WARN") || strings.HasPrefix(e, "ERROR"), e)
	}
}
