package ledger

import (
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// Kind is the sort of milestone a fact records.
type Kind string

// The milestones a task records. Each fact carries the details its kind needs
// (the field named beside it) and no others.
const (
	// KindClassified: the task was scored and routed (Task).
	KindClassified Kind = "classified"
	// KindReclassified: the task was scored again and moved bucket or lane (Reclassification).
	KindReclassified Kind = "reclassified"
	// KindQueued: the task waits for a person with room; Note says why.
	KindQueued Kind = "queued"
	// KindBooked: a person took the task (Person).
	KindBooked Kind = "booked"
	// KindAcknowledged: a person acknowledged the task (Person), or the
	// automation returned its first result (no Person).
	KindAcknowledged Kind = "acknowledged"
	// KindHandoff: the task was reassigned, handed back or rerouted (Handoff).
	KindHandoff Kind = "handoff"
	// KindSLAWarning: an SLA clock neared its deadline; Note names the clock.
	KindSLAWarning Kind = "sla_warning"
	// KindSLAClock: an SLA clock was met or breached (Clock).
	KindSLAClock Kind = "sla_clock"
	// KindEscalated: the task escalated (Escalation).
	KindEscalated Kind = "escalated"
	// KindFallback: the resolution SLA was lost and a fallback ran; Note names it
	// (defer, reroute or pause).
	KindFallback Kind = "fallback"
	// KindAutomation: the task ran an automation once (Automation).
	KindAutomation Kind = "automation"
	// KindClosed: the task completed or was cancelled (Closure).
	KindClosed Kind = "closed"
	// KindAction: a person's action the task applied, accepted or refused, with
	// the identity it came through (Action).
	KindAction Kind = "action"
)

// Fact is one thing that happened to a task, recorded once under its milestone.
type Fact struct {
	// TaskID is the task's workflow ID, such as task-<requestId>.
	TaskID string `json:"taskId"`
	// Milestone is the key the workflow gives this fact, unique within the task
	// (such as "classified", "booked-2", "clock-resolution"). A second fact under
	// the same key is taken as a retry of the first and ignored.
	Milestone string `json:"milestone"`
	// Kind says which milestone this is, and so which details the fact carries.
	Kind Kind `json:"kind"`
	// At is when it happened, in workflow time.
	At time.Time `json:"at"`
	// Person is who the milestone is about: who was booked, who acknowledged.
	Person string `json:"person,omitempty"`
	// Note is the milestone in words: why the task queued, which clock warned,
	// which fallback ran.
	Note string `json:"note,omitempty"`

	// The details: exactly the one its Kind names beside the Kind constants, or none.
	Task             *TaskDetails       `json:"task,omitempty"`
	Reclassification *Reclassification  `json:"reclassification,omitempty"`
	Handoff          *Handoff           `json:"handoff,omitempty"`
	Clock            *SLAClock          `json:"clock,omitempty"`
	Escalation       *Escalation        `json:"escalation,omitempty"`
	Automation       *AutomationAttempt `json:"automation,omitempty"`
	Closure          *Closure           `json:"closure,omitempty"`
	Action           *Action            `json:"action,omitempty"`
}

// TaskDetails is what a task is, recorded when it is classified.
type TaskDetails struct {
	// TaskType is the catalog type, and Team the team that owns it.
	TaskType string `json:"taskType"`
	Team     string `json:"team"`
	// Bucket and Lane are the classification (DOMAIN.md §2 and §3).
	Bucket catalog.Bucket `json:"bucket"`
	Lane   catalog.Lane   `json:"lane"`
	// ServiceTier, BusinessUnit and Rush are intake's triage and brief (DOMAIN.md §8).
	ServiceTier  string `json:"serviceTier,omitempty"`
	BusinessUnit string `json:"businessUnit,omitempty"`
	Rush         bool   `json:"rush,omitempty"`
	// Score is intake's priority score of the request.
	Score float64 `json:"score,omitempty"`
	// Requester is who asked for the work.
	Requester string `json:"requester,omitempty"`
	// Campaign lets rework find a new request for the same campaign and type.
	Campaign string `json:"campaign,omitempty"`
	// Received is when intake received the request: every flow time counts from it.
	Received time.Time `json:"received"`
	// HoursEstimated is the estimate the roster books against the person's week.
	HoursEstimated float64 `json:"hoursEstimated,omitempty"`
	// ManualMinutes is the type's time by hand, from the catalog: what an
	// automation that closes the task without a person saves.
	ManualMinutes int `json:"manualMinutes,omitempty"`
}

// Reclassification is a task scored again into another bucket or lane.
type Reclassification struct {
	// FromBucket, FromLane are before the re-score; ToBucket, ToLane after it.
	FromBucket catalog.Bucket `json:"fromBucket"`
	ToBucket   catalog.Bucket `json:"toBucket"`
	FromLane   catalog.Lane   `json:"fromLane"`
	ToLane     catalog.Lane   `json:"toLane"`
	Reason     string         `json:"reason,omitempty"`
}

// HandoffKind says how a task changed hands.
type HandoffKind string

// The three ways a task changes hands; each counts toward handoffs per task.
const (
	HandoffReassign HandoffKind = "reassign"
	HandoffHandBack HandoffKind = "hand_back"
	HandoffReroute  HandoffKind = "reroute"
)

// Handoff is a task leaving one holder for another (or for the queue, when To is empty).
type Handoff struct {
	// Kind is how it changed hands.
	Kind HandoffKind `json:"kind"`
	// From is the person who held it, To the person who holds it now.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// ToTeam and ToLane are set when a reroute sends the task to another team or lane.
	ToTeam string       `json:"toTeam,omitempty"`
	ToLane catalog.Lane `json:"toLane,omitempty"`
	// Reason is why, in the words of who moved it.
	Reason string `json:"reason,omitempty"`
}

// The two SLA clocks of DOMAIN.md §5.
const (
	ClockResponse   = "response"
	ClockResolution = "resolution"
)

// The two ends of an SLA clock.
const (
	ClockMet      = "met"
	ClockBreached = "breached"
)

// SLAClock is an SLA clock whose outcome is known; the fact's At is when it ended.
type SLAClock struct {
	// Name is ClockResponse or ClockResolution.
	Name string `json:"name"`
	// Target is the SLA as the catalog writes it, such as "15m" or "same day".
	Target string `json:"target"`
	// Budget is the working time the target gave on the team's calendar.
	Budget time.Duration `json:"budget"`
	// Used is the working time spent when the clock ended; Paused is the time it
	// stood still while the requester owed an answer.
	Used   time.Duration `json:"used"`
	Paused time.Duration `json:"paused"`
	// Deadline is when the clock was due, after any pause moved it.
	Deadline time.Time `json:"deadline"`
	// Outcome is ClockMet or ClockBreached.
	Outcome string `json:"outcome"`
}

// Escalation triggers: the conditions DOMAIN.md §6 and §11 allow, never mood.
const (
	TriggerBreach          = "breach"
	TriggerRepeatedFailure = "repeated_failure"
	TriggerSeverity        = "severity"
	TriggerDependencyBlock = "dependency_block"
	TriggerCompliance      = "compliance"
	TriggerCapacity        = "capacity"
)

// Escalation is a task escalating to a level (1 to 3) on a trigger.
type Escalation struct {
	// Trigger is one of the Trigger constants.
	Trigger string `json:"trigger"`
	// Level is 1 (the owner or automation queue), 2 (the functional manager) or 3 (executive).
	Level int `json:"level"`
	// Reason is the condition in words, such as the clock that breached.
	Reason string `json:"reason,omitempty"`
}

// AutomationAttempt is one run of an automation: which executor and action, and
// whether it failed, so leaders see which systems produce the most exceptions.
type AutomationAttempt struct {
	// Executor is the pool that ran it: "rpa" or "cloud".
	Executor string `json:"executor"`
	// Action is the executor action, such as "pause-campaign".
	Action string `json:"action"`
	// Failed says the run ended in an exception, and Error what the executor said.
	Failed bool   `json:"failed,omitempty"`
	Error  string `json:"error,omitempty"`
}

// The ends of a task.
const (
	OutcomeCompleted = "completed"
	OutcomeCancelled = "cancelled"
)

// Closure is how a task ended.
type Closure struct {
	// Outcome is OutcomeCompleted or OutcomeCancelled.
	Outcome string `json:"outcome"`
	// ByAutomation is true when an automation closed the work with no person's
	// work step: it counts toward the automation rate and saves ManualMinutes.
	ByAutomation bool `json:"byAutomation,omitempty"`
	// HoursActual is the time people reported on it.
	HoursActual float64 `json:"hoursActual,omitempty"`
	// Paused is the time the task waited on its requester; reports show it beside
	// the flow times rather than subtract it.
	Paused time.Duration `json:"paused,omitempty"`
}

// The ways Lanes knew who sent an action (Action.IdentityKind).
const (
	// IdentityPerson: a person signed in with the identity provider (Subject, Issuer).
	IdentityPerson = "person"
	// IdentitySystem: an intake system relayed the action with its token (System).
	IdentitySystem = "system"
	// IdentityOperator: someone acting straight on Temporal, where nothing is checked.
	IdentityOperator = "operator"
)

// Action is a person's action on a task as the task took it: who acted, through
// what Lanes knew them, and whether the task accepted it. The milestones an
// accepted action caused (an acknowledgement, a handoff, the close) share its At.
type Action struct {
	// Name is the action, such as "acknowledge" or "approve".
	Name string `json:"name"`
	// Actor is the person the action named as acting.
	Actor string `json:"actor,omitempty"`
	// IdentityKind is IdentityPerson, IdentitySystem or IdentityOperator; Subject and
	// Issuer are a signed-in person's, System the relaying intake system's token name.
	IdentityKind string `json:"identityKind"`
	Subject      string `json:"subject,omitempty"`
	Issuer       string `json:"issuer,omitempty"`
	System       string `json:"system,omitempty"`
	// Accepted says the task acted on it; Reason is why it refused it.
	Accepted bool   `json:"accepted,omitempty"`
	Reason   string `json:"reason,omitempty"`
}
