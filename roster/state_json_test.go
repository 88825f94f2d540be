package roster

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

// A team draining a long queue carries its bookings, a week of completions and the
// tasks released in the last hour: deflated, they read back field for field, at a
// fraction of their plain size.
func TestStateCarriedDeflated(t *testing.T) {
	var people []Person
	for i := range 6 {
		people = append(people, Person{ID: fmt.Sprintf("designer-%d", i), Seniority: Senior, Skills: []string{"design"}, WeeklyHours: 40})
	}
	s, err := NewState("marketing-ops", Team{Managers: []string{"designer-0"}, People: people}, time.UTC)
	require.NoError(t, err)
	now := qt0
	for i := range 3300 {
		req := Request{TaskID: fmt.Sprintf("task-import-2026-12-01-%06d", i), TaskType: "creative-stakeholder-review", Title: fmt.Sprintf("Banner set %d", i),
			Skill: "design", Senior: true, Allocation: catalog.AllocationReactiveSupport, Hours: 1, Priority: 200, Reason: "new task", At: now, Seq: 1}
		s.Ask(req, now)
		if i < 3000 { // the first 3,000 were booked, done and released; the rest stay booked or wait
			require.True(t, s.Release(req.TaskID, true, 1.5, now), "release %d", i)
			s.MarkClosed(req.TaskID, 1, now)
		}
		now = now.Add(time.Second)
	}
	require.NotEmpty(t, s.Bookings)
	require.Len(t, s.Done, MaxCompletions)
	require.NotEmpty(t, s.Closed)
	plain, err := json.Marshal(stateFields(*s))
	require.NoError(t, err)
	data, err := json.Marshal(s)
	require.NoError(t, err)
	t.Logf("carried state: %d bytes deflated, %d plain", len(data), len(plain))
	assert.Less(t, len(data), len(plain)/3)

	var back State
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(stateFields(back))
	require.NoError(t, err)
	assert.JSONEq(t, string(plain), string(again))
}

// A roster run by the v1 baseline carried its state as plain JSON; a run that
// continues one reads it.
func TestStateReadsThePlainV1Form(t *testing.T) {
	var s State
	require.NoError(t, json.Unmarshal([]byte(`{"team":"marketing-ops","zone":"UTC","managers":["maya"],"queueWait":1800000000000,
		"members":[{"id":"maya","seniority":"senior","skills":["design"],"weeklyHours":40}],
		"bookings":{},"queue":{"kinds":[],"notes":[],"tasks":[]},"done":[{"taskId":"t1","person":"maya","allocation":"reactive-support","estimatedHours":1,"actualHours":2,"at":"2026-12-01T15:00:00Z"}],
		"counts":{"assigned":1,"queued":0,"released":1,"moved":0},"serial":3,"closed":{"t1":{"seq":1,"at":"2026-12-01T15:00:00Z"}}}`), &s))
	assert.Equal(t, "marketing-ops", s.Team)
	assert.Equal(t, 3, s.Serial)
	assert.Equal(t, []Completion{{TaskID: "t1", Person: "maya", Allocation: catalog.AllocationReactiveSupport, Estimated: 1, Actual: 2, At: qt0}}, s.Done)
	assert.Equal(t, map[string]Closed{"t1": {Seq: 1, At: qt0}}, s.Closed)
	assert.Equal(t, 30*time.Minute, s.QueueWait)
}

// A deflated state that was altered is refused, never read as an empty roster.
func TestStateRefusesABrokenDeflate(t *testing.T) {
	var s State
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"deflated":"bm90IGRlZmxhdGVk"}`), &s), "state.deflated: inflate")
}
