package workflows

import (
	"time"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// TaskResult is the output of CampaignTaskWorkflow: the task's final state.
type TaskResult struct {
	// Status is the task's state when its workflow ended.
	Status TaskStatus `json:"status"`
}

// SLAClock is one service-level clock of a task: a budget of time, measured the
// SLA's way (wall clock, or working time on the team's calendar), of which Used is
// spent while the clock runs. The deadline follows from them, so a pause and a
// resume move it by exactly the time that was left.
type SLAClock struct {
	// Target is the SLA as the catalog writes it, such as "4h" or "3 business hours".
	Target catalog.SLA `json:"target"`
	// Budget is the clock's whole span from intake; a severity raise tightens it.
	Budget time.Duration `json:"budget"`
	// Used is what was spent before RunningSince, measured the SLA's way.
	Used time.Duration `json:"used"`
	// RunningSince is when the clock last started running; nil while it is paused or stopped.
	RunningSince *time.Time `json:"runningSince,omitempty"`
	// Deadline is when the clock runs out; a pause, a resume or a raise moves it.
	Deadline time.Time `json:"deadline"`
	// MetAt is when the work the clock measures was done, which stops it.
	MetAt *time.Time `json:"metAt,omitempty"`
	// BreachedAt is when the clock ran out before its work was done.
	BreachedAt *time.Time `json:"breachedAt,omitempty"`
	// PausedAt is set while the clock waits on the requester.
	PausedAt *time.Time `json:"pausedAt,omitempty"`
	// PausedFor sums the time spent waiting on the requester so far.
	PausedFor time.Duration `json:"pausedFor,omitempty"`
}

// AutomationRun is what the automation did for a task.
type AutomationRun struct {
	// Executor is the pool that ran it: "rpa" or "cloud".
	Executor catalog.Executor `json:"executor"`
	// Action names the automation, such as "validate-utm-naming".
	Action string `json:"action"`
	// Queue is the task queue of the executor pool.
	Queue string `json:"queue"`
	// StartedAt is when Lanes handed the task to the automation.
	StartedAt time.Time `json:"startedAt"`
	// FinishedAt is when the automation reported, after any retries; nil while it runs.
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
	// Result is what the automation reported when it succeeded.
	Result *activities.AutomationResult `json:"result,omitempty"`
	// Error is why the automation failed (retries ran out, or the failure was permanent); a person then takes over.
	Error string `json:"error,omitempty"`
}

// FallbackRecord is what Lanes did when the task lost its resolution SLA.
type FallbackRecord struct {
	// Action is the fallback taken: defer, reroute or pause the campaign.
	Action catalog.Fallback `json:"action"`
	// At is when the resolution SLA was lost and the fallback ran.
	At time.Time `json:"at"`
	// Detail says what came of it, such as the new due date, the new queue or the pause's answer.
	Detail string `json:"detail"`
	// NewDueDate is the deferred due date, for the defer fallback: the resolution clock
	// starts again at the breach and runs to it, with its own warnings and breach.
	NewDueDate *time.Time `json:"newDueDate,omitempty"`
	// MissedDeadline is the resolution deadline the deferred task missed.
	MissedDeadline *time.Time `json:"missedDeadline,omitempty"`
	// From is the person who held the task when the reroute moved it; empty when a
	// queue or the automation held it.
	From string `json:"from,omitempty"`
	// To is where the reroute put the task: the backup owner's queue on a team without a
	// roster, else the person the roster booked; empty while the roster has not booked anyone.
	To string `json:"to,omitempty"`
}

// SignalRecord is one human action the task received, accepted or not.
type SignalRecord struct {
	// SignalID is the sender's ID for the signal, if given; a repeat of it is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Name is the signal's name, such as "acknowledge".
	Name string `json:"name"`
	// Actor is who sent it.
	Actor string `json:"actor,omitempty"`
	// Identity is through what it came: the signed-in person's subject and issuer,
	// the intake system that relayed it, or an operator acting straight on Temporal.
	Identity *Identity `json:"identity,omitempty"`
	// At is when the task received it.
	At time.Time `json:"at"`
	// Detail is what the sender said: the note, outcome, reason or new assignee.
	Detail string `json:"detail,omitempty"`
	// Accepted says whether the task acted on it.
	Accepted bool `json:"accepted"`
	// Reason is why it was rejected, when it was.
	Reason string `json:"reason,omitempty"`
	// Resent marks a refusal of a signalId the task had received before: the first
	// action with that ID has the record that answers it.
	Resent bool `json:"resent,omitempty"`
}

// TaskStatus is the answer to the status query, and the final state in TaskResult.
type TaskStatus struct {
	// TaskID is the task's workflow ID.
	TaskID string `json:"taskId"`
	// Request is the intake request, without its payload.
	Request TaskRequest `json:"request"`
	// TaskName is the catalog's name for the task type, as people read it.
	TaskName string `json:"taskName,omitempty"`
	// CatalogRef is the catalog edition that classified the task, as version@digest.
	CatalogRef string `json:"catalogRef,omitempty"`
	// Team owns the work; its calendar measures business-hours SLAs.
	Team string `json:"team,omitempty"`
	// Scores are the ones in force: the request's, the type's defaults, or a severity raise's.
	Scores catalog.Scores `json:"scores"`
	// Bucket is the class of work the scores give.
	Bucket catalog.Bucket `json:"bucket,omitempty"`
	// Lane is who executes the task: automated, hybrid or human.
	Lane catalog.Lane `json:"lane,omitempty"`
	// RouteNote explains a lane other than the scores gave, such as human work for a type without automation.
	RouteNote string `json:"routeNote,omitempty"`
	// Stage is where the task stands now.
	Stage Stage `json:"stage"`
	// HumanStep is why a person is involved; empty while no one is asked to act.
	HumanStep HumanStep `json:"humanStep,omitempty"`
	// OwnerRole is the catalog role whose queue takes the work.
	OwnerRole string `json:"ownerRole,omitempty"`
	// Assignee is the person or role queue ("role:<name>") holding the task now.
	Assignee string `json:"assignee,omitempty"`
	// AcknowledgedBy is who took the task; cleared when it moves to someone else.
	AcknowledgedBy string `json:"acknowledgedBy,omitempty"`
	// Handoffs counts hand-backs, reassignments and reroutes.
	Handoffs int `json:"handoffs"`
	// Automation is the automation's run, in the automated and hybrid lanes.
	Automation *AutomationRun `json:"automation,omitempty"`
	// Exception says why the automation failed and a person took over; empty otherwise.
	Exception string `json:"exception,omitempty"`
	// Response is the clock to acknowledge the task.
	Response SLAClock `json:"response"`
	// Resolution is the clock to complete the task.
	Resolution SLAClock `json:"resolution"`
	// SLAState sums up both clocks, for filtering.
	SLAState SLAState `json:"slaState"`
	// ReceivedAt is when the workflow started; both clocks run from it.
	ReceivedAt time.Time `json:"receivedAt"`
	// Outcome is how the task ended, such as "resolved"; empty while it is open.
	Outcome string `json:"outcome,omitempty"`
	// CompletedBy is who completed the task, or "automation:<action>".
	CompletedBy string `json:"completedBy,omitempty"`
	// CompletedAt is when the task closed.
	CompletedAt *time.Time `json:"completedAt,omitempty"`
	// Note is the completer's closing note, or the automation's summary.
	Note string `json:"note,omitempty"`
	// ManualMinutes is the hand work saved: the type's manual minutes, counted when automation did the work.
	ManualMinutes int `json:"manualMinutesSaved"`
	// EscalationLevel is the highest level the current or last escalation reached; 0 when none ran.
	EscalationLevel int `json:"escalationLevel"`
	// Escalating is the workflow ID of the escalation climbing now, if any.
	Escalating string `json:"escalating,omitempty"`
	// EscalationReason is the condition that started the current or last escalation, such as "blocked by legal".
	EscalationReason string `json:"escalationReason,omitempty"`
	// EscalatedTo are the people or role queues the current or last escalation asked at EscalationLevel.
	EscalatedTo []string `json:"escalatedTo,omitempty"`
	// Escalations lists how the latest finished escalation cycles ended (up to 10).
	Escalations []EscalationResult `json:"escalations,omitempty"`
	// NeedsReclassification flags a task that needed more than one escalation cycle (DOMAIN.md §6).
	NeedsReclassification bool `json:"needsReclassification"`
	// BlockedBy names the dependency someone reported blocking the task.
	BlockedBy string `json:"blockedBy,omitempty"`
	// NeedsApproval is set by compliance exposure or high criticality: the task completes only after ApprovedBy signs off.
	NeedsApproval bool `json:"needsApproval"`
	// ApprovalReason says why the task needs approval.
	ApprovalReason string `json:"approvalReason,omitempty"`
	// ApprovedBy is the approver who signed off the task.
	ApprovedBy string `json:"approvedBy,omitempty"`
	// Approvers are who may approve now, while the task needs an approval it has not had:
	// the named approver; else the team's managers other than the holder; else, when the
	// holder is the team's only manager, a role queue up the escalation path.
	Approvers []string `json:"approvers,omitempty"`
	// HeldCompletion is the assignee's completion waiting for the approval; the approve closes the task with it.
	HeldCompletion *HeldCompletion `json:"heldCompletion,omitempty"`
	// Staffing is the roster's booking of a person for the task, or its place in the team's queue.
	Staffing *Staffing `json:"staffing,omitempty"`
	// Fallback records what Lanes did when the resolution SLA was lost.
	Fallback *FallbackRecord `json:"fallback,omitempty"`
	// Signals logs the latest human actions received, in order: up to 100 accepted and
	// the last 20 rejected, each a summary (texts cut at 200 characters).
	Signals []SignalRecord `json:"signals,omitempty"`
	// RejectedSignals counts every action the task refused, unknown signal names
	// included, also those no longer listed in Signals.
	RejectedSignals int `json:"rejectedSignals"`
	// UnknownSignals counts the signals whose names the task does not know, such as "acknowlege".
	UnknownSignals int `json:"unknownSignals"`
	// Notices are what ops should know: undelivered notices, escalation trouble, severity raises (the latest 20).
	Notices []string `json:"notices,omitempty"`
}

// HeldCompletion is a completion sent before the approval the task needs.
type HeldCompletion struct {
	By      string    `json:"by"`
	Outcome string    `json:"outcome"`
	Note    string    `json:"note,omitempty"`
	Hours   float64   `json:"hours,omitempty"`
	At      time.Time `json:"at"`
}

// Staffing is how the team's roster staffs a task's human step.
type Staffing struct {
	// Roster is the workflow ID of the team's roster.
	Roster string `json:"roster"`
	// Ask numbers the task's asks to the roster; the roster answers the latest.
	Ask int `json:"ask"`
	// Person is who the roster booked; empty while the task waits.
	Person string `json:"person,omitempty"`
	// Allocation is the share of the person's week the hours are drawn from.
	Allocation catalog.Allocation `json:"allocation,omitempty"`
	// EstimatedHours is what the roster booked against the allocation.
	EstimatedHours float64 `json:"estimatedHours"`
	// BookedAt is when the person was booked.
	BookedAt *time.Time `json:"bookedAt,omitempty"`
	// Position is the task's place in the team's queue when it was last told, while it waits.
	Position int `json:"position,omitempty"`
	// WaitingSince is when the task started waiting for capacity; nil once booked.
	WaitingSince *time.Time `json:"waitingSince,omitempty"`
	// Reason is why this person, or why nobody yet.
	Reason string `json:"reason,omitempty"`
	// ActualHours is the time the work took, recorded at completion.
	ActualHours float64 `json:"actualHours,omitempty"`
	// Released is set once the task gave its capacity back.
	Released bool `json:"released"`
}
