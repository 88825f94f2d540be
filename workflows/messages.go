package workflows

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
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
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Requester   string `json:"requester,omitempty"`
	CampaignID  string `json:"campaignId,omitempty"`
	// Assignee, when set, is the person who takes human work instead of the owner role's queue.
	Assignee string `json:"assignee,omitempty"`
	// Scores, when set, replace the type's default scores for this one request.
	Scores *catalog.Scores `json:"scores,omitempty"`
	// Payload is handed to the automation as is, such as the URLs to validate.
	Payload json.RawMessage `json:"payload,omitempty"`
}

// maxFieldLength bounds the free-text fields other than the description.
const maxFieldLength = 200

// maxDescriptionLength bounds the description: it travels in history and every status answer.
const maxDescriptionLength = 4000

// Validate checks what can be checked without the catalog; each error names its field and the fix.
func (r TaskRequest) Validate() error {
	switch {
	case strings.TrimSpace(r.RequestID) == "":
		return errors.New("requestId: required; the intake system's ID for the request (starter generates one when omitted)")
	case utf8.RuneCountInString(r.RequestID) > maxFieldLength:
		return fmt.Errorf("requestId: longer than %d characters; use the intake system's short ID", maxFieldLength)
	case strings.IndexFunc(r.RequestID, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsControl(c) }) >= 0:
		return errors.New("requestId: has spaces or control characters; it becomes the workflow ID, so use letters, digits and punctuation")
	case strings.TrimSpace(r.TaskType) == "":
		return errors.New("taskType: required; name a catalog task type (starter catalog lists them)")
	case strings.TrimSpace(r.Title) == "":
		return errors.New("title: required; say in one line what is asked")
	case utf8.RuneCountInString(r.Title) > MaxTitleLength:
		return fmt.Errorf("title: %d characters is over %d; move detail into description", utf8.RuneCountInString(r.Title), MaxTitleLength)
	case utf8.RuneCountInString(r.Description) > maxDescriptionLength:
		return fmt.Errorf("description: over %d characters; link longer briefs instead", maxDescriptionLength)
	case utf8.RuneCountInString(r.Requester) > maxFieldLength || utf8.RuneCountInString(r.CampaignID) > maxFieldLength || utf8.RuneCountInString(r.Assignee) > maxFieldLength:
		return fmt.Errorf("requester, campaignId, assignee: each at most %d characters", maxFieldLength)
	case IsRoleAssignee(r.Assignee):
		return errors.New("assignee: name a person; role queues come from the catalog's ownerRole")
	case len(r.Payload) > MaxPayloadBytes:
		return fmt.Errorf("payload: %d bytes is over %d; link large content instead of embedding it", len(r.Payload), MaxPayloadBytes)
	case len(r.Payload) > 0 && !json.Valid(r.Payload):
		return errors.New("payload: not valid JSON")
	}
	if r.Scores != nil {
		return r.Scores.Validate()
	}
	return nil
}

// TaskResult is the output of CampaignTaskWorkflow: the task's final state.
type TaskResult struct {
	Status TaskStatus `json:"status"`
}

// Stage is where a task stands.
type Stage string

// The stages of a task.
const (
	StageReceived     Stage = "received"
	StageAutomating   Stage = "automating"
	StageAssigned     Stage = "assigned"
	StageAcknowledged Stage = "acknowledged"
	StageCompleted    Stage = "completed"
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
	OutcomeAutomated = "automated"
	OutcomeResolved  = "resolved"
	OutcomeDeclined  = "declined"
	OutcomeDuplicate = "duplicate"
	OutcomeCancelled = "cancelled" // the workflow was cancelled in Temporal
)

// SLAState summarizes a task's clocks for filtering.
type SLAState string

// The SLA states.
const (
	SLAOnTrack  SLAState = "on_track"
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
	Target catalog.SLA `json:"target"`
	// Budget is the clock's whole span from intake; Used is what was spent before RunningSince.
	Budget       time.Duration `json:"budget"`
	Used         time.Duration `json:"used"`
	RunningSince *time.Time    `json:"runningSince,omitempty"`
	Deadline     time.Time     `json:"deadline"`
	MetAt        *time.Time    `json:"metAt,omitempty"`
	BreachedAt   *time.Time    `json:"breachedAt,omitempty"`
	// PausedAt is set while the clock waits on the requester; PausedFor sums the pauses so far.
	PausedAt  *time.Time    `json:"pausedAt,omitempty"`
	PausedFor time.Duration `json:"pausedFor,omitempty"`
}

