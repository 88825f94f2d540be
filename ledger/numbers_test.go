package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

func testWeeklyFlow(t *testing.T, cfg Config) {
	s := recordReview(t, cfg)
	got, err := s.WeeklyFlow(context.Background(), march2026, testZone, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []Week{
		// March opens on a Sunday: its first week is that one day.
		{Start: march2026.From, End: march(2, 0, 0)},
		// u1–u3, c1–c3 completed; c4 was cancelled, which is not throughput.
		{Start: march(2, 0, 0), End: march(9, 0, 0), Completed: 6},
		// qa1, qa2, p1, p2, o1; r1, received Thursday, is still open on Sunday night.
		{Start: march(9, 0, 0), End: march(16, 0, 0), Completed: 5, Backlog: 1},
		{Start: march(16, 0, 0), End: march(23, 0, 0), Completed: 1},
		{Start: march(23, 0, 0), End: march(30, 0, 0)},
		// The last week is cut at the month's end: qa3 completed; c5 (closed on
		// April's first instant) and o2 are open at it.
		{Start: march(30, 0, 0), End: march2026.To, Completed: 1, Backlog: 2},
	}, got)

	analytics, err := s.WeeklyFlow(context.Background(), march2026, testZone, Filter{Team: "analytics"})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 1, 0, 0, 0}, backlogs(analytics), "only r1 is analytics'")
}

func backlogs(weeks []Week) []int {
	var out []int
	for _, w := range weeks {
		out = append(out, w.Backlog)
	}
	return out
}

func testBreaches(t *testing.T, cfg Config) {
	s := recordReview(t, cfg)
	got, err := s.Breaches(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []Breaches{
		// c2 lost both clocks; c6's breach was in February.
		{TaskType: creative, Team: "creative", Response: 1, Resolution: 1},
		// p1 lost its resolution and paused the campaign.
		{TaskType: pause404, Team: "marketing-ops", Resolution: 1, Paused: 1},
		// u3 was acknowledged late after its bot failed.
		{TaskType: utm, Team: "marketing-ops", Response: 1},
	}, got)

	creativeOnly, err := s.Breaches(context.Background(), march2026, Filter{Team: "creative"})
	require.NoError(t, err)
	assert.Equal(t, got[:1], creativeOnly)
}

