package reports

import (
	"slices"

	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

// openWork is the work the roster holds now: every booking and the queue. A view
// lists the first roster.ViewQueue waiting tasks; past that (a bulk import), the
// listed ones' hours stand for all of them, each scaled by waiting ÷ listed, so a
// long queue is not read as a short one.
func openWork(v roster.View) []roster.Request {
	var out []roster.Request
	for _, p := range v.People {
		for _, b := range p.OpenTasks {
			out = append(out, b.Request)
		}
	}
	scale := 1.0
	if listed := len(v.Queue); listed > 0 && v.Waiting > listed {
		scale = float64(v.Waiting) / float64(listed)
	}
	for _, w := range v.Queue {
		r := w.Request
		r.Hours *= scale
		out = append(out, r)
	}
	return out
}

// capacityOf sums the allocation's hours of the people who have the skill (or
// everyone, for the whole allocation), each for the part of the week they are in.
func capacityOf(v roster.View, n need, week ledger.Period) float64 {
	total := 0.0
	for _, p := range v.People {
		if n.skill != "" && !slices.Contains(p.Skills, n.skill) {
			continue
		}
		for _, a := range p.Allocations {
			if a.Allocation == n.allocation {
				total += a.Capacity * presence(p, week)
			}
		}
	}
	return total
}

// presence is the part of the week a person is in: 0 while away with no end
// set, the part after their return otherwise. Time off not yet begun is not in
// the roster's view, so it is not counted.
func presence(p roster.PersonView, week ledger.Period) float64 {
	switch {
	case !p.Away:
		return 1
	case p.AwayUntil == nil || !p.AwayUntil.Before(week.To):
		return 0
	case !p.AwayUntil.After(week.From):
		return 1
	}
	return float64(week.To.Sub(*p.AwayUntil)) / float64(week.To.Sub(week.From))
}
