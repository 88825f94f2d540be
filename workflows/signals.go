package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/strictjson"
)

// AcknowledgeSignal takes a task: the response clock stops and the sender becomes the assignee.
type AcknowledgeSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is the person taking the task.
	Actor string `json:"actor"`
	// Note is an optional remark for the signal log.
	Note string `json:"note,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// CompleteSignal closes a task with an outcome; only the assignee may send it.
type CompleteSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is the assignee closing the task.
	Actor string `json:"actor"`
	// Outcome is "resolved", "declined" or "duplicate".
	Outcome string `json:"outcome"`
	// Note says what was done; the requester reads it in their completion notice.
	Note string `json:"note,omitempty"`
	// Hours is the time the work took, compared with the estimate on the roster; left
	// out, Lanes counts the working time since the person was assigned.
	Hours float64 `json:"hours,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// HandBackSignal returns a task from its assignee to the owner role's queue.
type HandBackSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is the assignee giving the task back.
	Actor string `json:"actor"`
	// Reason says why, for the signal log.
	Reason string `json:"reason,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// ReassignSignal moves a task to another person.
type ReassignSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor moves the task: its holder, or anyone while it sits in a queue.
	Actor string `json:"actor"`
	// To is the person who takes the task next.
	To string `json:"to"`
	// Reason says why, for the signal log.
	Reason string `json:"reason,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// Header gives the signal's ID and sender.
func (s AcknowledgeSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s CompleteSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s HandBackSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s ReassignSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

func (s AcknowledgeSignal) detail() string { return s.Note }
func (s CompleteSignal) detail() string    { return strings.TrimSpace(s.Outcome + ": " + s.Note) }
func (s HandBackSignal) detail() string    { return s.Reason }
func (s ReassignSignal) detail() string    { return strings.TrimSpace("to " + s.To + ": " + s.Reason) }

func (s AcknowledgeSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), noteText("note", s.Note)}
}

func (s CompleteSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), {"outcome", s.Outcome, MaxNameLength, "use resolved, declined or duplicate"}, noteText("note", s.Note)}
}

func (s HandBackSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), reasonText("reason", s.Reason)}
}

func (s ReassignSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), nameText("to", s.To), reasonText("reason", s.Reason)}
}

// Header gives the signal's ID and sender.
func (s EscalationAckSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

func (s EscalationAckSignal) detail() string { return s.Note }

func (s EscalationAckSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), noteText("note", s.Note)}
}

// HumanSignal is any of the signals people send; each carries its sender and an ID.
type HumanSignal interface {
	humanAction
	// Header gives the signal's ID and sender.
	Header() (signalID, actor string)
	detail() string
	// texts lists the signal's text fields with their bounds.
	texts() []boundedText
}

// humanAction lists the signal types people send, so the generic helpers accept nothing else.
type humanAction interface {
	AcknowledgeSignal | CompleteSignal | HandBackSignal | ReassignSignal | EscalationAckSignal |
		WaitOnRequesterSignal | ResumeSignal | RaiseSeveritySignal | BlockSignal | FlagComplianceSignal | ApproveSignal
}

// maxTaskHours bounds the hours reported for one task: more is a typo.
const maxTaskHours = 1000

// DecodeSignal reads a signal strictly: unknown fields and a missing actor are errors
// naming the field, so a typo in `temporal workflow signal --input` is reported, not ignored.
func DecodeSignal[T HumanSignal](raw []byte) (T, error) {
	var v T
	if len(raw) > maxSignalBytes {
		return oversized[T](raw) //workflowcheck:ignore
	}
	// Decoding JSON is deterministic; workflowcheck cannot see through its reflection.
	err := strictjson.Unmarshal(raw, &v) //workflowcheck:ignore
	if err != nil {
		return v, fmt.Errorf("decode: %s; send a JSON object like {\"actor\": \"alice\"}", strings.TrimPrefix(err.Error(), "json: "))
	}
	v = trimNames(v)
	return v, validateSignal(v)
}

// trimNames drops stray spaces around people's names, so "alice " is alice.
func trimNames[T HumanSignal](v T) T {
	switch s := any(&v).(type) {
	case *AcknowledgeSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *CompleteSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *HandBackSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *ReassignSignal:
		s.Actor, s.To = strings.TrimSpace(s.Actor), strings.TrimSpace(s.To)
	case *EscalationAckSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *WaitOnRequesterSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *ResumeSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *RaiseSeveritySignal:
		s.Actor = strings.TrimSpace(s.Actor)
	case *BlockSignal:
		s.Actor, s.Dependency = strings.TrimSpace(s.Actor), strings.TrimSpace(s.Dependency)
	case *FlagComplianceSignal:
		s.Actor, s.Reason = strings.TrimSpace(s.Actor), strings.TrimSpace(s.Reason)
	case *ApproveSignal:
		s.Actor = strings.TrimSpace(s.Actor)
	}
	return v
}

// CheckSignal checks a signal as the task will, before it is sent: a client that
// calls it sends nothing the task would refuse for its form, such as a note over
// MaxNoteLength characters, so nothing refused reaches the task's history.
func CheckSignal[T HumanSignal](v T) error {
	return validateSignal(trimNames(v))
}

// validateSignal checks what every signal needs, text within its bounds and a
// sender, and then each type's own fields.
func validateSignal[T HumanSignal](v T) error {
	if err := checkTexts(v.texts()); err != nil {
		return err
	}
	if _, actor := v.Header(); strings.TrimSpace(actor) == "" {
		return strictjson.Fieldf("actor", "required").Fixf("say who sends the signal")
	}
	switch s := any(v).(type) {
	case RaiseSeveritySignal:
		return s.Scores.Validate()
	case BlockSignal:
		if s.Dependency == "" {
			return strictjson.Fieldf("dependency", "required").Fixf("say what blocks the task")
		}
	case FlagComplianceSignal:
		if s.Reason == "" {
			return strictjson.Fieldf("reason", "required").Fixf("say what the compliance exposure is")
		}
	case CompleteSignal:
		if !(s.Hours >= 0 && s.Hours <= maxTaskHours) {
			return strictjson.Fieldf("hours", "%g is outside 0–%d", s.Hours, maxTaskHours).Fixf("give the hours the work took")
		}
		switch s.Outcome {
		case OutcomeResolved, OutcomeDeclined, OutcomeDuplicate:
			return nil
		}
		return strictjson.Fieldf("outcome", "%q is not an outcome", s.Outcome).Fixf("use %q, %q or %q", OutcomeResolved, OutcomeDeclined, OutcomeDuplicate)
	case ReassignSignal:
		if s.To == "" || IsRoleAssignee(s.To) {
			return strictjson.Fieldf("to", "required").Fixf("name the person who takes the task")
		}
	}
	return nil
}
