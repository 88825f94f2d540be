package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

const (
	utm      = "utm-naming-validation"
	creative = "creative-stakeholder-review"
)

// marchTasks is a small month of work whose numbers are worked out by hand in
// the tests below. Times are wall-clock times in testZone.
func marchTasks() []*script {
	// Automated UTM checks: two closed by the bot, one rerouted to a person after it failed.
	u1 := newScript("u1", utm, "marketing-ops", catalog.LaneAutomated, 20, march(2, 9, 0))
	u1.automation("utm-validate", false, march(2, 9, 1))
	u1.acknowledged("", march(2, 9, 1))
	u1.sla(ClockResponse, ClockMet, march(2, 9, 1))
	u1.sla(ClockResolution, ClockMet, march(2, 9, 2))
	u1.closed(OutcomeCompleted, true, 0, march(2, 9, 2))

	u2 := newScript("u2", utm, "marketing-ops", catalog.LaneAutomated, 20, march(2, 10, 0))
	u2.automation("utm-validate", false, march(2, 10, 3))
	u2.acknowledged("", march(2, 10, 3))
	u2.sla(ClockResponse, ClockMet, march(2, 10, 3))
	u2.sla(ClockResolution, ClockMet, march(2, 10, 5))
	u2.closed(OutcomeCompleted, true, 0, march(2, 10, 5))

	u3 := newScript("u3", utm, "marketing-ops", catalog.LaneAutomated, 20, march(2, 11, 0))
	u3.automation("utm-validate", true, march(2, 11, 1))
	u3.handoff(HandoffReroute, "", "", catalog.LaneHuman, march(2, 11, 1))
	u3.sla(ClockResponse, ClockBreached, march(2, 11, 15))
	u3.booked("sam", march(2, 11, 30))
	u3.acknowledged("sam", march(2, 11, 40))
	u3.sla(ClockResolution, ClockMet, march(2, 12, 0))
	u3.closed(OutcomeCompleted, false, 0, march(2, 12, 0))

	// Creative reviews: people's work, one handed back, one cancelled, and tasks
	// on both sides of the period's edges.
	c1 := newScript("c1", creative, "creative", catalog.LaneHuman, 90, march(2, 9, 0))
	c1.queued(march(2, 9, 0))
	c1.booked("ana", march(2, 9, 30))
	c1.acknowledged("ana", march(2, 10, 0))
	c1.sla(ClockResponse, ClockMet, march(2, 10, 0))
	c1.sla(ClockResolution, ClockMet, march(2, 13, 0))
	c1.closed(OutcomeCompleted, false, time.Hour, march(2, 13, 0))

	c2 := newScript("c2", creative, "creative", catalog.LaneHuman, 90, march(3, 9, 0))
	c2.booked("ben", march(3, 9, 10))
	c2.handoff(HandoffHandBack, "ben", "", "", march(3, 10, 0))
	c2.sla(ClockResponse, ClockBreached, march(3, 10, 0))
	c2.escalated(TriggerBreach, 1, march(3, 10, 0))
	c2.booked("ana", march(3, 11, 0))
	c2.acknowledged("ana", march(3, 11, 15))
	c2.sla(ClockResolution, ClockBreached, march(3, 15, 0))
	c2.escalated(TriggerBreach, 2, march(3, 15, 0))
	c2.closed(OutcomeCompleted, false, 0, march(3, 17, 0))

	c3 := newScript("c3", creative, "creative", catalog.LaneHuman, 90, march(4, 9, 0))
	c3.booked("ana", march(4, 10, 0))
	c3.acknowledged("ana", march(4, 10, 30))
	c3.sla(ClockResponse, ClockMet, march(4, 10, 30))
	c3.sla(ClockResolution, ClockMet, march(4, 11, 0))
	c3.closed(OutcomeCompleted, false, 0, march(4, 11, 0))

	c4 := newScript("c4-cancelled", creative, "creative", catalog.LaneHuman, 90, march(5, 9, 0))
	c4.closed(OutcomeCancelled, false, 0, march(5, 10, 0))

	// Closes at the first instant of April: outside March, though its response clock ended in it.
	c5 := newScript("c5-april", creative, "creative", catalog.LaneHuman, 90, march(31, 20, 0))
	c5.booked("ben", march(31, 20, 10))
	c5.acknowledged("ben", march(31, 20, 30))
	c5.sla(ClockResponse, ClockMet, march(31, 20, 30))
	c5.sla(ClockResolution, ClockMet, march2026.To)
	c5.closed(OutcomeCompleted, false, 0, march2026.To)

	// Received and closed in February.
	c6 := newScript("c6-february", creative, "creative", catalog.LaneHuman, 90, march(1, 0, 0).Add(-48*time.Hour))
	c6.sla(ClockResponse, ClockBreached, march(1, 0, 0).Add(-47*time.Hour))
	c6.closed(OutcomeCompleted, false, 0, march(1, 0, 0).Add(-time.Minute))

	return []*script{u1, u2, u3, c1, c2, c3, c4, c5, c6}
}

