package workflows

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// tuesday10NY is Tue 2026-11-24 10:00 in New York (15:00 in London), inside both teams' working hours.
var tuesday10NY = time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)

// testWorkflowID is the workflow ID every test task runs under.
var testWorkflowID = TaskWorkflowID("req-1")

// reviewRequest is a human-lane task for the reviewer role's queue.
var reviewRequest = TaskRequest{RequestID: "req-1", TaskType: "creative-stakeholder-review", Title: "Approve the holiday banner", Requester: "pat"}

// taskEnv is a test workflow environment with the real catalog, a recording
// notifier and a recording search-attribute upsert.
type taskEnv struct {
	t       *testing.T
	env     *testsuite.TestWorkflowEnvironment
	catalog *catalog.Catalog
	start   time.Time
	queries int // statusAt callbacks that have not run yet

	mu      sync.Mutex
	notices []activities.Notification
	ledgerWrites
	attrs temporal.SearchAttributes // the last upsert; publish always sends every key
}

func newTaskEnv(t *testing.T, start time.Time) *taskEnv {
	t.Helper()
	return newTaskEnvWith(t, start, nil)
}

// newTaskEnvWith is newTaskEnv for a worker whose roster file staffs the teams it lists.
func newTaskEnvWith(t *testing.T, start time.Time, rosters *roster.File) *taskEnv {
	t.Helper()
	return newTaskEnvOn(t, &testsuite.WorkflowTestSuite{}, start, rosters)
}

// newTaskEnvOn is newTaskEnvWith on a suite the test set up, such as with its own logger.
func newTaskEnvOn(t *testing.T, suite *testsuite.WorkflowTestSuite, start time.Time, rosters *roster.File) *taskEnv {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	te := &taskEnv{t: t, env: suite.NewTestWorkflowEnvironment(), catalog: cat, start: start}
	env := te.env
	env.SetStartTime(start)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: testWorkflowID, TaskQueue: QueuesWithPrefix(DefaultQueuePrefix).Tasks})
	env.RegisterWorkflow(CampaignTaskWorkflow)
	env.RegisterWorkflow(EscalationWorkflow)
	env.RegisterActivity(&activities.Campaigns{})
	env.RegisterActivity(&activities.TaskPolicies{Catalog: cat, Queues: map[catalog.Executor]string{
		catalog.ExecutorRPA: "lanes-rpa", catalog.ExecutorCloud: "lanes-cloud",
	}, Roster: rosters})
	env.RegisterActivity(&activities.Notifications{})
	// Every catalog action is registered by name, as the worker does; tests mock the ones they expect.
	for _, e := range []catalog.Executor{catalog.ExecutorRPA, catalog.ExecutorCloud} {
		for _, action := range cat.Actions(e) {
			env.RegisterActivityWithOptions(func(context.Context, activities.AutomationRequest) (activities.AutomationResult, error) {
				return activities.AutomationResult{}, errors.New("not mocked")
			}, activity.RegisterOptions{Name: action})
		}
	}
	// Maybe: tests state exactly what was sent through te.sent().
	env.OnActivity("Notify", mock.Anything, mock.Anything).Return(func(_ context.Context, n activities.Notification) error {
		te.mu.Lock()
		defer te.mu.Unlock()
		te.notices = append(te.notices, n)
		return nil
	}).Maybe()
	te.mockLedger()
	env.OnUpsertTypedSearchAttributes(mock.Anything).Run(func(args mock.Arguments) {
		te.mu.Lock()
		defer te.mu.Unlock()
		te.attrs = args.Get(0).(temporal.SearchAttributes)
	}).Return()
	return te
}

// automation mocks an automation activity with the request the workflow must send
// (or mock.Anything); the result is a value pair or a function.
func (te *taskEnv) automation(action string, want any, result ...any) *testsuite.MockCallWrapper {
	return te.env.OnActivity(action, mock.Anything, want).Return(result...)
}

// signalAt sends a signal d after the start.
func (te *taskEnv) signalAt(d time.Duration, name string, arg any) {
	te.env.RegisterDelayedCallback(func() { te.env.SignalWorkflow(name, arg) }, d)
}

// statusAt queries the task's status d after the start; the result is filled in when the callback runs.
func (te *taskEnv) statusAt(d time.Duration) *TaskStatus {
	var st TaskStatus
	te.queries++
	te.env.RegisterDelayedCallback(func() {
		te.queries--
		v, err := te.env.QueryWorkflow(QueryStatus)
		if assert.NoError(te.t, err) {
			assert.NoError(te.t, v.Get(&st))
		}
	}, d)
	return &st
}

// finishBy has actor acknowledge the task at d and complete it a minute later,
// after testApprover signed off if the task needs approval.
func (te *taskEnv) finishBy(actor string, d time.Duration, note string) {
	te.signalAt(d, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: actor}})
	te.approveIfNeeded(d + 30*time.Second)
	te.signalAt(d+time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: actor}, Outcome: OutcomeResolved, Note: note})
}

// testApprover approves critical and compliance-flagged test tasks.
const testApprover = "dana"

