package ledger

import (
	"cmp"
	"math"
	"slices"

	"github.com/lanes-dev/lanes/catalog"
)

// TaskTypes looks up a task type's current catalog entry; *catalog.Catalog is
// one. The ledger records intake's priority score, not the type's automation
// score, so the automate-next ranking reads that from the catalog.
type TaskTypes interface {
	TaskType(id string) (catalog.TaskType, bool)
}

// automatableScore is the automation score from which a type could be
// automated (DOMAIN.md §11: 3 or more, "partly standard" and up).
const automatableScore = 3

// AutomateNext is a task type worth automating, with the time its automation
// would give back each month (DOMAIN.md §11, automate-next score).
type AutomateNext struct {
	// TaskType is the type; Lane and AutomationScore its catalog entry now: a
	// type not in the automated lane whose automation score is 3 or more.
	TaskType        string
	Lane            catalog.Lane
	AutomationScore int
	// Tasks counts the month's completed tasks that people worked (those an
	// automation closed on its own already save their time).
	Tasks int
	// ManualMinutes is the score: the type's estimated manual minutes summed
	// over those tasks, which is manual minutes × tasks per month.
	ManualMinutes int
}

// automateNext ranks the types people worked this month that could be automated,
// most minutes first. A type the catalog no longer holds has no score and is left out.
func automateNext(tasks map[string]*taskRecord, types TaskTypes) []AutomateNext {
	byType := map[string]*AutomateNext{}
	for _, r := range tasks {
		t, ok := types.TaskType(r.taskType)
		if r.byAutomation || !ok || t.Lane == catalog.LaneAutomated || t.Scores.Automation < automatableScore {
			continue
		}
		a := byType[r.taskType]
		if a == nil {
			a = &AutomateNext{TaskType: r.taskType, Lane: t.Lane, AutomationScore: t.Scores.Automation}
			byType[r.taskType] = a
		}
		a.Tasks++
		a.ManualMinutes += r.manualMinutes
	}
	out := make([]AutomateNext, 0, len(byType))
	for _, a := range byType {
		out = append(out, *a)
	}
	slices.SortFunc(out, func(a, b AutomateNext) int {
		return cmp.Or(cmp.Compare(b.ManualMinutes, a.ManualMinutes), cmp.Compare(a.TaskType, b.TaskType))
	})
	return out
}

// RescoreReason is why a task type's scores may be wrong.
type RescoreReason string

// The signs that a type is scored wrong; each is over the month's completed tasks.
const (
	// RescoreReclassified: a task of the type was scored again into another bucket or lane.
	RescoreReclassified RescoreReason = "reclassified"
	// RescoreEscalatedRepeatedly: a task needed more than one escalation climb (DOMAIN.md §6).
	RescoreEscalatedRepeatedly RescoreReason = "escalated_repeatedly"
	// RescoreAutomationFails: at least one automation run in four failed.
	RescoreAutomationFails RescoreReason = "automation_fails"
	// RescoreHoursOffEstimate: the hours reported missed the estimate by more
	// than half of it, over or under.
	RescoreHoursOffEstimate RescoreReason = "hours_off_estimate"
)

// failingShare is the share of failed automation runs from which a type's
// automation "fails often": one in four.
const failingShare = 0.25

// Rescore is a task type whose scores the review asks ops to look at again.
type Rescore struct {
	TaskType string
	// Reasons says which signs showed, in the order of the constants.
	Reasons []RescoreReason
	// Completed counts the type's tasks completed in the month; Reclassified
	// and EscalatedRepeatedly those that showed each sign.
	Completed           int
	Reclassified        int
	EscalatedRepeatedly int
	// Runs and Failed count the automation runs of those tasks.
	Runs   int
	Failed int
	// HoursEstimated and HoursActual sum over the tasks with hours reported.
	HoursEstimated float64
	HoursActual    float64
}

// rescoreCandidates lists the types that showed at least one sign, by type.
func rescoreCandidates(tasks map[string]*taskRecord) []Rescore {
	byType := map[string]*Rescore{}
	for _, r := range tasks {
		c := byType[r.taskType]
		if c == nil {
			c = &Rescore{TaskType: r.taskType}
			byType[r.taskType] = c
		}
		c.Completed++
		if r.reclassified > 0 {
			c.Reclassified++
		}
		if len(r.cycles) > 1 {
			c.EscalatedRepeatedly++
		}
		c.Runs += r.runs
		c.Failed += r.failures
		if r.hoursActual > 0 {
			c.HoursEstimated += r.hoursEstimated
			c.HoursActual += r.hoursActual
		}
	}
	var out []Rescore
	for _, c := range byType {
		signs := []struct {
			shown  bool
			reason RescoreReason
		}{
			{c.Reclassified > 0, RescoreReclassified},
			{c.EscalatedRepeatedly > 0, RescoreEscalatedRepeatedly},
			{c.Failed > 0 && float64(c.Failed) >= failingShare*float64(c.Runs), RescoreAutomationFails},
			{c.HoursEstimated > 0 && math.Abs(c.HoursActual-c.HoursEstimated) > c.HoursEstimated/2, RescoreHoursOffEstimate},
		}
		for _, s := range signs {
			if s.shown {
				c.Reasons = append(c.Reasons, s.reason)
			}
		}
		if len(c.Reasons) > 0 {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(a, b Rescore) int { return cmp.Compare(a.TaskType, b.TaskType) })
	return out
}
