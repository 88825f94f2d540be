package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A roster's validator refuses an update whose text is over its bound, naming the
// field and the limit, and the roster stays as it was.
func TestRosterRefusesOverlongUpdates(t *testing.T) {
	re := newRosterEnv(t)
	long := re.updateAt(time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: strings.Repeat("m", 1<<20), Person: "lena"})
	back := re.updateAt(2*time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "lena", Back: "2026-11-30" + strings.Repeat(" ", 40)})
	re.at(3*time.Second, func() {
		for _, p := range re.status().People {
			assert.False(t, p.Away, "%s: a refused update changes nothing", p.ID)
		}
	})
	re.run(4 * time.Second)
	require.True(t, long.done)
	require.ErrorContains(t, long.err, "actor: over 200 characters (1048576)")
	require.True(t, back.done)
	require.ErrorContains(t, back.err, "back: over 40 characters (50)")
}
