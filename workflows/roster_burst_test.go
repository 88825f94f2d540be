package workflows

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// noticeGate plays the tasks taking the roster's notices: while shut, each notice
// waits on its way, so the test sees how many the roster has in flight at once.
type noticeGate struct {
	mu             sync.Mutex
	open           chan struct{}
	inFlight, most atomic.Int64
	told           map[string][]roster.Notice
}

func (g *noticeGate) take(taskID string, n roster.Notice) error {
	now := g.inFlight.Add(1)
	for m := g.most.Load(); now > m && !g.most.CompareAndSwap(m, now); m = g.most.Load() {
	}
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	<-open
	g.mu.Lock()
	g.told[taskID] = append(g.told[taskID], n)
	g.mu.Unlock()
	g.inFlight.Add(-1)
	return nil
}

// shut holds the notices from now on, until the roster has sent limit of them.
func (g *noticeGate) shut(limit int64) {
	g.mu.Lock()
	open := make(chan struct{})
	g.open = open
	g.mu.Unlock()
	g.most.Store(0)
	go func() {
		for g.inFlight.Load() < limit {
			runtime.Gosched()
		}
		close(open)
	}()
}

// A thousand asks arriving together, then a person joining who has room for all that
// wait: each task is told once (the booked their person, the others their place in
// line), and when the join books hundreds at once, the roster keeps at most
// maxNoticesInFlight notices on their way (Temporal fails a workflow task past 2,000)
// and sends the rest as those land.
func TestRosterBurstKeepsNoticesInFlightBounded(t *testing.T) {
	const asks = 1000
	re := newRosterEnv(t)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(tuesday10NY)
	env.RegisterWorkflow(TeamRosterWorkflow)
	env.RegisterActivity(&activities.Rosters{})
	g := &noticeGate{open: make(chan struct{}), told: map[string][]roster.Notice{}}
	close(g.open)
	env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", SignalRosterNotice, mock.Anything).Return(
		func(_, taskID, _, _ string, arg any) error { return g.take(taskID, arg.(RosterNoticeSignal).Notice) })
	env.RegisterDelayedCallback(func() {
		for i := range asks {
			a := designAsk(i, 0.1)
			a.TaskID, a.Priority = fmt.Sprintf("task-b%04d", i), 100 // each joins the end of the line
			env.SignalWorkflow(SignalRequestPerson, RequestPersonSignal{Request: a})
		}
	}, time.Second)
	var first, last RosterStatus
	query := func(st *RosterStatus) {
		v, err := env.QueryWorkflow(QueryRoster)
		require.NoError(t, err)
		require.NoError(t, v.Get(st))
	}
	var joined error
	env.RegisterDelayedCallback(func() {
		query(&first)
		g.shut(maxNoticesInFlight)
		zed := roster.Person{ID: "zed", Seniority: roster.Specialist, Skills: []string{"design"}, WeeklyHours: 80,
			Allocations: roster.Shares{catalog.AllocationCampaignExecution: 100}}
		env.UpdateWorkflow(UpdateJoin, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) { joined = err }, OnAccept: func() {}, OnComplete: func(_ any, err error) { joined = err },
		}, JoinUpdate{Actor: "maya", Person: zed})
	}, time.Minute)
	env.RegisterDelayedCallback(func() { query(&last) }, 2*time.Minute)
	env.SetWorkflowRunTimeout(3 * time.Minute)
	env.ExecuteWorkflow(TeamRosterWorkflow, re.in)

	require.NoError(t, joined)
	assert.Equal(t, asks, first.Counts.Assigned+first.Counts.Queued)
	assert.Zero(t, first.Telling)
	booked, positions := 0, map[int]bool{}
	for id, notices := range g.told {
		if n := notices[0]; n.Person != "" {
			booked++
		} else {
			positions[n.Position] = true
			require.Len(t, notices, 2, "%s: told its place, then its person", id)
		}
	}
	require.Len(t, g.told, asks, "every task told")
	assert.Equal(t, first.Counts.Assigned, booked)
	assert.Len(t, positions, first.Waiting, "each waiting task told a place of its own")
	assert.True(t, positions[1] && positions[first.Waiting], "from the first place to the last")

	assert.Zero(t, last.Waiting, "zed took everyone waiting")
	assert.Zero(t, last.Telling)
	assert.Equal(t, int64(maxNoticesInFlight), g.most.Load(), "never more notices on their way than the limit")
	assert.Less(t, maxNoticesInFlight, 2000, "well under Temporal's limit")
}
