package activities

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// ErrUnknownTaskType is the failure type when a task names a type the worker's catalog lacks.
const ErrUnknownTaskType = "UnknownTaskType"

// PolicyRequest asks for the catalog's policy for one task type.
type PolicyRequest struct {
	// TaskType is the catalog task type ID the request names.
	TaskType string `json:"taskType"`
}

// TaskPolicy is what the catalog says about a task type, as a workflow records it: a
// running task keeps the policy it started with even if ops edit the catalog meanwhile.
type TaskPolicy struct {
	// CatalogRef identifies the catalog edition the policy came from, as version@digest.
	CatalogRef string `json:"catalogRef"`
	// TaskType is the type's catalog entry: scores, owners, SLAs, escalation path and fallback.
	TaskType catalog.TaskType `json:"taskType"`
	// Calendar is the owning team's working calendar, for business-hours SLAs.
	Calendar catalog.Calendar `json:"calendar"`
	// AutomationQueue is the task queue of the type's executor pool, empty for human work.
	AutomationQueue string `json:"automationQueue,omitempty"`
	// Staffed says the team has a roster, which assigns its human work to people by skill and load.
	Staffed bool `json:"staffed,omitempty"`
	// Managers are the team's managers on its roster: they may act for the assignee and approve.
	Managers []string `json:"managers,omitempty"`
	// People are everyone on the team's roster: when its only manager holds a task, the
	// approval goes above the team, and none of them may give it.
	People []string `json:"people,omitempty"`
	// ApprovalCriticality is the criticality from which a task needs its approver's sign-off.
	ApprovalCriticality int `json:"approvalCriticality,omitempty"`
	// AutomationHeartbeatTimeout is the worker's heartbeat timeout for automations; 0 (a
	// policy recorded before it existed) is AutomationHeartbeatTimeout.
	AutomationHeartbeatTimeout time.Duration `json:"automationHeartbeatTimeout,omitempty"`
}

// TaskPolicies answers policy lookups from the catalog the worker loaded.
type TaskPolicies struct {
	// Catalog is the catalog the worker loaded at start.
	Catalog *catalog.Catalog
	// Queues maps each executor pool to its task queue.
	Queues map[catalog.Executor]string
	// Roster is the worker's roster file; teams it lists are staffed by their roster workflow.
	Roster *roster.File
	// AutomationHeartbeatTimeout is how long an automation may go without a heartbeat; 0 is the default.
	AutomationHeartbeatTimeout time.Duration
}

// LookupTaskPolicy finds a task type's policy. It runs as a local activity so the
// answer is recorded in the task's history and replays the same.
func (p *TaskPolicies) LookupTaskPolicy(_ context.Context, req PolicyRequest) (TaskPolicy, error) {
	t, ok := p.Catalog.TaskType(req.TaskType)
	if !ok {
		return TaskPolicy{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("taskType: %q is not in catalog %s; use one of %s", req.TaskType, p.Catalog.Ref(), strings.Join(p.Catalog.IDs(), ", ")),
			ErrUnknownTaskType, nil)
	}
	policy := TaskPolicy{CatalogRef: p.Catalog.Ref(), TaskType: t, Calendar: p.Catalog.Teams[t.Team]}
	policy.Staffed = p.Roster.Staffs(t.Team)
	policy.Managers = p.Roster.Managers(t.Team)
	policy.People = p.Roster.People(t.Team)
	policy.ApprovalCriticality = p.Catalog.IntakePolicy().ApprovalCriticality
	policy.AutomationHeartbeatTimeout = p.AutomationHeartbeatTimeout
	if t.Automation != nil {
		policy.AutomationQueue = p.Queues[t.Automation.Executor]
	}
	return policy, nil
}
