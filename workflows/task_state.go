package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// taskState is the task itself as its steps change it: what was asked and how it
// was classified, who holds it and at what stage, a failed automation's exception
// and what the fallback did, how it ended, and the notices for ops. Its fields are
// named as in TaskStatus, which shows them beside the sections the parts own.
type taskState struct {
	TaskID                                string
	Request                               TaskRequest
	TaskName, CatalogRef, Team, OwnerRole string
	Scores                                catalog.Scores
	Bucket                                catalog.Bucket
	Lane                                  catalog.Lane
	RouteNote                             string
	Stage                                 Stage
	HumanStep                             HumanStep
	Assignee, AcknowledgedBy              string
	Handoffs                              int
	Exception                             string
	ReceivedAt                            time.Time
	Outcome, CompletedBy                  string
	CompletedAt                           *time.Time
	Note                                  string
	ManualMinutes                         int
	BlockedBy                             string
	Fallback                              *FallbackRecord
	Notices                               []string
	reviewRole                            string           // the queue of the review step, if the type has one
	fallback                              catalog.Fallback // what the type does when the resolution SLA is lost
	hoursActual                           float64          // the hours its completer worked, for the ledger
}

// holder is who is told about the task's clocks: whoever holds it, or its owner role's queue.
func (s *taskState) holder() string {
	if s.Assignee != "" {
		return s.Assignee
	}
	return RoleAssignee(s.OwnerRole)
}

// settleStage derives the stage from who holds the task, while no automation runs.
func (s *taskState) settleStage() {
	switch {
	case s.Stage == StageAutomating || s.Stage == StageCompleted:
	case s.AcknowledgedBy != "" && s.AcknowledgedBy == s.Assignee:
		s.Stage = StageAcknowledged
	default:
		s.Stage = StageAssigned
	}
}

// stepQueue is the queue of the role that owns the task's human step.
func (s *taskState) stepQueue() string {
	if s.HumanStep == StepReview {
		return RoleAssignee(s.reviewRole)
	}
	return RoleAssignee(s.OwnerRole)
}

// cancel closes the open task as cancelled at now: someone cancelled it in Temporal.
func (s *taskState) cancel(now time.Time) {
	s.Stage, s.Outcome, s.CompletedAt = StageCompleted, OutcomeCancelled, &now
}

// closed refuses an action on a completed task.
func (s *taskState) closed() error {
	if s.Stage == StageCompleted {
		return fmt.Errorf("the task is already completed (%s by %s)", s.Outcome, s.CompletedBy)
	}
	return nil
}

// requirePerson refuses the actions of people while no one is asked to act.
func (s *taskState) requirePerson() error {
	if s.HumanStep == "" {
		return fmt.Errorf("no one is asked to act on this task while it is %s", s.Stage)
	}
	return nil
}

// show puts the task in its status.
func (s *taskState) show(st *TaskStatus) {
	st.TaskID, st.Request, st.TaskName, st.CatalogRef, st.Team, st.OwnerRole = s.TaskID, s.Request, s.TaskName, s.CatalogRef, s.Team, s.OwnerRole
	st.Scores, st.Bucket, st.Lane, st.RouteNote = s.Scores, s.Bucket, s.Lane, s.RouteNote
	st.Stage, st.HumanStep, st.Assignee, st.AcknowledgedBy, st.Handoffs = s.Stage, s.HumanStep, s.Assignee, s.AcknowledgedBy, s.Handoffs
	st.Exception, st.ReceivedAt = s.Exception, s.ReceivedAt
	st.Outcome, st.CompletedBy, st.CompletedAt, st.Note, st.ManualMinutes = s.Outcome, s.CompletedBy, s.CompletedAt, s.Note, s.ManualMinutes
	st.BlockedBy, st.Fallback, st.Notices = s.BlockedBy, s.Fallback, s.Notices
}

// block records what blocks the task and escalates it, so someone who can unblock it hears.
func (s *taskState) block(ctx workflow.Context, loop *eventLoop, tell teller, e *escalations, dependency string) {
	s.BlockedBy = dependency
	tell.publish(ctx)
	e.escalate(ctx, loop, tell, s, escalationCause{reason: "blocked by " + dependency, startLevel: 1, trigger: ledger.TriggerDependencyBlock})
}
