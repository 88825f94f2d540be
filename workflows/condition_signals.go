package workflows

import (
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/catalog"
)

// WaitOnRequesterSignal pauses the resolution clock until the requester answers.
type WaitOnRequesterSignal struct {
	SignalID string `json:"signalId,omitempty"`
	Actor    string `json:"actor"`
	Reason   string `json:"reason,omitempty"`
}

// ResumeSignal restarts the resolution clock with the time that was left.
type ResumeSignal struct {
	SignalID string `json:"signalId,omitempty"`
	Actor    string `json:"actor"`
	Note     string `json:"note,omitempty"`
}

// RaiseSeveritySignal reclassifies a task with higher scores: its open clocks tighten and it escalates.
type RaiseSeveritySignal struct {
	SignalID string         `json:"signalId,omitempty"`
	Actor    string         `json:"actor"`
	Scores   catalog.Scores `json:"scores"`
	Reason   string         `json:"reason,omitempty"`
}

// BlockSignal reports a dependency that blocks the task; it escalates.
type BlockSignal struct {
	SignalID   string `json:"signalId,omitempty"`
	Actor      string `json:"actor"`
	Dependency string `json:"dependency"`
}

// FlagComplianceSignal reports compliance exposure: the task escalates straight to
// level 2 and needs an approver's sign-off before it may complete.
type FlagComplianceSignal struct {
	SignalID string `json:"signalId,omitempty"`
	Actor    string `json:"actor"`
	Reason   string `json:"reason"`
}

// ApproveSignal is the approver's sign-off on a compliance-flagged task.
type ApproveSignal struct {
	SignalID string `json:"signalId,omitempty"`
	Actor    string `json:"actor"`
	Note     string `json:"note,omitempty"`
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
