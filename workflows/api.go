// Package workflows holds Lanes' durable workflows: one CampaignTaskWorkflow per
// marketing-ops task, from classification through routing to completion.
//
// This file is the one place for the names the outside world uses: task queues,
// signal and query names, search-attribute keys and workflow-ID builders.
package workflows

import (
	"fmt"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// DefaultQueuePrefix starts the names of Lanes' task queues unless configured otherwise.
const DefaultQueuePrefix = "lanes"

// Queues names the task queues Lanes uses: one for the task workflows and one
// per automation pool, so each executor pool scales and rate-limits on its own.
type Queues struct {
	Tasks string `json:"tasks"`
	RPA   string `json:"rpa"`
	Cloud string `json:"cloud"`
}

// QueuesWithPrefix names the three queues under a prefix, such as "lanes" → "lanes-tasks".
func QueuesWithPrefix(prefix string) Queues {
	return Queues{Tasks: prefix + "-tasks", RPA: prefix + "-rpa", Cloud: prefix + "-cloud"}
}

// TaskWorkflowID is the workflow ID of the task for an intake request, so a
// request submitted twice is one workflow.
func TaskWorkflowID(requestID string) string {
	return "task-" + requestID
}

// checkTaskWorkflowID refuses a task started under another ID than its request's,
// task-<requestId>: intake finds a request's task by that ID, so a task started as
// anything else would be started a second time by the next submit. A schedule's run
// is task-<requestId>-<time>, as Temporal names each run.
func checkTaskWorkflowID(workflowID, requestID string, scheduled bool) error {
	want := TaskWorkflowID(requestID)
	if workflowID == want {
		return nil
	}
	if at, ok := strings.CutPrefix(workflowID, want+"-"); ok && scheduled {
		if _, err := time.Parse(time.RFC3339, at); err == nil {
			return nil
		}
	}
	return fmt.Errorf("workflow ID: %q is not %q; start a task with the workflow ID task-<requestId> (temporal workflow start --workflow-id %s --id-reuse-policy RejectDuplicate), so a resend of the request finds it", workflowID, want, want)
}

// scheduledRun says whether a Temporal Schedule started this workflow: the server
// sets TemporalScheduledById on each run it starts.
func scheduledRun(ctx workflow.Context) bool {
	id, ok := workflow.GetTypedSearchAttributes(ctx).GetKeyword(attrScheduledByID)
	return ok && id != ""
}

// attrScheduledByID is Temporal's own search attribute naming the schedule that started a run.
var attrScheduledByID = temporal.NewSearchAttributeKeyKeyword("TemporalScheduledById")

// ValidWorkflowID says whether id can name a Lanes workflow: printable ASCII without
// spaces, since Temporal carries workflow IDs in gRPC headers. Request IDs follow
// the same rule, as the task's ID is built from them.
func ValidWorkflowID(id string) bool {
	return id != "" && strings.IndexFunc(id, func(c rune) bool { return c < '!' || c > '~' }) < 0
}

// RosterWorkflowID is the workflow ID of a team's roster: one long-lived workflow per team.
func RosterWorkflowID(team string) string {
	return "roster-" + team
}

// Roster signal, update and query names. Tasks ask and release through signals;
// ops change the roster through updates, which answer with an error when refused.
const (
	// SignalRequestPerson is a task asking its team's roster for a person.
	SignalRequestPerson = "request-person"
	// SignalReleasePerson is a task giving back the capacity it held.
	SignalReleasePerson = "release-person"
	// SignalRosterNotice is the roster telling a task who takes it, or that it waits.
	SignalRosterNotice = "roster-notice"
	UpdateJoin         = "join"
	UpdateLeave        = "leave"
	UpdateOutOfOffice  = "out-of-office"
	UpdateBackInOffice = "back-in-office"
	UpdateChangeHours  = "change-hours"
	// UpdateReassignTask is a manager moving a task to another person.
	UpdateReassignTask = "reassign-task"
	QueryRoster        = "roster"
)

// Signal and query names, as sent by starter, `temporal workflow signal` or the Temporal UI.
const (
	SignalAcknowledge = "acknowledge"
	SignalComplete    = "complete"
	SignalHandBack    = "hand-back"
	SignalReassign    = "reassign"
	// SignalWaitOnRequester pauses the resolution clock while the requester owes an answer.
	SignalWaitOnRequester = "wait-on-requester"
	SignalResume          = "resume"
	// Conditions that escalate a task, DOMAIN.md §6.
	SignalRaiseSeverity  = "raise-severity"
	SignalBlock          = "block"
	SignalFlagCompliance = "flag-compliance"
	// SignalApprove is the approver's sign-off a compliance-flagged task needs before it completes.
	SignalApprove = "approve"
	QueryStatus   = "status"
)

// ErrActionRefused is the failure type of a task's action update that its validator
// refused before anything was written to the task's history: the form, a resend, or
// a completed task. Its details hold the SignalRecord, as the signal would be recorded.
const ErrActionRefused = "ActionRefused"

// Custom search attributes, so ops can filter tasks in the Temporal UI.
var (
	AttrTaskType  = temporal.NewSearchAttributeKeyKeyword("LanesTaskType")
	AttrBucket    = temporal.NewSearchAttributeKeyKeyword("LanesBucket")
	AttrLane      = temporal.NewSearchAttributeKeyKeyword("LanesLane")
	AttrStage     = temporal.NewSearchAttributeKeyKeyword("LanesStage")
	AttrAssignee  = temporal.NewSearchAttributeKeyKeyword("LanesAssignee")
	AttrTeam      = temporal.NewSearchAttributeKeyKeyword("LanesTeam")
	AttrSLAState  = temporal.NewSearchAttributeKeyKeyword("LanesSLAState")
	AttrException = temporal.NewSearchAttributeKeyBool("LanesException")
	AttrResolveBy = temporal.NewSearchAttributeKeyTime("LanesResolveBy")
	// AttrEscalationLevel lets ops list "everything at level 2 or above".
	AttrEscalationLevel = temporal.NewSearchAttributeKeyInt64("LanesEscalationLevel")
	AttrReclassify      = temporal.NewSearchAttributeKeyBool("LanesNeedsReclassification")
	// Intake's triage and brief, set when the task starts: leaders count by tier, unit and rush.
	AttrServiceTier  = temporal.NewSearchAttributeKeyKeyword("LanesServiceTier")
	AttrScore        = temporal.NewSearchAttributeKeyFloat64("LanesScore")
	AttrBusinessUnit = temporal.NewSearchAttributeKeyKeyword("LanesBusinessUnit")
	AttrRush         = temporal.NewSearchAttributeKeyBool("LanesRush")
)

// SearchAttributes lists Lanes' custom search attributes and their types, for registration on a namespace.
func SearchAttributes() map[string]enumspb.IndexedValueType {
	return map[string]enumspb.IndexedValueType{
		AttrTaskType.GetName():        enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrBucket.GetName():          enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrLane.GetName():            enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrStage.GetName():           enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrAssignee.GetName():        enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrTeam.GetName():            enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrSLAState.GetName():        enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrException.GetName():       enumspb.INDEXED_VALUE_TYPE_BOOL,
		AttrResolveBy.GetName():       enumspb.INDEXED_VALUE_TYPE_DATETIME,
		AttrEscalationLevel.GetName(): enumspb.INDEXED_VALUE_TYPE_INT,
		AttrReclassify.GetName():      enumspb.INDEXED_VALUE_TYPE_BOOL,
		AttrServiceTier.GetName():     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrScore.GetName():           enumspb.INDEXED_VALUE_TYPE_DOUBLE,
		AttrBusinessUnit.GetName():    enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		AttrRush.GetName():            enumspb.INDEXED_VALUE_TYPE_BOOL,
	}
}
