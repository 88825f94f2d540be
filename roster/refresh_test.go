package roster_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// A task raised to instant critical while booked, then handed back when its holder
// goes out of office, queues by its new priority, and the queue shows when it began
// waiting, not when it first asked.
func TestRaisedTaskQueuesByItsNewPriority(t *testing.T) {
	s, err := roster.NewState("ops", roster.Team{Managers: []string{"ana"}, People: []roster.Person{person("ana", roster.Senior, "design")}}, time.UTC)
	require.NoError(t, err)
	ask := func(id, skill string, priority int, at time.Time) roster.Request {
		return roster.Request{TaskID: id, Skill: skill, Allocation: campaign, Hours: 1, Priority: priority, At: at, Seq: 1}
	}
	raised := ask("raised", "design", 311, t0)
	require.Equal(t, "ana", s.Ask(raised, t0).Person)
	// Nobody has the video skill, so these two wait: planned critical, then exception only.
	for _, r := range []roster.Request{ask("planned", "video", 111, t0.Add(time.Minute)), ask("exception", "video", 211, t0.Add(2*time.Minute))} {
		require.Positive(t, s.Ask(r, r.At).Position)
	}

	stale := raised
	stale.Seq, stale.Priority, stale.Refresh = 0, 0, true
	assert.Empty(t, s.Refresh(stale, t0.Add(3*time.Minute)))
	assert.Equal(t, 311, s.Bookings["raised"].Priority, "a refresh of an ask the roster no longer holds changes nothing")

	raised.Priority, raised.Senior, raised.Refresh = 0, true, true
	assert.Empty(t, s.Refresh(raised, t0.Add(3*time.Minute)), "a booked task keeps its person")
	assert.Equal(t, "ana", s.Bookings["raised"].Person)

	away := t0.Add(4 * time.Minute)
	_, err = s.SetAway("ana", roster.Away{From: away}, away)
	require.NoError(t, err)
	assert.Equal(t, []string{"raised", "planned", "exception"}, queueIDs(s))
	first := s.View(away).Queue[0]
	assert.Equal(t, t0, first.At, "first asked")
	assert.Equal(t, away, first.Since, "began waiting")
	assert.True(t, first.Senior, "the refresh's seniority is kept for the next booking")

	// Carried across continue-as-new, the wait's start comes back to the millisecond.
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back roster.State
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, s.Queue.First(-1), back.Queue.First(-1))

	// A waiting task asked again keeps its wait; refreshed, it moves to its new place.
	later := t0.Add(10 * time.Minute)
	exception := ask("exception", "video", 211, t0.Add(2*time.Minute))
	exception.Seq = 2
	require.Positive(t, s.Ask(exception, later).Position)
	exception.Priority, exception.Refresh = 1, true
	moved := s.Refresh(exception, later)
	require.Len(t, moved, 1, "nobody can take it yet; it hears its new place")
	assert.Equal(t, 2, moved[0].Position)
	assert.Equal(t, []string{"raised", "exception", "planned"}, queueIDs(s))
	assert.Equal(t, t0.Add(2*time.Minute), s.View(later).Queue[1].Since, "asked again and moved, it still waits since its first place")
}
