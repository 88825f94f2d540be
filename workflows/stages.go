package workflows

import "strings"

// Stage is where a task stands.
type Stage string

// The stages of a task.
const (
	StageReceived     Stage = "received"     // taken in; not yet with an automation or a person
	StageAutomating   Stage = "automating"   // an automation is working on it
	StageAssigned     Stage = "assigned"     // a person or a role's queue holds it, not yet acknowledged
	StageAcknowledged Stage = "acknowledged" // the assignee has taken it
	StageCompleted    Stage = "completed"    // closed with an outcome
)

// HumanStep is why a person is involved in a task.
type HumanStep string

// The reasons a person acts on a task.
const (
	StepWork      HumanStep = "work"      // the human lane: a person does the task
	StepConfirm   HumanStep = "confirm"   // the hybrid lane: the on-call person confirms what automation did
	StepReview    HumanStep = "review"    // an automated type whose result a person approves
	StepException HumanStep = "exception" // automation failed; a person takes over
)

// Outcomes a task can end with.
const (
	OutcomeAutomated = "automated" // the automation did the work; no person had to act
	OutcomeResolved  = "resolved"  // a person did what was asked
	OutcomeDeclined  = "declined"  // a person decided not to do it
	OutcomeDuplicate = "duplicate" // another request already covers the work
	OutcomeCancelled = "cancelled" // the workflow was cancelled in Temporal
	// OutcomeSelfService closes a request intake sent to self-service: no one works on it.
	OutcomeSelfService = "self-service"
)

// SLAState summarizes a task's clocks for filtering.
type SLAState string

// The SLA states.
const (
	SLAOnTrack  SLAState = "on_track" // open, with time left on its clocks
	SLAPaused   SLAState = "paused"   // the resolution clock waits on the requester
	SLABreached SLAState = "breached" // open, with a clock run out
	SLAMet      SLAState = "met"      // completed within both clocks
	SLAMissed   SLAState = "missed"   // completed after a clock ran out
)

// RoleAssignee is how a role's queue appears as an assignee, so people and queues never collide.
func RoleAssignee(role string) string {
	return "role:" + role
}

// IsRoleAssignee tells a queue from a person.
func IsRoleAssignee(assignee string) bool {
	return strings.HasPrefix(assignee, "role:")
}
