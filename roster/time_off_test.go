package roster_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// Someone back from time off may take again the work they held before it.
func TestBackFromTimeOffTakesWorkAgain(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"))
	s.Ask(work("x", "analysis", 1), t0)
	_, err := s.SetAway("ana", roster.Away{From: t0, Back: t0.Add(time.Hour)}, t0)
	require.NoError(t, err)
	assert.Equal(t, "", placed(t, s, "x"), "waits while ana is away")
	notices := s.Rebalance(t0.Add(time.Hour))
	assert.Equal(t, map[string]string{"x": "ana"}, noticed(notices))
}

// While an open-ended absence runs, nobody can say when the person is back.
func TestAwayUntilWithOverlappingAbsences(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"))
	_, err := s.SetAway("ana", roster.Away{From: t0.Add(-time.Hour)}, t0)
	require.NoError(t, err)
	_, err = s.SetAway("ana", roster.Away{From: t0.Add(-time.Hour), Back: t0.Add(time.Hour)}, t0)
	require.NoError(t, err)
	v := personView(t, s.View(t0), "ana")
	assert.True(t, v.Away)
	assert.Nil(t, v.AwayUntil)

	s = newState(t, person("ana", roster.Specialist, "analysis"))
	for _, back := range []time.Duration{time.Hour, 3 * time.Hour} {
		_, err = s.SetAway("ana", roster.Away{From: t0.Add(-time.Hour), Back: t0.Add(back)}, t0)
		require.NoError(t, err)
	}
	v = personView(t, s.View(t0), "ana")
	require.NotNil(t, v.AwayUntil)
	assert.Equal(t, t0.Add(3*time.Hour), *v.AwayUntil, "the later end")
}

// Senior work whose seniors are all away says so, rather than blaming their hours.
func TestReasonWhenSeniorsAreAway(t *testing.T) {
	sam := awayFrom(person("sam", roster.Senior, "analysis"), t0.Add(-time.Hour), time.Time{})
	s := newState(t, person("ana", roster.Specialist, "analysis"), sam)
	req := work("x", "analysis", 1)
	req.Senior = true
	n := s.Ask(req, t0)
	assert.Empty(t, n.Person)
	assert.Equal(t, `every senior with skill "analysis" is away or handed the task back`, n.Reason)
}
