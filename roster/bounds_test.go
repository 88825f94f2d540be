package roster_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// TestRuntimeChangesAreBounded checks that joins and time off, which ops add at
// runtime, cannot grow the state a roster carries across continue-as-new without end.
func TestRuntimeChangesAreBounded(t *testing.T) {
	s := newState(t, person("ana", roster.Specialist, "analysis"))
	for i := len(s.Members); i < 500; i++ {
		require.NoError(t, s.Join(person(fmt.Sprintf("p%03d", i), roster.Specialist, "analysis"), time.UTC))
	}
	err := s.Join(person("one-more", roster.Specialist, "analysis"), time.UTC)
	require.ErrorContains(t, err, "person: ops has 500 people, the most a roster holds")
	require.Len(t, s.Members, 500)

	for i := range 50 {
		from := t0.AddDate(0, 0, 7*(i+1))
		_, err := s.SetAway("ana", roster.Away{From: from, Back: from.Add(24 * time.Hour)}, t0)
		require.NoError(t, err)
	}
	later := t0.AddDate(1, 0, 0)
	_, err = s.SetAway("ana", roster.Away{From: later, Back: later.Add(24 * time.Hour)}, t0)
	require.ErrorContains(t, err, `person: "ana" has 50 stretches of time off ahead`)
	// Once the first has passed, there is room again.
	_, err = s.SetAway("ana", roster.Away{From: later, Back: later.Add(24 * time.Hour)}, t0.AddDate(0, 0, 9))
	require.NoError(t, err)
}