func testExceptions(t *testing.T, cfg Config) {
	got, err := recordReview(t, cfg).Exceptions(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	assert.Equal(t, []Exceptions{
		// p1's run failed, p2's did not.
		{Executor: "rpa", Action: "pause-campaign", Runs: 2, Failed: 1},
		// u3's failed, u1's and u2's did not.
		{Executor: "rpa", Action: "utm-validate", Runs: 3, Failed: 1},
	}, got)
	assert.InDelta(t, 0.5, got[0].FailureRate(), 1e-9)
}

func testHandling(t *testing.T, cfg Config) {
	got, err := recordReview(t, cfg).Handling(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	none := map[string]int{}
	assert.Equal(t, []Handling{{
		// c1 (ack, complete: 2 touches), c2 (hand-back, ack, complete: 3; escalated
		// to level 2 on a breach; reworked for the hand-back), c3 (2).
		TaskType: creative, Team: "creative", Completed: 3, Handoffs: 1, Escalated: 1,
		HighestLevel: [3]int{0, 1, 0}, Triggers: map[string]int{TriggerBreach: 1}, ManualTouches: 7, Reworked: 1,
	}, {
		// o1: started its climb at level 2. o2 is open.
		TaskType: outage, Team: "marketing-ops", Completed: 1, Escalated: 1,
		HighestLevel: [3]int{0, 1, 0}, Triggers: map[string]int{TriggerSeverity: 1}, ManualTouches: 2,
	}, {
		// p1: rerouted after its bot failed (rework), two climbs reaching level 3;
		// p2: the bot alone, no touch.
		TaskType: pause404, Team: "marketing-ops", Completed: 2, Handoffs: 1, Rerouted: 1, Escalated: 1,
		HighestLevel: [3]int{0, 0, 1}, Triggers: map[string]int{TriggerRepeatedFailure: 1, TriggerBreach: 1},
		ManualTouches: 2, Reworked: 1,
	}, {
		// r1: completed by a person who never acknowledged it.
		TaskType: retired, Team: "analytics", Completed: 1, Triggers: none, ManualTouches: 1,
	}, {
		// u3 rerouted after its bot failed: sam's ack and completion.
		TaskType: utm, Team: "marketing-ops", Completed: 3, Handoffs: 1, Rerouted: 1, Triggers: none,
		ManualTouches: 2, Reworked: 1,
	}, {
		// qa1: two acks, a reassignment, the completion (4), followed by qa2 the
		// next day; qa2 (2); qa3 (2), followed by qa4 in April.
		TaskType: emailQA, Team: "marketing-ops", Completed: 3, Handoffs: 1, Triggers: none,
		ManualTouches: 8, Reworked: 2,
	}}, got)
	assert.InDelta(t, 1.0/3, got[0].EscalationRate(), 1e-9)
	assert.InDelta(t, 0.5, got[2].RerouteFrequency(), 1e-9)
	assert.InDelta(t, 0.5, got[2].HandoffsPerTask(), 1e-9)
	assert.InDelta(t, 8.0/3, got[5].TouchesPerTask(), 1e-9)
	assert.InDelta(t, 2.0/3, got[5].ReworkRate(), 1e-9)
}

func testActualHours(t *testing.T, cfg Config) {
	s := recordReview(t, cfg)
	got, err := s.ActualHours(context.Background(), march2026, Filter{})
	require.NoError(t, err)
	// Work automation closed (u1, u2, p2) and r1, never held, have no person.
	pauseHours := float64(20) / 60
	assert.Equal(t, []PersonHours{
		// c1, c2 (ana held it last), c3, qa3: no hours reported.
		{Person: "ana", Completed: 4},
		// qa1 (reassigned to ben) 1.5h estimated, 2h reported; qa2 1.5h and 1h.
		{Person: "ben", Completed: 2, Reported: 2, HoursEstimated: 3, HoursActual: 3},
		// u3 (none reported), p1 20 minutes and 1h, o1 45 minutes and 0.75h.
		{Person: "sam", Completed: 3, Reported: 2, HoursEstimated: pauseHours + 0.75, HoursActual: 1.75},
	}, got)
	assert.InDelta(t, 1.75/(pauseHours+0.75), got[2].ActualToEstimate(), 1e-9)

	analytics, err := s.ActualHours(context.Background(), march2026, Filter{Team: "analytics"})
	require.NoError(t, err)
	assert.Empty(t, analytics, "r1 was never held")
}

func testHoldings(t *testing.T, cfg Config) {
	got, err := recordReview(t, cfg).Holdings(context.Background(), march2026, testZone, Filter{})
	require.NoError(t, err)
	week := func(monday int) Period { return Period{From: march(monday, 0, 0), To: march(monday+7, 0, 0)} }
	first, second := week(2), week(9)
	last := Period{From: march(30, 0, 0), To: march2026.To}
	held := func(person string, w Period, tasks, peak int) Holding {
		return Holding{Person: person, Start: w.From, End: w.To, Tasks: tasks, Peak: peak}
	}
	assert.Equal(t, []Holding{
		held("ana", first, 3, 1),  // c1, c2 after the hand-back, c3: one day each
		held("ana", second, 1, 1), // qa1 until the reassignment
		held("ana", last, 1, 1),   // qa3
		held("ben", first, 1, 1),  // c2 until he handed it back
		held("ben", second, 2, 1), // qa1 from the reassignment, qa2 the next day
		held("ben", last, 2, 2),   // c5 and o2 on the evening of the 31st, both at once
		held("sam", first, 1, 1),  // u3
		held("sam", second, 2, 1), // p1, o1
	}, got)
}

func testDemand(t *testing.T, cfg Config) {
	s := recordReview(t, cfg)
	got, err := s.Demand(context.Background(), march2026, testZone, Filter{Team: "marketing-ops"})
	require.NoError(t, err)
	week := func(monday int) (time.Time, time.Time) { return march(monday, 0, 0), march(monday+7, 0, 0) }
	demand := func(start, end time.Time, taskType string, exception, scheduled bool, received, staffed int, hours float64) Demand {
		return Demand{Start: start, End: end, TaskType: taskType, Team: "marketing-ops", Bucket: catalog.BucketRepeatableNoncritical,
			Exception: exception, Scheduled: scheduled, Received: received, Staffed: staffed, StaffedHours: hours}
	}
	first, firstEnd := week(2)
	second, secondEnd := week(9)
	pause := float64(20) / 60
	assert.Equal(t, []Demand{
		// u1 and u2 the bot closed: no person needed. u3's bot failed and sam took it.
		demand(first, firstEnd, utm, false, false, 2, 0, 0),
		demand(first, firstEnd, utm, true, false, 1, 1, pause),
		// o1, booked to sam, in the bucket its re-score moved it to; p2 the bot did
		// alone; p1's bot failed, sam took it; qa1 and qa2.
		{Start: second, End: secondEnd, TaskType: outage, Team: "marketing-ops", Bucket: catalog.BucketInstantCritical,
			Received: 1, Staffed: 1, StaffedHours: 0.75},
		demand(second, secondEnd, pause404, false, false, 1, 0, 0),
		demand(second, secondEnd, pause404, true, false, 1, 1, pause),
		demand(second, secondEnd, emailQA, false, false, 2, 2, 3),
		// The last week, cut at the month's end: o2 (open, held by ben) and qa3, started by the schedule.
		demand(march(30, 0, 0), march2026.To, outage, false, false, 1, 1, 0.75),
		demand(march(30, 0, 0), march2026.To, emailQA, false, true, 1, 1, 1.5),
	}, got)

	_, err = s.Demand(context.Background(), march2026, nil, Filter{})
	var pe *PeriodError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Location", pe.Field)
}
