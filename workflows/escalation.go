package workflows

import (
	"fmt"
	"time"
)

// DefaultEscalationWindow is how long an escalation level has to acknowledge when the catalog does not say.
const DefaultEscalationWindow = 15 * time.Minute

// Escalation signal and query names, on the escalation's own workflow.
const (
	SignalEscalationAck = "acknowledge-escalation"
	QueryEscalation     = "escalation"
	// SignalEscalationLevel is how an escalation tells its task which level it reached.
	SignalEscalationLevel = "escalation-level"
)

// EscalationWorkflowID is the deterministic ID of a task's n-th escalation, so each cycle starts once.
func EscalationWorkflowID(taskID string, cycle int) string {
	return fmt.Sprintf("%s-escalation-%d", taskID, cycle)
}

// EscalationLevel is one rung of the climb and who is asked on it.
type EscalationLevel struct {
	Level      int      `json:"level"`
	Recipients []string `json:"recipients"`
}

// EscalationInput is the input of EscalationWorkflow. It carries the levels the
// task's policy gave at its start, so a catalog edit never changes a running climb.
type EscalationInput struct {
	TaskID   string `json:"taskId"`
	TaskName string `json:"taskName"`
	Title    string `json:"title"`
	// Reason is the condition that started the climb, such as "response SLA breached".
	Reason string            `json:"reason"`
	Cycle  int               `json:"cycle"`
	Levels []EscalationLevel `json:"levels"`
	// StartLevel is where the climb starts: 1, or 2 for compliance exposure.
	StartLevel int           `json:"startLevel"`
	Window     time.Duration `json:"window"`
}

// EscalationResult is how an escalation ended, returned to its task.
type EscalationResult struct {
	Cycle          int        `json:"cycle"`
	Reason         string     `json:"reason"`
	LevelReached   int        `json:"levelReached"`
	AcknowledgedBy string     `json:"acknowledgedBy,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt,omitempty"`
	// Exhausted is true when every level was asked and nobody acknowledged.
	Exhausted bool `json:"exhausted"`
}

// EscalationAckSignal is someone on an escalation level taking it: the climb stops.
type EscalationAckSignal struct {
	SignalID string `json:"signalId,omitempty"`
	Actor    string `json:"actor"`
	Note     string `json:"note,omitempty"`
}

// EscalationLevelSignal tells a task its escalation reached a level.
type EscalationLevelSignal struct {
	Cycle int       `json:"cycle"`
	Level int       `json:"level"`
	At    time.Time `json:"at"`
}

// escalationLevels builds the climb for a task: level 1 is whoever holds it (or the
// owner's queue), level 2 the first role of the path, level 3 the rest of it.
func escalationLevels(holder string, path []string) []EscalationLevel {
	levels := []EscalationLevel{{Level: 1, Recipients: []string{holder}}}
	if len(path) > 0 {
		levels = append(levels, EscalationLevel{Level: 2, Recipients: []string{RoleAssignee(path[0])}})
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