// recordMarch records the month twice over, as retried activities would: every
// number below must come out as if each fact was written once.
func recordMarch(t *testing.T, cfg Config) *Store {
	s := open(t, cfg)
	for range 2 {
		for _, task := range marchTasks() {
			recordAll(t, s, task.facts)
		}
	}
	return s
}

func minutes(n int) time.Duration { return time.Duration(n) * time.Minute }

func testFlowTimes(t *testing.T, cfg Config) {
	s := recordMarch(t, cfg)
	got, err := s.FlowTimes(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []FlowTimes{{
		// c1 4h, c2 8h, c3 2h. Nearest rank of 3: p50 is the 2nd (4h), p90 the 3rd (8h).
		TaskType: creative, Lane: catalog.LaneHuman,
		Cycle: Percentiles{Count: 3, P50: 4 * time.Hour, P90: 8 * time.Hour},
		// First booking: c1 30m, c2 10m (ben, before the hand-back), c3 60m.
		Queue: Percentiles{Count: 3, P50: minutes(30), P90: minutes(60)},
		// First acknowledgement: c1 60m, c2 135m, c3 90m.
		Response: Percentiles{Count: 3, P50: minutes(90), P90: minutes(135)},
		// c1 waited an hour on its requester: shown, not subtracted from its 4h.
		Paused: Percentiles{Count: 3, P50: 0, P90: time.Hour},
	}, {
		// u1 2m and u2 5m; never booked, so queue time 0.
		TaskType: utm, Lane: catalog.LaneAutomated,
		Cycle:    Percentiles{Count: 2, P50: minutes(2), P90: minutes(5)},
		Queue:    Percentiles{Count: 2},
		Response: Percentiles{Count: 2, P50: minutes(1), P90: minutes(3)},
		Paused:   Percentiles{Count: 2},
	}, {
		// u3 was rerouted to a person, so it counts in the human lane: one task of 60m.
		TaskType: utm, Lane: catalog.LaneHuman,
		Cycle:    Percentiles{Count: 1, P50: minutes(60), P90: minutes(60)},
		Queue:    Percentiles{Count: 1, P50: minutes(30), P90: minutes(30)},
		Response: Percentiles{Count: 1, P50: minutes(40), P90: minutes(40)},
		Paused:   Percentiles{Count: 1},
	}}, got)

	creativeOnly, err := s.FlowTimes(context.Background(), march2026, Filter{Team: "creative"})
	require.NoError(t, err)
	assert.Equal(t, got[:1], creativeOnly, "the creative team's reviews only")
}

func testSLAAttainment(t *testing.T, cfg Config) {
	s := recordMarch(t, cfg)
	got, err := s.SLAAttainment(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []SLAAttainment{
		// c2's resolution breached; c5's resolution ended on April's first instant, outside.
		{TaskType: creative, Team: "creative", Clock: ClockResolution, Met: 2, Breached: 1},
		// c1, c3 and c5 (ended March 31) met, c2 breached; c6's breach was in February.
		{TaskType: creative, Team: "creative", Clock: ClockResponse, Met: 3, Breached: 1},
		{TaskType: utm, Team: "marketing-ops", Clock: ClockResolution, Met: 3},
		{TaskType: utm, Team: "marketing-ops", Clock: ClockResponse, Met: 2, Breached: 1},
	}, got)
	assert.InDelta(t, 0.75, got[1].Attainment(), 1e-9)
	assert.InDelta(t, 2.0/3, got[3].Attainment(), 1e-9)

	opsOnly, err := s.SLAAttainment(context.Background(), march2026, Filter{Team: "marketing-ops"})
	require.NoError(t, err)
	assert.Equal(t, got[2:], opsOnly, "the UTM checks only")
}

func testAutomationRates(t *testing.T, cfg Config) {
	s := recordMarch(t, cfg)
	got, err := s.AutomationRates(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []AutomationRate{
		// c1–c3 completed by people; c4 was cancelled, c5 and c6 closed outside March.
		{TaskType: creative, Team: "creative", Completed: 3},
		// u1 and u2 closed by the bot save 20 minutes each; u3 needed a person.
		{TaskType: utm, Team: "marketing-ops", Completed: 3, ByAutomation: 2, ManualMinutesSaved: 40},
	}, got)
	assert.InDelta(t, 2.0/3, got[1].Rate(), 1e-9)

	opsOnly, err := s.AutomationRates(context.Background(), march2026, Filter{Team: "marketing-ops"})
	require.NoError(t, err)
	assert.Equal(t, got[1:], opsOnly, "the UTM checks only")
	nobody, err := s.AutomationRates(context.Background(), march2026, Filter{Team: "analytics"})
	require.NoError(t, err)
	assert.Empty(t, nobody, "analytics completed nothing in this month of work")
}
