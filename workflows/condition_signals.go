package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// WaitOnRequesterSignal pauses the resolution clock until the requester answers.
type WaitOnRequesterSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor pauses the clock: the assignee, or anyone while a queue holds the task.
	Actor string `json:"actor"`
	// Reason is what the requester owes; it goes into their notice.
	Reason string `json:"reason,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// ResumeSignal restarts the resolution clock with the time that was left.
type ResumeSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor restarts the clock, typically once the requester has answered.
	Actor string `json:"actor"`
	// Note is an optional remark, such as the answer, for the signal log.
	Note string `json:"note,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// RaiseSeveritySignal reclassifies a task with higher scores: its open clocks tighten and it escalates.
type RaiseSeveritySignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is who raises the severity.
	Actor string `json:"actor"`
	// Scores are the new scores: latency or criticality must rise, and neither fall.
	Scores catalog.Scores `json:"scores"`
	// Reason says why; it becomes part of the escalation's reason.
	Reason string `json:"reason,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// BlockSignal reports a dependency that blocks the task; it escalates.
type BlockSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is who reports the block.
	Actor string `json:"actor"`
	// Dependency names what blocks the task, such as a missing creative; the escalation cites it.
	Dependency string `json:"dependency"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// FlagComplianceSignal reports compliance exposure: the task escalates straight to
// level 2 and needs an approver's sign-off before it may complete.
type FlagComplianceSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is who reports the exposure.
	Actor string `json:"actor"`
	// Reason is the compliance exposure, such as an uncleared claim in an ad; required.
	Reason string `json:"reason"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// ApproveSignal is the approver's sign-off on a compliance-flagged task.
type ApproveSignal struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is the approver; the task's assignee cannot approve their own work.
	Actor string `json:"actor"`
	// Note is an optional remark for the signal log.
	Note string `json:"note,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see the README).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// Header gives the signal's ID and sender.
func (s WaitOnRequesterSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s ResumeSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s RaiseSeveritySignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s BlockSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s FlagComplianceSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

// Header gives the signal's ID and sender.
func (s ApproveSignal) Header() (signalID, actor string) { return s.SignalID, s.Actor }

func (s WaitOnRequesterSignal) detail() string { return s.Reason }
func (s ResumeSignal) detail() string          { return s.Note }
func (s RaiseSeveritySignal) detail() string {
	return strings.TrimSpace(fmt.Sprintf("scores %d/%d/%d: %s", s.Scores.Latency, s.Scores.Criticality, s.Scores.Automation, s.Reason))
}
func (s BlockSignal) detail() string          { return s.Dependency }
func (s FlagComplianceSignal) detail() string { return s.Reason }
func (s ApproveSignal) detail() string        { return s.Note }

func (s WaitOnRequesterSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), reasonText("reason", s.Reason)}
}

func (s ResumeSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), noteText("note", s.Note)}
}

func (s RaiseSeveritySignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), reasonText("reason", s.Reason)}
}

func (s BlockSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), reasonText("dependency", s.Dependency)}
}

func (s FlagComplianceSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), reasonText("reason", s.Reason)}
}

func (s ApproveSignal) texts() []boundedText {
	return []boundedText{idText(s.SignalID), nameText("actor", s.Actor), noteText("note", s.Note)}
}