// AutomationRun is what the automation did for a task.
type AutomationRun struct {
	Executor   catalog.Executor             `json:"executor"`
	Action     string                       `json:"action"`
	Queue      string                       `json:"queue"`
	StartedAt  time.Time                    `json:"startedAt"`
	FinishedAt *time.Time                   `json:"finishedAt,omitempty"`
	Result     *activities.AutomationResult `json:"result,omitempty"`
	Error      string                       `json:"error,omitempty"`
}

// FallbackRecord is what Lanes did when the task lost its resolution SLA.
type FallbackRecord struct {
	Action catalog.Fallback `json:"action"`
	At     time.Time        `json:"at"`
	Detail string           `json:"detail"`
	// NewDueDate is the deferred due date, for the defer fallback.
	NewDueDate *time.Time `json:"newDueDate,omitempty"`
}

// SignalRecord is one human action the task received, accepted or not.
type SignalRecord struct {
	SignalID string    `json:"signalId,omitempty"`
	Name     string    `json:"name"`
	Actor    string    `json:"actor,omitempty"`
	At       time.Time `json:"at"`
	// Detail is what the sender said: the note, outcome, reason or new assignee.
	Detail   string `json:"detail,omitempty"`
	Accepted bool   `json:"accepted"`
	Reason   string `json:"reason,omitempty"`
}

// TaskStatus is the answer to the status query, and the final state in TaskResult.
type TaskStatus struct {
	TaskID         string         `json:"taskId"`
	Request        TaskRequest    `json:"request"`
	TaskName       string         `json:"taskName,omitempty"`
	CatalogRef     string         `json:"catalogRef,omitempty"`
	Team           string         `json:"team,omitempty"`
	Scores         catalog.Scores `json:"scores"`
	Bucket         catalog.Bucket `json:"bucket,omitempty"`
	Lane           catalog.Lane   `json:"lane,omitempty"`
	RouteNote      string         `json:"routeNote,omitempty"`
	Stage          Stage          `json:"stage"`
	HumanStep      HumanStep      `json:"humanStep,omitempty"`
	OwnerRole      string         `json:"ownerRole,omitempty"`
	Assignee       string         `json:"assignee,omitempty"`
	AcknowledgedBy string         `json:"acknowledgedBy,omitempty"`
	Handoffs       int            `json:"handoffs"`
	Automation     *AutomationRun `json:"automation,omitempty"`
	Exception      string         `json:"exception,omitempty"`
	Response       SLAClock       `json:"response"`
	Resolution     SLAClock       `json:"resolution"`
	SLAState       SLAState       `json:"slaState"`
	ReceivedAt     time.Time      `json:"receivedAt"`
	Outcome        string         `json:"outcome,omitempty"`
	CompletedBy    string         `json:"completedBy,omitempty"`
	CompletedAt    *time.Time     `json:"completedAt,omitempty"`
	Note           string         `json:"note,omitempty"`
	ManualMinutes  int            `json:"manualMinutesSaved"`
	// EscalationLevel is the highest level the current or last escalation reached; 0 when none ran.
	EscalationLevel int `json:"escalationLevel"`
	// Escalating is the workflow ID of the escalation climbing now, if any.
	Escalating  string             `json:"escalating,omitempty"`
	Escalations []EscalationResult `json:"escalations,omitempty"`
	// NeedsReclassification flags a task that needed more than one escalation cycle (DOMAIN.md §6).
	NeedsReclassification bool `json:"needsReclassification"`
	// BlockedBy names the dependency someone reported blocking the task.
	BlockedBy string `json:"blockedBy,omitempty"`
	// NeedsApproval is set by compliance exposure: the task completes only after ApprovedBy signs off.
	NeedsApproval bool            `json:"needsApproval"`
	ApprovedBy    string          `json:"approvedBy,omitempty"`
	Fallback      *FallbackRecord `json:"fallback,omitempty"`
	Signals       []SignalRecord  `json:"signals,omitempty"`
	Notices       []string        `json:"notices,omitempty"`
}

// RoleAssignee is how a role's queue appears as an assignee, so people and queues never collide.
func RoleAssignee(role string) string {
	return "role:" + role
}

// IsRoleAssignee tells a queue from a person.
func IsRoleAssignee(assignee string) bool {
	return strings.HasPrefix(assignee, "role:")
}
