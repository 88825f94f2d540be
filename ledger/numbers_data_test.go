package ledger

import (
	"fmt"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// The default catalog's types the review's month adds to marchTasks, and one
// the catalog no longer holds.
const (
	emailQA  = "weekly-lifecycle-email-qa"     // human lane, automation score 3
	pause404 = "pause-paid-campaign-404-spike" // hybrid lane, automation score 3
	outage   = "live-campaign-outage"          // human lane, automation score 2
	retired  = "retired-report"                // not in the catalog
)

// reviewTasks is marchTasks and the tasks below: a month whose every number
// the tests work out by hand. Days of March 2026: the 2nd, 9th, 16th, 30th
// are Mondays; April 3rd is a Friday.
func reviewTasks() []*script {
	// Email QA for one campaign: qa2 is a new request for it the day after qa1
	// completed (so qa1 is rework), qa3 comes 20 days after qa2 (so qa2 is not),
	// and qa4, in April, follows qa3 within 7 days (so qa3 is rework).
	qa1 := newScript("qa1", emailQA, "marketing-ops", catalog.LaneHuman, 90, march(9, 9, 0))
	qa1.brief("brand", false, 8, "spring")
	qa1.booked("ana", march(9, 9, 30))
	qa1.acknowledged("ana", march(9, 9, 45))
	qa1.handoff(HandoffReassign, "ana", "ben", "", march(9, 11, 0))
	qa1.acknowledged("ben", march(9, 11, 10))
	qa1.completedWithHours(2, march(9, 15, 0))

	qa2 := newScript("qa2", emailQA, "marketing-ops", catalog.LaneHuman, 90, march(10, 9, 0))
	qa2.brief("brand", false, 4, "spring")
	qa2.booked("ben", march(10, 9, 5))
	qa2.acknowledged("ben", march(10, 9, 10))
	qa2.completedWithHours(1, march(10, 12, 0))

	qa3 := newScript("qa3", emailQA, "marketing-ops", catalog.LaneHuman, 90, march(30, 9, 0))
	qa3.brief("growth", true, 2, "spring")
	qa3.facts[0].Task.Requester = catalog.ScheduleRequester // the weekly schedule started it
	qa3.booked("ana", march(30, 9, 10))
	qa3.acknowledged("ana", march(30, 9, 20))
	qa3.completedWithHours(0, march(30, 10, 0))

	qa4 := newScript("qa4-april", emailQA, "marketing-ops", catalog.LaneHuman, 90, march(30, 9, 0).AddDate(0, 0, 4))
	qa4.brief("growth", false, 3, "spring")

	// A campaign pause whose bot failed: escalated for the failure (climb 1), rerouted
	// to a person, then lost its resolution SLA and climbed again (climb 2) to level 3.
	p1 := newScript("p1", pause404, "marketing-ops", catalog.LaneHybrid, 20, march(11, 14, 0))
	p1.brief("paid", true, 10, "c-404")
	p1.facts[0].Task.ServiceTier = string(catalog.TierFull)
	p1.automation("pause-campaign", true, march(11, 14, 1))
	p1.escalation(1, 1, TriggerRepeatedFailure, march(11, 14, 1))
	p1.handoff(HandoffReroute, "", "", catalog.LaneHuman, march(11, 14, 2))
	p1.booked("sam", march(11, 14, 5))
	p1.acknowledged("sam", march(11, 14, 6))
	p1.sla(ClockResponse, ClockMet, march(11, 14, 6))
	p1.sla(ClockResolution, ClockBreached, march(11, 15, 0))
	p1.escalation(2, 2, TriggerBreach, march(11, 15, 0))
	p1.add(Fact{Kind: KindFallback, At: march(11, 15, 0), Note: string(catalog.FallbackPause)})
	p1.escalation(2, 3, TriggerBreach, march(11, 15, 15))
	p1.completedWithHours(1, march(11, 16, 0))

	// The same pause done by the bot alone.
	p2 := newScript("p2", pause404, "marketing-ops", catalog.LaneHybrid, 20, march(12, 14, 0))
	p2.brief("paid", true, 10, "c-405")
	p2.facts[0].Task.ServiceTier = string(catalog.TierFull)
	p2.automation("pause-campaign", false, march(12, 14, 1))
	p2.acknowledged("", march(12, 14, 1))
	p2.closed(OutcomeCompleted, true, 0, march(12, 14, 2))

	// An outage re-scored on arrival, escalated straight to level 2 for severity.
	o1 := newScript("o1", outage, "marketing-ops", catalog.LaneHuman, 45, march(13, 8, 0))
	o1.brief("paid", false, 6, "")
	o1.add(Fact{Kind: KindReclassified, At: march(13, 8, 5), Reclassification: &Reclassification{
		FromBucket: catalog.BucketPlannedCritical, ToBucket: catalog.BucketInstantCritical,
		FromLane: catalog.LaneHuman, ToLane: catalog.LaneHuman, Reason: "severity raised",
	}})
	o1.booked("sam", march(13, 8, 10))
	o1.acknowledged("sam", march(13, 8, 12))
	o1.escalation(1, 2, TriggerSeverity, march(13, 8, 20))
	o1.completedWithHours(0.75, march(13, 9, 0))

	// Received on a Thursday and completed the next Monday, never booked: in the
	// second week's backlog.
	r1 := newScript("r1", retired, "analytics", catalog.LaneHuman, 30, march(12, 10, 0))
	r1.completedWithHours(0, march(16, 11, 0))

	// Still open when March ends, held by ben.
	o2 := newScript("o2-open", outage, "marketing-ops", catalog.LaneHuman, 45, march(31, 22, 0))
	o2.brief("paid", true, 6, "")
	o2.booked("ben", march(31, 22, 5))

	return append(marchTasks(), qa1, qa2, qa3, qa4, p1, p2, o1, r1, o2)
}

// recordReview records the review's month twice over, as retried activities would.
func recordReview(t *testing.T, cfg Config) *Store {
	s := open(t, cfg)
	for range 2 {
		for _, task := range reviewTasks() {
			recordAll(t, s, task.facts)
		}
	}
	return s
}

// brief fills in what intake's brief says of the task.
func (s *script) brief(businessUnit string, rush bool, score float64, campaign string) {
	d := s.facts[0].Task
	d.BusinessUnit, d.Rush, d.Score, d.Campaign = businessUnit, rush, score, campaign
}

// completedWithHours closes the task as done by a person who reported the hours (0: none).
func (s *script) completedWithHours(hours float64, at time.Time) {
	s.add(Fact{Kind: KindClosed, At: at, Closure: &Closure{Outcome: OutcomeCompleted, HoursActual: hours}})
}

// escalation records a level reached under the key the workflow gives it,
// escalation-<cycle>-<level>, which tells one climb from the next.
func (s *script) escalation(cycle, level int, trigger string, at time.Time) {
	s.facts = append(s.facts, Fact{
		TaskID: s.taskID, Milestone: fmt.Sprintf("escalation-%d-%d", cycle, level), Kind: KindEscalated, At: at,
		Escalation: &Escalation{Trigger: trigger, Level: level},
	})
}
