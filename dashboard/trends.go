package dashboard

import (
	"fmt"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// cycleEdges are the cycle-time histogram's upper bounds: within the hour, the
// working day, the day, three days, the week, and beyond.
var cycleEdges = []time.Duration{time.Hour, 4 * time.Hour, 24 * time.Hour, 72 * time.Hour, 7 * 24 * time.Hour}

// cycleLabels name the histogram's bins, one more than cycleEdges.
var cycleLabels = []string{"≤ 1h", "1–4h", "4h–1d", "1–3d", "3–7d", "> 7d"}

// weekKey and weekLabel name a week by its first day.
func weekKey(w ledger.WeekOutcomes) string   { return w.Start.Format(dateLayout) }
func weekLabel(w ledger.WeekOutcomes) string { return w.Start.Format("2 Jan") }

// slaChart is response and resolution attainment week by week.
func slaChart(weeks []ledger.WeekOutcomes) chart {
	c := chart{ID: "sla-weekly", Title: "SLA attainment by week", Max: 1,
		Series: []series{{Name: "Response", Class: "c0"}, {Name: "Resolution", Class: "c1"}}}
	for _, w := range weeks {
		c.Groups = append(c.Groups, group{Key: weekKey(w), Label: weekLabel(w), Values: []value{attainmentValue(w.Response), attainmentValue(w.Resolution)}})
	}
	return c
}

// attainmentValue is a week's attainment of one clock, or none when no clock ended.
func attainmentValue(c ledger.Clocks) value {
	rate, ok := c.Attainment()
	if !ok {
		return missing("–")
	}
	return num(rate, percent(rate))
}

// automationChart is the share of completed tasks automation closed, week by week.
func automationChart(weeks []ledger.WeekOutcomes) chart {
	c := chart{ID: "automation-weekly", Title: "Automation rate by week", Max: 1, Series: []series{{Name: "Automation rate", Class: "c2"}}}
	for _, w := range weeks {
		v := missing("–")
		if w.Completed > 0 {
			v = num(w.AutomationRate(), percent(w.AutomationRate()))
		}
		c.Groups = append(c.Groups, group{Key: weekKey(w), Label: weekLabel(w), Values: []value{v}})
	}
	return c
}

// minutesChart is the manual minutes automation saved, week by week.
func minutesChart(weeks []ledger.WeekOutcomes) chart {
	c := chart{ID: "minutes-weekly", Title: "Manual minutes saved by week", Series: []series{{Name: "Minutes saved", Class: "c3"}}}
	for _, w := range weeks {
		c.Groups = append(c.Groups, group{Key: weekKey(w), Label: weekLabel(w), Values: []value{num(float64(w.ManualMinutesSaved), minutes(w.ManualMinutesSaved))}})
	}
	return c
}

// cycleChart is how many completed tasks took how long.
func cycleChart(s ledger.CycleSpread) chart {
	c := chart{ID: "cycle-spread", Title: "Cycle time of the tasks completed", Series: []series{{Name: "Tasks", Class: "c0"}}}
	if s.All.Count == 0 {
		return c
	}
	for i, n := range s.Counts {
		c.Groups = append(c.Groups, group{Key: cycleLabels[i], Label: cycleLabels[i], Values: []value{num(float64(n), fmt.Sprint(n))}})
	}
	return c
}

// laneCycle is one row of the percentiles beside the histogram.
type laneCycle struct {
	Lane     string
	Tasks    int
	P50, P90 string
}

// laneCycles lists the percentiles per lane, then over all lanes.
func laneCycles(s ledger.CycleSpread) []laneCycle {
	if s.All.Count == 0 {
		return nil
	}
	var out []laneCycle
	for _, l := range s.ByLane {
		out = append(out, laneCycle{Lane: string(l.Lane), Tasks: l.Cycle.Count, P50: span(l.Cycle.P50), P90: span(l.Cycle.P90)})
	}
	return append(out, laneCycle{Lane: "all lanes", Tasks: s.All.Count, P50: span(s.All.P50), P90: span(s.All.P90)})
}

// typeEscalations is one task type's escalations, across the teams that finished it.
type typeEscalations struct {
	TaskType  string
	Completed int
	Escalated int
	// Levels counts the escalated tasks by the highest level reached, 1 to 3.
	Levels   [3]int
	Triggers map[string]int
}

// byType adds up the ledger's per-type-and-team handling into one row per type.
func byType(hs []ledger.Handling) []typeEscalations {
	var out []typeEscalations
	for _, h := range hs {
		if len(out) == 0 || out[len(out)-1].TaskType != h.TaskType {
			out = append(out, typeEscalations{TaskType: h.TaskType, Triggers: map[string]int{}})
		}
		t := &out[len(out)-1]
		t.Completed += h.Completed
		t.Escalated += h.Escalated
		for i, n := range h.HighestLevel {
			t.Levels[i] += n
		}
		for trigger, n := range h.Triggers {
			t.Triggers[trigger] += n
		}
	}
	return out
}

// typeName is a task type as people read it: its catalog name, else its ID.
func (s *server) typeName(id string) string {
	if t, ok := s.cfg.Catalog.TaskType(id); ok && t.Name != "" {
		return t.Name
	}
	return id
}

// escalationChart is the escalated tasks of each type, by the level they reached.
func (s *server) escalationChart(types []typeEscalations) chart {
	c := chart{ID: "escalations", Title: "Escalated tasks by task type and the highest level reached", Horizontal: true, Stacked: true,
		Series: []series{{Name: "Level 1", Class: "l1"}, {Name: "Level 2", Class: "l2"}, {Name: "Level 3", Class: "l3"}}}
	for _, t := range sortedBy(types, func(t typeEscalations) int { return t.Escalated }) {
		if t.Escalated == 0 {
			continue
		}
		g := group{Key: t.TaskType, Label: s.typeName(t.TaskType), Note: fmt.Sprintf("%d of %d (%s)", t.Escalated, t.Completed, percent(ratio(t.Escalated, t.Completed)))}
		for _, n := range t.Levels {
			g.Values = append(g.Values, num(float64(n), fmt.Sprint(n)))
		}
		c.Groups = append(c.Groups, g)
	}
	return c
}

// triggers lists what sets escalations off, in DOMAIN.md §6's order.
var triggers = []string{ledger.TriggerBreach, ledger.TriggerRepeatedFailure, ledger.TriggerSeverity,
	ledger.TriggerDependencyBlock, ledger.TriggerCompliance, ledger.TriggerCapacity}

// triggerChart is the escalated tasks by what set them off.
func triggerChart(types []typeEscalations) chart {
	c := chart{ID: "triggers", Title: "Escalated tasks by trigger", Horizontal: true, Series: []series{{Name: "Tasks", Class: "l2"}}}
	counts := map[string]int{}
	for _, t := range types {
		for trigger, n := range t.Triggers {
			counts[trigger] += n
		}
	}
	for _, trigger := range triggers {
		if n := counts[trigger]; n > 0 {
			c.Groups = append(c.Groups, group{Key: trigger, Label: triggerName(trigger), Values: []value{num(float64(n), fmt.Sprint(n))}})
		}
	}
	return c
}

// triggerName writes a trigger as words.
func triggerName(trigger string) string {
	switch trigger {
	case ledger.TriggerRepeatedFailure:
		return "repeated failure"
	case ledger.TriggerDependencyBlock:
		return "dependency block"
	}
	return trigger
}
