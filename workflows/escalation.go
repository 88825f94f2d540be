package workflows

import (
	"fmt"
	"strings"
	"time"
)

// DefaultEscalationWindow is how long an escalation level has to acknowledge when the catalog does not say.
const DefaultEscalationWindow = 15 * time.Minute

// Escalation signal and query names, on the escalation's own workflow.
const (
	// SignalEscalationAck is someone on a level taking the escalation, which stops the climb.
	SignalEscalationAck = "acknowledge-escalation"
	// QueryEscalation answers the escalation's state so far, as an EscalationResult.
	QueryEscalation = "escalation"
	// SignalEscalationLevel is how an escalation tells its task which level it reached.
	SignalEscalationLevel = "escalation-level"
	// SignalEscalationStop is how a task tells its escalation what in the task ended the climb.
	SignalEscalationStop = "stop-escalation"
	// SignalEscalationHolder is how a task tells its escalation who holds the task now.
	SignalEscalationHolder = "escalation-holder"
)

// EscalationEnd is what stopped a climb before its last level was asked in vain.
type EscalationEnd string

// What can stop a climb.
const (
	// EndAcknowledged is someone sending acknowledge-escalation.
	EndAcknowledged EscalationEnd = "acknowledged"
	// EndTaken is a person taking the task, which stops a climb that started at level 1.
	EndTaken EscalationEnd = "taken"
	// EndApproved is the approval that closed the task with the completion it held.
	EndApproved EscalationEnd = "approved"
	// EndCompleted is the task's completion.
	EndCompleted EscalationEnd = "completed"
	// EndBooked is the roster booking a person, which ends a capacity breach.
	EndBooked EscalationEnd = "booked"
)

// EscalationWorkflowID is the deterministic ID of a task's n-th escalation, so each cycle starts once.
func EscalationWorkflowID(taskID string, cycle int) string {
	return fmt.Sprintf("%s-escalation-%d", taskID, cycle)
}

// EscalationLevel is one rung of the climb and who is asked on it.
type EscalationLevel struct {
	// Level is the rung: 1 the task's holder, 2 the team's managers (or the functional
	// manager's queue), 3 the roles above.
	Level int `json:"level"`
	// Recipients are the people or role queues notified on this level.
	Recipients []string `json:"recipients"`
}

// EscalationInput is the input of EscalationWorkflow. It carries the levels the
// task's policy gave at its start, so a catalog edit never changes a running climb.
type EscalationInput struct {
	// TaskID is the escalated task's workflow ID.
	TaskID string `json:"taskId"`
	// TaskName is the task type's name, for the notices.
	TaskName string `json:"taskName"`
	// Title is the request's title, for the notices.
	Title string `json:"title"`
	// Reason is the condition that started the climb, such as "response SLA breached".
	Reason string `json:"reason"`
	// Cycle numbers this escalation among the task's escalations, from 1.
	Cycle int `json:"cycle"`
	// Levels is the climb, lowest level first.
	Levels []EscalationLevel `json:"levels"`
	// StartLevel is where the climb starts: 1, or 2 for compliance exposure.
	StartLevel int `json:"startLevel"`
	// Window is how long each level has to acknowledge before the next is asked.
	Window time.Duration `json:"window"`
}

// EscalationResult is how an escalation ended, returned to its task.
type EscalationResult struct {
	// Cycle is the escalation's number among the task's escalations.
	Cycle int `json:"cycle"`
	// Reason is the condition that started the climb.
	Reason string `json:"reason"`
	// LevelReached is the highest level that was notified.
	LevelReached int `json:"levelReached"`
	// Asked are the people or role queues notified at LevelReached.
	Asked []string `json:"asked,omitempty"`
	// Ended says what stopped the climb; empty while it climbs and when nobody stopped it.
	Ended EscalationEnd `json:"ended,omitempty"`
	// EndedBy is who stopped it: who acknowledged, or took, approved or completed the
	// task; for a booking, the roster that made it.
	EndedBy string `json:"endedBy,omitempty"`
	// EndedAt is when the climb stopped.
	EndedAt *time.Time `json:"endedAt,omitempty"`
	// Identity is through what the acknowledgement that stopped the climb came: a
	// signed-in person, a relaying intake system or an operator.
	Identity *Identity `json:"identity,omitempty"`
	// Note is the acknowledgement's note, or what the task added, such as whom the roster booked.
	Note string `json:"note,omitempty"`
	// Exhausted is true when every level was asked and nobody acknowledged.
	Exhausted bool `json:"exhausted"`
}

