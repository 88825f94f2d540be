package workflows

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

// MaxPayloadBytes bounds a request's payload: it travels in the workflow's history with every retry.
const MaxPayloadBytes = 64 << 10

// MaxTitleLength bounds a title so it reads in one line of the Temporal UI.
const MaxTitleLength = 200

// TaskRequest is one intake request and the input of CampaignTaskWorkflow.
type TaskRequest struct {
	// RequestID is the intake system's ID; the workflow ID derives from it, so a repeat starts nothing new.
	RequestID string `json:"requestId"`
	// TaskType is a catalog task type ID, such as "live-campaign-outage".
	TaskType string `json:"taskType"`
	// Title says in one line what is asked.
	Title string `json:"title"`
	// Description holds the detail the title leaves out; longer briefs are linked.
	Description string `json:"description,omitempty"`
	// Requester is who asked; they hear when the task completes, is deferred or waits on them.
	Requester string `json:"requester,omitempty"`
	// CampaignID names the campaign concerned; the pause fallback pauses it on the ad platform.
	CampaignID string `json:"campaignId,omitempty"`
	// Assignee, when set, is the person who takes human work instead of the owner role's queue.
	Assignee string `json:"assignee,omitempty"`
	// Scores, when set, replace the type's default scores for this one request.
	Scores *catalog.Scores `json:"scores,omitempty"`
	// Payload is handed to the automation as is, such as the URLs to validate.
	Payload json.RawMessage `json:"payload,omitempty"`

	// The structured brief (DOMAIN.md §8): what the work is for, for whom, and by when.
	Objective string `json:"objective,omitempty"`
	Audience  string `json:"audience,omitempty"`
	// DueDate is when the requester needs the work: a date (2026-12-01) or a time (RFC 3339).
	DueDate string `json:"dueDate,omitempty"`
	// Assets link the briefs, creatives and files the work needs.
	Assets []string `json:"assets,omitempty"`
	// SuccessMetrics say how the requester will judge the result, such as "CTR ≥ 2%".
	SuccessMetrics []string `json:"successMetrics,omitempty"`
	// BusinessUnit is who the work is for, so leaders see which units send the most.
	BusinessUnit string `json:"businessUnit,omitempty"`
	// Rush marks a request the requester needs sooner than usual.
	Rush bool `json:"rush,omitempty"`
	// RICE and Priority score the request; the better score sets its service tier.
	RICE     *catalog.RICE            `json:"rice,omitempty"`
	Priority *catalog.PriorityFactors `json:"priority,omitempty"`
	// DACI names who drives, approves, is consulted on and is informed of the task.
	DACI *Governance `json:"daci,omitempty"`
	// Triage is intake's score and service tier, set by intake from the catalog's policy.
	Triage *catalog.Triage `json:"triage,omitempty"`
}

// Governance is a task's DACI: the higher the risk, the stricter the checks (DOMAIN.md §8).
type Governance struct {
	// Driver moves the work along; the requester when not named.
	Driver string `json:"driver,omitempty"`
	// Approver signs off work that needs approval; when not named, the team's manager does.
	Approver string `json:"approver,omitempty"`
	// Consultants are asked for input.
	Consultants []string `json:"consultants,omitempty"`
	// Informed hear when the task completes.
	Informed []string `json:"informed,omitempty"`
}

// maxFieldLength bounds the free-text fields other than the description.
const maxFieldLength = 200

// maxDescriptionLength bounds the description: it travels in history and every status answer.
const maxDescriptionLength = 4000

// Validate checks what can be checked without the catalog; each error is a
// *strictjson.FieldError naming its field and the fix.
func (r TaskRequest) Validate() error {
	switch {
	case strings.TrimSpace(r.RequestID) == "":
		return strictjson.Fieldf("requestId", "required").Fixf("the intake system's ID for the request (starter generates one when omitted)")
	case utf8.RuneCountInString(r.RequestID) > maxFieldLength:
		return strictjson.Fieldf("requestId", "longer than %d characters", maxFieldLength).Fixf("use the intake system's short ID")
	case !ValidWorkflowID(r.RequestID):
		return requestIDCharError(r.RequestID)
	case strings.TrimSpace(r.TaskType) == "":
		return strictjson.Fieldf("taskType", "required").Fixf("name a catalog task type (starter catalog lists them)")
	case strings.TrimSpace(r.Title) == "":
		return strictjson.Fieldf("title", "required").Fixf("say in one line what is asked")
	case utf8.RuneCountInString(r.Title) > MaxTitleLength:
		return strictjson.Fieldf("title", "%d characters is over %d", utf8.RuneCountInString(r.Title), MaxTitleLength).Fixf("move detail into description")
	case utf8.RuneCountInString(r.Description) > maxDescriptionLength:
		return strictjson.Fieldf("description", "over %d characters", maxDescriptionLength).Fixf("link longer briefs instead")
	case IsRoleAssignee(r.Assignee):
		return strictjson.Fieldf("assignee", "name a person").Fixf("role queues come from the catalog's ownerRole")
	case len(r.Payload) > MaxPayloadBytes:
		return strictjson.Fieldf("payload", "%d bytes is over %d", len(r.Payload), MaxPayloadBytes).Fixf("link large content instead of embedding it")
	case len(r.Payload) > 0 && !json.Valid(r.Payload):
		return strictjson.Fieldf("payload", "not valid JSON")
	}
	if err := tooLong(maxFieldLength, "give the ID or name, not a description", [2]string{"taskType", r.TaskType},
		[2]string{"requester", r.Requester}, [2]string{"campaignId", r.CampaignID}, [2]string{"assignee", r.Assignee}, [2]string{"dueDate", r.DueDate}); err != nil {
		return err
	}
	if err := r.validateText(); err != nil {
		return err
	}
	if r.Scores != nil {
		if err := r.Scores.Validate(); err != nil {
			return err
		}
	}
	return r.validateBrief()
}

