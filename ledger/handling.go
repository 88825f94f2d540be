package ledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Handling is how one task type's work moved between people, climbed the
// escalation path and came back, over the tasks it completed in the period
// (DOMAIN.md §11). Cancelled tasks are left out.
type Handling struct {
	// TaskType and Team are the group; the monthly review leaves Team empty,
	// counting the type across the teams it kept.
	TaskType string
	Team     string
	// Completed counts the tasks completed.
	Completed int
	// Handoffs counts their reassignments, hand-backs and reroutes. A dispatch
	// from a queue to a person is a booking, not a handoff.
	Handoffs int
	// Rerouted counts the tasks rerouted at least once (to a backup owner or
	// another lane, after a lost resolution SLA or a failed automation).
	Rerouted int
	// Escalated counts the tasks escalated at least once.
	Escalated int
	// HighestLevel counts the escalated tasks by the highest level they reached:
	// [0] the owner or automation queue, [1] the functional manager, [2] executive.
	HighestLevel [3]int
	// Triggers counts the escalated tasks by what set the escalation off
	// (breach, repeated_failure, severity, …); a task counts once per trigger.
	Triggers map[string]int
	// ManualTouches counts the people's actions the ledger sees on the tasks:
	// each acknowledgement by a person, each hand-back, each reassignment, and
	// the completion when a person (not an automation on its own) closed the task.
	// Approvals and condition signals are not in the ledger, so they are not counted.
	ManualTouches int
	// Reworked counts the tasks that came back: handed back at least once,
	// rerouted after an automation failed, or completed and then followed within
	// 7 days by a new request for the same campaign and type. The last can still
	// change for 7 days after the period ends.
	Reworked int
}

// HandoffsPerTask is the average handoff count: Handoffs ÷ Completed.
func (h Handling) HandoffsPerTask() float64 { return ratio(h.Handoffs, h.Completed) }

// RerouteFrequency is the share of tasks rerouted at least once: Rerouted ÷ Completed.
func (h Handling) RerouteFrequency() float64 { return ratio(h.Rerouted, h.Completed) }

// EscalationRate is the share of tasks escalated at least once: Escalated ÷ Completed.
func (h Handling) EscalationRate() float64 { return ratio(h.Escalated, h.Completed) }

// TouchesPerTask is the average manual touch count: ManualTouches ÷ Completed.
func (h Handling) TouchesPerTask() float64 { return ratio(h.ManualTouches, h.Completed) }

// ReworkRate is the share of tasks that came back: Reworked ÷ Completed.
func (h Handling) ReworkRate() float64 { return ratio(h.Reworked, h.Completed) }

// Handling reports handoffs, reroutes, escalations, manual touches and rework
// by task type and team, over the tasks completed in the period.
func (s *Store) Handling(ctx context.Context, p Period, f Filter) ([]Handling, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	tasks, err := s.completedTasks(ctx, p, f)
	if err != nil {
		return nil, fmt.Errorf("handling: %w", err)
	}
	return handlingBy(tasks, func(r *taskRecord) [2]string { return [2]string{r.taskType, r.team} }), nil
}

// handlingBy tallies the tasks into one Handling per group, sorted by task type and team.
func handlingBy(tasks map[string]*taskRecord, group func(*taskRecord) [2]string) []Handling {
	groups := map[[2]string]*Handling{}
	for _, r := range tasks {
		key := group(r)
		h := groups[key]
		if h == nil {
			h = &Handling{TaskType: key[0], Team: key[1], Triggers: map[string]int{}}
			groups[key] = h
		}
		h.add(r)
	}
	out := make([]Handling, 0, len(groups))
	for _, h := range groups {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b Handling) int {
		return cmp.Or(cmp.Compare(a.TaskType, b.TaskType), cmp.Compare(a.Team, b.Team))
	})
	return out
}

func (h *Handling) add(r *taskRecord) {
	h.Completed++
	h.Handoffs += r.reassigns + r.handBacks + len(r.reroutes)
	if len(r.reroutes) > 0 {
		h.Rerouted++
	}
	if r.highestLevel > 0 {
		h.Escalated++
		h.HighestLevel[r.highestLevel-1]++
	}
	for trigger := range r.triggers {
		h.Triggers[trigger]++
	}
	h.ManualTouches += r.personAcks + r.handBacks + r.reassigns
	if !r.byAutomation {
		h.ManualTouches++
	}
	if r.handBacks > 0 || r.reroutedAfterFailure() || r.followedUp {
		h.Reworked++
	}
}

// reroutedAfterFailure says a reroute came at or after an automation's failure:
// the work had to go to people because the automation could not do it.
func (r *taskRecord) reroutedAfterFailure() bool {
	return r.firstFailure != 0 && slices.ContainsFunc(r.reroutes, func(at int64) bool { return at >= r.firstFailure })
}

// ratio is part ÷ whole, 0 when there is no whole.
func ratio(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