// approveIfNeeded has testApprover approve at d when the task needs approval and has none.
func (te *taskEnv) approveIfNeeded(d time.Duration) {
	te.env.RegisterDelayedCallback(func() {
		v, err := te.env.QueryWorkflow(QueryStatus)
		var st TaskStatus
		if assert.NoError(te.t, err) && assert.NoError(te.t, v.Get(&st)) && st.NeedsApproval && st.ApprovedBy == "" {
			te.env.SignalWorkflow(SignalApprove, ApproveSignal{ActionHeader: ActionHeader{Actor: testApprover}})
		}
	}, d)
}

// run executes the workflow to its end and returns its final status.
func (te *taskEnv) run(req TaskRequest) TaskStatus {
	te.t.Helper()
	te.env.ExecuteWorkflow(CampaignTaskWorkflow, req)
	require.True(te.t, te.env.IsWorkflowCompleted())
	require.NoError(te.t, te.env.GetWorkflowError())
	var res TaskResult
	require.NoError(te.t, te.env.GetWorkflowResult(&res))
	require.Zero(te.t, te.queries, "status queries scheduled after the workflow completed")
	te.env.AssertExpectations(te.t)
	return res.Status
}

// since is how long after the start a recorded moment is.
func (te *taskEnv) since(at *time.Time) time.Duration {
	te.t.Helper()
	require.NotNil(te.t, at)
	return at.Sub(te.start)
}

// sent lists the notifications as "kind→recipient", in the order the workflow sent them.
func (te *taskEnv) sent() []string {
	te.mu.Lock()
	defer te.mu.Unlock()
	ns := append([]activities.Notification(nil), te.notices...)
	seq := func(n activities.Notification) int {
		i, _ := strconv.Atoi(n.IdempotencyKey[strings.LastIndex(n.IdempotencyKey, "/")+1:])
		return i
	}
	sort.Slice(ns, func(i, j int) bool { return seq(ns[i]) < seq(ns[j]) })
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Kind + "→" + n.Recipient
	}
	return out
}

// countSent counts the notifications of one kind.
func (te *taskEnv) countSent(kind string) int {
	n := 0
	for _, s := range te.sent() {
		if strings.HasPrefix(s, kind+"→") {
			n++
		}
	}
	return n
}

// keyword reads a keyword search attribute from the last upsert; "" when unset.
func (te *taskEnv) keyword(key temporal.SearchAttributeKeyKeyword) string {
	te.mu.Lock()
	defer te.mu.Unlock()
	v, _ := te.attrs.GetKeyword(key)
	return v
}

// requireAttrs checks the search attributes ops filter on against the final status.
func (te *taskEnv) requireAttrs(st TaskStatus) {
	te.t.Helper()
	want := fmt.Sprintf("%s %s %s %s %s %s", st.Request.TaskType, st.Bucket, st.Lane, st.Stage, st.Team, st.SLAState)
	got := fmt.Sprintf("%s %s %s %s %s %s", te.keyword(AttrTaskType), te.keyword(AttrBucket), te.keyword(AttrLane),
		te.keyword(AttrStage), te.keyword(AttrTeam), te.keyword(AttrSLAState))
	require.Equal(te.t, want, got)
	require.Equal(te.t, st.Assignee, te.keyword(AttrAssignee))
	te.mu.Lock()
	defer te.mu.Unlock()
	exception, _ := te.attrs.GetBool(AttrException)
	require.Equal(te.t, st.Exception != "", exception)
	resolveBy, _ := te.attrs.GetTime(AttrResolveBy)
	require.True(te.t, resolveBy.Equal(st.Resolution.Deadline), "resolveBy %s, want %s", resolveBy, st.Resolution.Deadline)
}

// summary is the part of a task's status that most assertions state at once.
type summary struct {
	Bucket      catalog.Bucket
	Lane        catalog.Lane
	Stage       Stage
	HumanStep   HumanStep
	Assignee    string
	Outcome     string
	CompletedBy string
	SLAState    SLAState
	Handoffs    int
}

func summarize(st TaskStatus) summary {
	return summary{
		Bucket: st.Bucket, Lane: st.Lane, Stage: st.Stage, HumanStep: st.HumanStep, Assignee: st.Assignee,
		Outcome: st.Outcome, CompletedBy: st.CompletedBy, SLAState: st.SLAState, Handoffs: st.Handoffs,
	}
}

// record is the part of a SignalRecord a test states: which signal, whether it was accepted, and why not.
type record struct {
	name     string
	actor    string
	accepted bool
	reason   string // a substring of the reason
}

func requireSignals(t *testing.T, want []record, got []SignalRecord) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, w := range want {
		g := got[i]
		assert.Equal(t, w.name, g.Name, "signal %d", i)
		assert.Equal(t, w.actor, g.Actor, "signal %d", i)
		assert.Equal(t, w.accepted, g.Accepted, "signal %d: %s", i, g.Reason)
		if w.reason == "" {
			assert.Empty(t, g.Reason, "signal %d", i)
		} else {
			assert.Contains(t, g.Reason, w.reason, "signal %d", i)
		}
	}
}

// appErrorTypes lists the types of the application errors in err's chain, outermost first.
func appErrorTypes(err error) []string {
	var types []string
	for {
		var appErr *temporal.ApplicationError
		if !errors.As(err, &appErr) {
			return types
		}
		types = append(types, appErr.Type())
		err = appErr.Unwrap()
	}
}
