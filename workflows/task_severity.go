package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// raiseSeverity reclassifies the task with higher scores at now: the bucket follows
// the new scores (the lane stays, the work is already routed), a high criticality
// needs an approval (g), open clocks keep half the budget they had left, the roster
// (sf) places the task by its new bucket, and the task escalates.
func (s *taskState) raiseSeverity(ctx workflow.Context, loop *eventLoop, r router, c *clocks, e *escalations, g *governance, sf *staffing, sig RaiseSeveritySignal, now time.Time) error {
	old := s.Scores
	if sig.Scores.Latency < old.Latency || sig.Scores.Criticality < old.Criticality ||
		(sig.Scores.Latency == old.Latency && sig.Scores.Criticality == old.Criticality) {
		return fmt.Errorf("scores: a raise must increase latency or criticality and lower neither (now %d/%d)", old.Latency, old.Criticality)
	}
	before := s.Bucket
	s.Scores, s.Bucket = sig.Scores, catalog.ClassifyBucket(sig.Scores)
	s.Notices = append(s.Notices, fmt.Sprintf("severity raised by %s: bucket %s → %s", sig.Actor, before, s.Bucket))
	if s.Bucket != before {
		r.record(ctx, ledger.Fact{Kind: ledger.KindReclassified, Reclassification: &ledger.Reclassification{
			FromBucket: before, ToBucket: s.Bucket, FromLane: s.Lane, ToLane: s.Lane, Reason: "severity raised by " + sig.Actor + ": " + sig.Reason,
		}})
	}
	g.requireFor(s.Scores.Criticality)
	c.tightenAll(ctx, r, s, now)
	r.publish(ctx)
	sf.reprioritize(ctx, loop, r, s, g, "severity raised by "+sig.Actor)
	e.escalate(ctx, loop, r, s, escalationCause{reason: "severity raised: " + sig.Reason, startLevel: 1, trigger: ledger.TriggerSeverity})
	return nil
}

// reprioritize tells the roster of a raise: a task waiting for a person moves up the
// team's queue (and to seniors); a booked person keeps it, and if it is handed back
// it queues by its new bucket.
func (s *staffing) reprioritize(ctx workflow.Context, loop *eventLoop, h assigner, task *taskState, g *governance, why string) {
	switch {
	case !s.active():
	case s.person() == "":
		s.because(why)
		s.ask(ctx, loop, h, task, g, task.HumanStep, task.Assignee)
	default:
		s.refreshPlace(ctx, loop, task, why)
	}
}
