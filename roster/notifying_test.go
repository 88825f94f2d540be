package roster_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// openTask is the booking a person's view lists for a task.
func openTask(t *testing.T, v roster.View, person, taskID string) roster.Booking {
	t.Helper()
	for _, b := range personView(t, v, person).OpenTasks {
		if b.TaskID == taskID {
			return b
		}
	}
	require.Failf(t, "open task missing", "%s does not list %s", person, taskID)
	return roster.Booking{}
}

// A booking is listed as notifying from the moment its notice leaves until it reaches
// the task, and only that notice's delivery clears it: an earlier one's does not.
func TestBookingIsNotifyingUntilItsNoticeLands(t *testing.T) {
	s := newState(t, person("ana", roster.Senior, "analysis"), person("bo", roster.Specialist, "analysis"))
	n := s.Ask(work("x", "analysis", 1), t0)
	require.Equal(t, "bo", n.Person)
	assert.False(t, openTask(t, s.View(t0), "bo", "x").Notifying, "no notice sent yet")

	n.Serial = 7
	s.Notifying(n)
	assert.True(t, openTask(t, s.View(t0), "bo", "x").Notifying)
	s.Delivered("x", 6)
	assert.True(t, openTask(t, s.View(t0), "bo", "x").Notifying, "an older notice's delivery says nothing of this one")

	moved, err := s.Move("x", "ana", "ana", t0)
	require.NoError(t, err)
	moved[0].Serial = 8
	s.Notifying(moved[0])
	s.Delivered("x", 7)
	assert.True(t, openTask(t, s.View(t0), "ana", "x").Notifying, "the move's notice is still on its way")
	s.Delivered("x", 8)
	assert.False(t, openTask(t, s.View(t0), "ana", "x").Notifying)

	queued := s.Ask(work("y", "writing", 1), t0)
	s.Notifying(queued) // a place in the queue books nobody
	s.Delivered("y", 0)
	assert.Equal(t, 1, s.Queue.Len())
}