// EscalationAckSignal is someone on an escalation level taking it: the climb stops.
type EscalationAckSignal struct {
	ActionHeader
	// Note is an optional remark, such as "took the task".
	Note string `json:"note,omitempty"`
}

func (s EscalationAckSignal) detail() string { return s.Note }

func (s EscalationAckSignal) texts() []boundedText { return []boundedText{noteText("note", s.Note)} }

// EscalationStopSignal is a task telling its escalation what in the task ended the climb.
type EscalationStopSignal struct {
	// Ended is what happened: the task taken, approved or completed, or a booking.
	Ended EscalationEnd `json:"ended"`
	// By is who did it, or the roster that booked someone.
	By string `json:"by"`
	// Identity is through what a person's acknowledgement came; the task's own word has none.
	Identity *Identity `json:"identity,omitempty"`
	// Note says more, such as whom the roster booked.
	Note string `json:"note,omitempty"`
	// At is when it happened, such as the time an acknowledgement was sent; the climb
	// records it within its own start and now. Empty means when the climb reads it.
	At *time.Time `json:"at,omitempty"`
}

// EscalationLevelSignal tells a task its escalation reached a level.
type EscalationLevelSignal struct {
	// Cycle identifies the climb, so a report from an earlier one is ignored.
	Cycle int `json:"cycle"`
	// Level is the level just reached.
	Level int `json:"level"`
	// At is when it was reached.
	At time.Time `json:"at"`
	// Asked are who the level asked, including a holder it asked after it started.
	Asked []string `json:"asked,omitempty"`
}

// EscalationHolderSignal tells a climb that a person now holds the task.
type EscalationHolderSignal struct {
	// Holder is the person who holds the task now.
	Holder string `json:"holder"`
	// Levels is the climb for the new holder; the levels not yet asked follow it.
	Levels []EscalationLevel `json:"levels"`
}

// escalationLevels builds the climb for a task: level 1 is whoever holds it (or the
// owner's queue); level 2 the functional manager: the team's managers, as people,
// where its roster names them (but not the holder, who level 1 asked), else the
// first role of the path; level 3 the rest of the path, as roles.
func escalationLevels(holder string, path, managers []string) []EscalationLevel {
	levels := []EscalationLevel{{Level: 1, Recipients: []string{holder}}}
	var second []string
	for _, m := range managers {
		if m != holder {
			second = append(second, m)
		}
	}
	if len(second) == 0 && len(path) > 0 {
		second = []string{RoleAssignee(path[0])}
	}
	if len(second) > 0 {
		levels = append(levels, EscalationLevel{Level: 2, Recipients: second})
	}
	if len(path) > 1 {
		var top []string
		for _, role := range path[1:] {
			top = append(top, RoleAssignee(role))
		}
		levels = append(levels, EscalationLevel{Level: 3, Recipients: top})
	}
	return levels
}

// askedAt lists who a climb's level asks; nil when the climb has no such level.
func askedAt(levels []EscalationLevel, level int) []string {
	for _, l := range levels {
		if l.Level == level {
			return l.Recipients
		}
	}
	return nil
}

// endedText says what stopped a climb, such as "acknowledged by maya"; empty when nothing did.
func (r EscalationResult) endedText() string {
	switch r.Ended {
	case EndAcknowledged:
		return "acknowledged by " + r.EndedBy
	case EndTaken:
		return r.EndedBy + " took the task"
	case EndApproved:
		return r.EndedBy + " approved, which closed the task"
	case EndCompleted:
		return "completed by " + r.EndedBy
	case EndBooked:
		return strings.TrimSpace(r.EndedBy + " " + r.Note)
	}
	return ""
}
