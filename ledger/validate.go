package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// FactError is a fact the ledger will not record: a programming error in the
// caller, which a retry cannot fix.
type FactError struct {
	// TaskID and Milestone name the fact refused.
	TaskID    string
	Milestone string
	// Problem names the field at fault and what it should hold.
	Problem string
}

// Error names the fact and what is wrong with it.
func (e *FactError) Error() string {
	return fmt.Sprintf("ledger fact %s/%s: %s", e.TaskID, e.Milestone, e.Problem)
}

// maxKeyLength bounds task IDs and milestone keys, which are primary keys.
const maxKeyLength = 400

// validate checks that the fact names its task and milestone, carries the
// details its kind needs and no others, and that those details are in range.
func (f Fact) validate() error {
	problem := f.problem()
	if problem == "" {
		return nil
	}
	return &FactError{TaskID: f.TaskID, Milestone: f.Milestone, Problem: problem}
}

func (f Fact) problem() string {
	switch {
	case f.TaskID == "" || len(f.TaskID) > maxKeyLength:
		return fmt.Sprintf("TaskID must be 1 to %d characters", maxKeyLength)
	case f.Milestone == "" || len(f.Milestone) > maxKeyLength:
		return fmt.Sprintf("Milestone must be 1 to %d characters", maxKeyLength)
	case f.At.IsZero():
		return "At is zero; give the workflow time of the milestone"
	}
	details := []struct {
		kind  Kind
		field string
		set   bool
	}{
		{KindClassified, "Task", f.Task != nil},
		{KindReclassified, "Reclassification", f.Reclassification != nil},
		{KindHandoff, "Handoff", f.Handoff != nil},
		{KindSLAClock, "Clock", f.Clock != nil},
		{KindEscalated, "Escalation", f.Escalation != nil},
		{KindAutomation, "Automation", f.Automation != nil},
		{KindClosed, "Closure", f.Closure != nil},
		{KindAction, "Action", f.Action != nil},
	}
	known := []Kind{KindQueued, KindBooked, KindAcknowledged, KindSLAWarning, KindFallback}
	for _, d := range details {
		known = append(known, d.kind)
		switch {
		case d.kind == f.Kind && !d.set:
			return fmt.Sprintf("%s fact needs %s", withArticle(f.Kind), d.field)
		case d.kind != f.Kind && d.set:
			return fmt.Sprintf("%s fact carries %s, which belongs in %s fact", withArticle(f.Kind), d.field, withArticle(d.kind))
		}
	}
	if !slices.Contains(known, f.Kind) {
		return fmt.Sprintf("Kind %q is not a ledger milestone", f.Kind)
	}
	if f.Kind == KindBooked && f.Person == "" {
		return "a booked fact names the Person booked"
	}
	return f.detailProblem()
}

// withArticle is the kind after "a" or "an", as English reads it: an escalated fact.
func withArticle(k Kind) string {
	if strings.ContainsAny(string(k)[:min(1, len(k))], "aeiou") {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// detailProblem checks the values that reports group and count by.
func (f Fact) detailProblem() string {
	switch {
	case f.Task != nil && (f.Task.TaskType == "" || f.Task.Team == "" || f.Task.Lane == "" || f.Task.Received.IsZero()):
		return "Task needs TaskType, Team, Lane and Received"
	case f.Handoff != nil && !slices.Contains([]HandoffKind{HandoffReassign, HandoffHandBack, HandoffReroute}, f.Handoff.Kind):
		return fmt.Sprintf("Handoff.Kind %q is not reassign, hand_back or reroute", f.Handoff.Kind)
	case f.Clock != nil && !slices.Contains([]string{ClockResponse, ClockResolution}, f.Clock.Name):
		return fmt.Sprintf("Clock.Name %q is not response or resolution", f.Clock.Name)
	case f.Clock != nil && !slices.Contains([]string{ClockMet, ClockBreached}, f.Clock.Outcome):
		return fmt.Sprintf("Clock.Outcome %q is not met or breached", f.Clock.Outcome)
	case f.Escalation != nil && (f.Escalation.Level < 1 || f.Escalation.Level > 3):
		return fmt.Sprintf("Escalation.Level %d is not 1, 2 or 3", f.Escalation.Level)
	case f.Escalation != nil && !slices.Contains([]string{TriggerBreach, TriggerRepeatedFailure, TriggerSeverity, TriggerDependencyBlock, TriggerCompliance, TriggerCapacity}, f.Escalation.Trigger):
		return fmt.Sprintf("Escalation.Trigger %q is not one of breach, repeated_failure, severity, dependency_block, compliance, capacity", f.Escalation.Trigger)
	case f.Automation != nil && f.Automation.Action == "":
		return "Automation.Action is empty; name the executor action"
	case f.Closure != nil && f.Closure.Outcome != OutcomeCompleted && f.Closure.Outcome != OutcomeCancelled:
		return fmt.Sprintf("Closure.Outcome %q is not completed or cancelled", f.Closure.Outcome)
	case f.Action != nil && f.Action.Name == "":
		return "Action.Name is empty; name the action, such as acknowledge"
	case f.Action != nil && !slices.Contains([]string{IdentityPerson, IdentitySystem, IdentityOperator}, f.Action.IdentityKind):
		return fmt.Sprintf("Action.IdentityKind %q is not person, system or operator", f.Action.IdentityKind)
	}
	return ""
}
