package ledger

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

// firstHalfOfMarch is two ISO weeks, Monday 2 to Monday 16 March 2026 in the test zone.
var firstHalfOfMarch = Period{From: march(2, 0, 0), To: march(16, 0, 0)}

// dashboardTasks are six tasks whose weekly outcomes and cycle times are worked
// out in the tests' comments.
func dashboardTasks() []*script {
	// Two UTM checks the bot closed: 2 and 30 minutes, 20 manual minutes each.
	a1 := newScript("a1", utm, "marketing-ops", catalog.LaneAutomated, 20, march(2, 9, 0))
	a1.sla(ClockResponse, ClockMet, march(2, 9, 1))
	a1.sla(ClockResolution, ClockMet, march(2, 9, 2))
	a1.closed(OutcomeCompleted, true, 0, march(2, 9, 2))
	a2 := newScript("a2", utm, "marketing-ops", catalog.LaneAutomated, 20, march(3, 10, 0))
	a2.sla(ClockResponse, ClockMet, march(3, 10, 1))
	a2.sla(ClockResolution, ClockMet, march(3, 10, 30))
	a2.closed(OutcomeCompleted, true, 0, march(3, 10, 30))
	// A review acknowledged late and done in exactly a day.
	h1 := newScript("h1", creative, "creative", catalog.LaneHuman, 90, march(3, 9, 0))
	h1.sla(ClockResponse, ClockBreached, march(3, 10, 0))
	h1.sla(ClockResolution, ClockMet, march(4, 9, 0))
	h1.closed(OutcomeCompleted, false, 0, march(4, 9, 0))
	// People's work in the second week that lost its resolution and took four days.
	h2 := newScript("h2", utm, "marketing-ops", catalog.LaneHuman, 20, march(9, 9, 0))
	h2.sla(ClockResponse, ClockMet, march(9, 9, 30))
	h2.sla(ClockResolution, ClockBreached, march(12, 9, 0))
	h2.closed(OutcomeCompleted, false, 0, march(13, 9, 0))
	// A review still open, acknowledged in time, and a cancelled task: neither is completed.
	h3 := newScript("h3", creative, "creative", catalog.LaneHuman, 90, march(10, 9, 0))
	h3.sla(ClockResponse, ClockMet, march(10, 10, 0))
	x1 := newScript("x1", utm, "marketing-ops", catalog.LaneHuman, 20, march(10, 9, 0))
	x1.closed(OutcomeCancelled, false, 0, march(10, 11, 0))
	return []*script{a1, a2, h1, h2, h3, x1}
}

func TestDashboardQueries(t *testing.T) {
	run := func(t *testing.T, cfg func(t *testing.T) Config) {
		t.Run("weekly outcomes", func(t *testing.T) { testWeeklyOutcomes(t, recordDashboard(t, cfg(t))) })
		t.Run("cycle spread", func(t *testing.T) { testCycleSpread(t, recordDashboard(t, cfg(t))) })
	}
	t.Run("sqlite", func(t *testing.T) {
		run(t, func(t *testing.T) Config {
			return Config{Driver: DriverSQLite, Path: filepath.Join(t.TempDir(), "ledger.db")}
		})
	})
	t.Run("postgres", func(t *testing.T) {
		cluster := startPostgres(t)
		run(t, func(t *testing.T) Config { return cluster.freshLedger(t) })
	})
}

func recordDashboard(t *testing.T, cfg Config) *Store {
	s := open(t, cfg)
	for _, sc := range dashboardTasks() {
		recordAll(t, s, sc.facts)
	}
	return s
}

func testWeeklyOutcomes(t *testing.T, s *Store) {
	got, err := s.WeeklyOutcomes(context.Background(), firstHalfOfMarch, testZone, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []WeekOutcomes{
		// a1, a2, h1 completed, the two bots saving 40 minutes; h1 answered late.
		{Start: march(2, 0, 0), End: march(9, 0, 0), Response: Clocks{Met: 2, Breached: 1}, Resolution: Clocks{Met: 3},
			Completed: 3, ByAutomation: 2, ManualMinutesSaved: 40},
		// h2 completed late; h3's response clock ended in time though it is still open.
		{Start: march(9, 0, 0), End: march(16, 0, 0), Response: Clocks{Met: 2}, Resolution: Clocks{Breached: 1}, Completed: 1},
	}, got)
	rate, ok := got[0].Response.Attainment()
	assert.True(t, ok)
	assert.InDelta(t, 2.0/3, rate, 1e-9)
	assert.InDelta(t, 2.0/3, got[0].AutomationRate(), 1e-9)

	creativeOnly, err := s.WeeklyOutcomes(context.Background(), firstHalfOfMarch, testZone, Filter{Team: "creative"})
	require.NoError(t, err)
	assert.Equal(t, []WeekOutcomes{
		{Start: march(2, 0, 0), End: march(9, 0, 0), Response: Clocks{Breached: 1}, Resolution: Clocks{Met: 1}, Completed: 1},
		{Start: march(9, 0, 0), End: march(16, 0, 0), Response: Clocks{Met: 1}},
	}, creativeOnly)
	_, ok = creativeOnly[1].Resolution.Attainment()
	assert.False(t, ok, "no resolution clock ended in the second week")
}

func testCycleSpread(t *testing.T, s *Store) {
	edges := []time.Duration{time.Hour, 24 * time.Hour, 72 * time.Hour}
	got, err := s.CycleSpread(context.Background(), firstHalfOfMarch, Filter{}, edges)
	require.NoError(t, err)
	assert.Equal(t, CycleSpread{
		Edges: edges,
		// a1 (2m) and a2 (30m) within an hour; h1's day exactly is within a day; h2's four days are over three.
		Counts: []int{2, 1, 0, 1},
		All:    Percentiles{Count: 4, P50: 30 * time.Minute, P90: 96 * time.Hour},
		ByLane: []LaneCycle{
			{Lane: catalog.LaneAutomated, Cycle: Percentiles{Count: 2, P50: 2 * time.Minute, P90: 30 * time.Minute}},
			{Lane: catalog.LaneHuman, Cycle: Percentiles{Count: 2, P50: 24 * time.Hour, P90: 96 * time.Hour}},
		},
	}, got)

	creativeOnly, err := s.CycleSpread(context.Background(), firstHalfOfMarch, Filter{Team: "creative"}, edges)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 0, 0}, creativeOnly.Counts)

	for _, bad := range [][]time.Duration{nil, {0}, {time.Hour, time.Minute}, {time.Hour, time.Hour}} {
		_, err := s.CycleSpread(context.Background(), firstHalfOfMarch, Filter{}, bad)
		assert.ErrorContains(t, err, "the edges must be positive and ascending", "%v", bad)
	}
}