// requestIDCharError names the first character of a request ID that a workflow ID
// cannot carry: Temporal sends the ID in a gRPC header, which takes printable ASCII only.
func requestIDCharError(id string) error {
	if !utf8.ValidString(id) {
		return strictjson.Fieldf("requestId", "is not valid UTF-8").Fixf("use printable ASCII letters, digits and punctuation (it becomes the Temporal workflow ID)")
	}
	i := strings.IndexFunc(id, func(c rune) bool { return c < '!' || c > '~' })
	c := []rune(id[i:])[0]
	kind := "a space or control character"
	if c > unicode.MaxASCII {
		kind = "not ASCII"
	}
	return strictjson.Fieldf("requestId", "%q at character %d is %s", c, utf8.RuneCountInString(id[:i])+1, kind).
		Fixf("use printable ASCII letters, digits and punctuation, such as spring-cafe-1 (it becomes the Temporal workflow ID)")
}

// tooLong names the first of the fields over max characters and lists the others
// that are, so one answer tells the requester everything to shorten.
func tooLong(max int, fix string, fields ...[2]string) error {
	var over []string
	for _, f := range fields {
		if utf8.RuneCountInString(f[1]) > max {
			over = append(over, f[0])
		}
	}
	switch len(over) {
	case 0:
		return nil
	case 1:
		return strictjson.Fieldf(over[0], "over %d characters", max).Fixf("%s", fix)
	}
	return strictjson.Fieldf(over[0], "over %d characters, and so are %s", max, strings.Join(over[1:], ", ")).Fixf("%s", fix)
}

// validateText refuses text a person could not read or a system could not store:
// bytes that are not UTF-8, and control characters other than tabs and line breaks.
func (r TaskRequest) validateText() error {
	fields := [][2]string{
		{"title", r.Title}, {"description", r.Description}, {"requester", r.Requester}, {"campaignId", r.CampaignID},
		{"assignee", r.Assignee}, {"objective", r.Objective}, {"audience", r.Audience}, {"dueDate", r.DueDate}, {"businessUnit", r.BusinessUnit},
	}
	for _, l := range []struct {
		name  string
		items []string
	}{{"assets", r.Assets}, {"successMetrics", r.SuccessMetrics}} {
		for i, item := range l.items {
			fields = append(fields, [2]string{fmt.Sprintf("%s[%d]", l.name, i), item})
		}
	}
	if g := r.DACI; g != nil {
		fields = append(fields, [2]string{"daci.driver", g.Driver}, [2]string{"daci.approver", g.Approver})
		for _, l := range []struct {
			name   string
			people []string
		}{{"daci.consultants", g.Consultants}, {"daci.informed", g.Informed}} {
			for i, p := range l.people {
				fields = append(fields, [2]string{fmt.Sprintf("%s[%d]", l.name, i), p})
			}
		}
	}
	for _, f := range fields {
		if err := strictjson.ValidText(f[0], f[1]); err != nil {
			return err
		}
	}
	return nil
}

// TaskResult is the output of CampaignTaskWorkflow: the task's final state.
type TaskResult struct {
	// Status is the task's state when its workflow ended.
	Status TaskStatus `json:"status"`
}

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
	// At is when the task received it.
	At time.Time `json:"at"`
	// Detail is what the sender said: the note, outcome, reason or new assignee.
	Detail string `json:"detail,omitempty"`
	// Accepted says whether the task acted on it.
	Accepted bool `json:"accepted"`
	// Reason is why it was rejected, when it was.
	Reason string `json:"reason,omitempty"`
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

// RoleAssignee is how a role's queue appears as an assignee, so people and queues never collide.
func RoleAssignee(role string) string {
	return "role:" + role
}

// IsRoleAssignee tells a queue from a person.
func IsRoleAssignee(assignee string) bool {
	return strings.HasPrefix(assignee, "role:")
}
