package workflows

import (
	"strings"

	"github.com/lanes-dev/lanes/strictjson"
)

// AcknowledgeSignal takes a task: the response clock stops and the sender becomes the assignee.
type AcknowledgeSignal struct {
	ActionHeader
	// Note is an optional remark for the signal log.
	Note string `json:"note,omitempty"`
}

// CompleteSignal closes a task with an outcome; only the assignee may send it.
type CompleteSignal struct {
	ActionHeader
	// Outcome is "resolved", "declined" or "duplicate".
	Outcome string `json:"outcome"`
	// Note says what was done; the requester reads it in their completion notice.
	Note string `json:"note,omitempty"`
	// Hours is the time the work took, compared with the estimate on the roster; left
	// out, Lanes counts the working time since the person was assigned.
	Hours float64 `json:"hours,omitempty"`
}

// HandBackSignal returns a task from its assignee to the owner role's queue.
type HandBackSignal struct {
	ActionHeader
	// Reason says why, for the signal log.
	Reason string `json:"reason,omitempty"`
}

// ReassignSignal moves a task to another person; Actor is its holder, or anyone while it sits in a queue.
type ReassignSignal struct {
	ActionHeader
	// To is the person who takes the task next.
	To string `json:"to"`
	// Reason says why, for the signal log.
	Reason string `json:"reason,omitempty"`
}

func (s AcknowledgeSignal) detail() string { return s.Note }
func (s CompleteSignal) detail() string    { return strings.TrimSpace(s.Outcome + ": " + s.Note) }
func (s HandBackSignal) detail() string    { return s.Reason }
func (s ReassignSignal) detail() string    { return strings.TrimSpace("to " + s.To + ": " + s.Reason) }

func (s AcknowledgeSignal) texts() []boundedText { return []boundedText{noteText("note", s.Note)} }

func (s CompleteSignal) texts() []boundedText {
	return []boundedText{{"outcome", s.Outcome, MaxNameLength, "use resolved, declined or duplicate"}, noteText("note", s.Note)}
}

func (s HandBackSignal) texts() []boundedText { return []boundedText{reasonText("reason", s.Reason)} }

func (s ReassignSignal) texts() []boundedText {
	return []boundedText{nameText("to", s.To), reasonText("reason", s.Reason)}
}

func (s CompleteSignal) check() error {
	if !(s.Hours >= 0 && s.Hours <= maxTaskHours) {
		return strictjson.Fieldf("hours", "%g is outside 0–%d", s.Hours, maxTaskHours).Fixf("give the hours the work took")
	}
	switch s.Outcome {
	case OutcomeResolved, OutcomeDeclined, OutcomeDuplicate:
		return nil
	}
	return strictjson.Fieldf("outcome", "%q is not an outcome", s.Outcome).Fixf("use %q, %q or %q", OutcomeResolved, OutcomeDeclined, OutcomeDuplicate)
}

func (s ReassignSignal) check() error {
	if s.To == "" || IsRoleAssignee(s.To) {
		return strictjson.Fieldf("to", "required").Fixf("name the person who takes the task")
	}
	return nil
}

func (s *ReassignSignal) trim() {
	s.ActionHeader.trim()
	s.To = strings.TrimSpace(s.To)
}
