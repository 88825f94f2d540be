package workflows

import (
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

// WaitOnRequesterSignal pauses the resolution clock until the requester answers;
// Actor is the assignee, or anyone while a queue holds the task.
type WaitOnRequesterSignal struct {
	ActionHeader
	// Reason is what the requester owes; it goes into their notice.
	Reason string `json:"reason,omitempty"`
}

// ResumeSignal restarts the resolution clock with the time that was left.
type ResumeSignal struct {
	ActionHeader
	// Note is an optional remark, such as the answer, for the signal log.
	Note string `json:"note,omitempty"`
}

// RaiseSeveritySignal reclassifies a task with higher scores: its open clocks tighten and it escalates.
type RaiseSeveritySignal struct {
	ActionHeader
	// Scores are the new scores: latency or criticality must rise, and neither fall.
	Scores catalog.Scores `json:"scores"`
	// Reason says why; it becomes part of the escalation's reason.
	Reason string `json:"reason,omitempty"`
}

// BlockSignal reports a dependency that blocks the task; it escalates.
type BlockSignal struct {
	ActionHeader
	// Dependency names what blocks the task, such as a missing creative; the escalation cites it.
	Dependency string `json:"dependency"`
}

// FlagComplianceSignal reports compliance exposure: the task escalates straight to
// level 2 and needs an approver's sign-off before it may complete.
type FlagComplianceSignal struct {
	ActionHeader
	// Reason is the compliance exposure, such as an uncleared claim in an ad; required.
	Reason string `json:"reason"`
}

// ApproveSignal is the approver's sign-off on a compliance-flagged task; the task's
// assignee cannot approve their own work.
type ApproveSignal struct {
	ActionHeader
	// Note is an optional remark for the signal log.
	Note string `json:"note,omitempty"`
}

func (s WaitOnRequesterSignal) detail() string { return s.Reason }
func (s ResumeSignal) detail() string          { return s.Note }
func (s RaiseSeveritySignal) detail() string {
	return strings.TrimSpace(fmt.Sprintf("scores %d/%d/%d: %s", s.Scores.Latency, s.Scores.Criticality, s.Scores.Automation, s.Reason))
}
func (s BlockSignal) detail() string          { return s.Dependency }
func (s FlagComplianceSignal) detail() string { return s.Reason }
func (s ApproveSignal) detail() string        { return s.Note }

func (s WaitOnRequesterSignal) texts() []boundedText {
	return []boundedText{reasonText("reason", s.Reason)}
}
func (s ResumeSignal) texts() []boundedText { return []boundedText{noteText("note", s.Note)} }
func (s RaiseSeveritySignal) texts() []boundedText {
	return []boundedText{reasonText("reason", s.Reason)}
}
func (s BlockSignal) texts() []boundedText {
	return []boundedText{reasonText("dependency", s.Dependency)}
}
func (s FlagComplianceSignal) texts() []boundedText {
	return []boundedText{reasonText("reason", s.Reason)}
}
func (s ApproveSignal) texts() []boundedText { return []boundedText{noteText("note", s.Note)} }

func (s RaiseSeveritySignal) check() error { return s.Scores.Validate() }

func (s BlockSignal) check() error {
	if s.Dependency == "" {
		return strictjson.Fieldf("dependency", "required").Fixf("say what blocks the task")
	}
	return nil
}

func (s FlagComplianceSignal) check() error {
	if s.Reason == "" {
		return strictjson.Fieldf("reason", "required").Fixf("say what the compliance exposure is")
	}
	return nil
}

// trim drops stray spaces around the dependency too, so spaces alone are no dependency.
func (s *BlockSignal) trim() {
	s.ActionHeader.trim()
	s.Dependency = strings.TrimSpace(s.Dependency)
}

// trim drops stray spaces around the reason too, so spaces alone are no reason.
func (s *FlagComplianceSignal) trim() {
	s.ActionHeader.trim()
	s.Reason = strings.TrimSpace(s.Reason)
}
