package roster_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// A roster started again takes back the week's completions its team's closed tasks
// report: once each, in time order, counted as assigned and released; what it knows
// already and what is older than a week it leaves.
func TestRestoreCompletions(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "design"), person("bo", roster.Specialist, "design"))
	hold(t, s, "open", "ana", "design", catalog.AllocationCampaignExecution, 1)
	s.Release("open", true, 2, t0) // completed under this roster already
	hold(t, s, "held", "bo", "design", catalog.AllocationCampaignExecution, 1)
	done := func(id, who string, at time.Time, actual float64) roster.Completion {
		return roster.Completion{TaskID: id, Person: who, Allocation: catalog.AllocationCampaignExecution, Estimated: 1, Actual: actual, At: at}
	}
	before := s.Counts
	n := s.Restore([]roster.Completion{
		done("old", "ana", t0.Add(-8*24*time.Hour), 5), // past the week
		done("b", "bo", t0.Add(-time.Hour), 1.5),
		done("open", "ana", t0, 2), // this roster recorded it
		done("held", "bo", t0, 1),  // this roster holds it: not a completion it lost
		done("a", "ana", t0.Add(-2*time.Hour), 0.5),
	}, t0)
	assert.Equal(t, 2, n)
	var ids []string
	for _, d := range s.Done {
		ids = append(ids, d.TaskID)
	}
	assert.Equal(t, []string{"a", "b", "open"}, ids, "in time order")
	assert.Equal(t, before.Assigned+2, s.Counts.Assigned)
	assert.Equal(t, before.Released+2, s.Counts.Released)
	v := s.View(t0)
	assert.InDelta(t, 4.0, v.ActualDone, 1e-9)
	assert.InDelta(t, 3.0, v.EstimatedDone, 1e-9)
	assert.InDelta(t, 2.5, personView(t, v, "ana").ActualHours, 1e-9)
	assert.Zero(t, s.Restore([]roster.Completion{done("a", "ana", t0.Add(-2*time.Hour), 0.5)}, t0), "read twice, taken once")
}

// A task telling a new roster the person who holds it keeps them; one whose person is
// gone or away is placed anew.
func TestAdopt(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"), person("bo", roster.Specialist, "analysis"))
	held := work("x", "analysis", 1)
	held.Holds = "bo"
	n, placed := s.Adopt(held, t0)
	assert.False(t, placed)
	assert.Empty(t, n.TaskID)
	assert.Equal(t, "bo", s.Bookings["x"].Person)

	gone := work("y", "analysis", 1)
	gone.Holds = "zed"
	n, placed = s.Adopt(gone, t0)
	assert.True(t, placed)
	assert.Equal(t, "ana", n.Person, "zed left: the rule picks the least utilized")
}
