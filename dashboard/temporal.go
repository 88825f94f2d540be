package dashboard

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/reports"
	"github.com/lanes-dev/lanes/workflows"
)

// TemporalLive reads the live state from Temporal: each team's roster through
// its query, the open tasks through visibility's search attributes, and the
// recurring schedules' next runs through their descriptions.
type TemporalLive struct {
	Client client.Client
}

var _ Live = TemporalLive{}

// Roster queries the team's TeamRosterWorkflow, as `starter roster` does.
func (l TemporalLive) Roster(ctx context.Context, team string) (workflows.RosterStatus, error) {
	st, err := (&intake.Client{Temporal: l.Client}).Roster(ctx, team)
	if errors.Is(err, intake.ErrRosterNotFound) {
		return st, ErrNoRoster
	}
	return st, err
}

// ScheduledRuns reads the teams' recurring schedules, as `starter report review` does,
// each read bounded by liveWait.
func (l TemporalLive) ScheduledRuns(ctx context.Context, types *catalog.Catalog, teams []string) ([]reports.ScheduledRun, []string, error) {
	return (&intake.Client{Temporal: l.Client}).ScheduledRuns(ctx, types, teams, liveWait)
}

// DueBefore lists running task workflows with a resolution deadline before due.
// Visibility on SQL stores cannot sort by a custom attribute, so the caller sorts;
// a task without a resolution clock has the zero deadline and is left out.
func (l TemporalLive) DueBefore(ctx context.Context, team string, due time.Time, limit int) ([]OpenTask, bool, error) {
	query := fmt.Sprintf("WorkflowType = 'CampaignTaskWorkflow' AND ExecutionStatus = 'Running' AND %s > '2000-01-01T00:00:00Z' AND %s < '%s'",
		workflows.AttrResolveBy.GetName(), workflows.AttrResolveBy.GetName(), due.UTC().Format(time.RFC3339))
	if team != "" {
		query += fmt.Sprintf(" AND %s = '%s'", workflows.AttrTeam.GetName(), strings.ReplaceAll(team, "'", `\'`))
	}
	var tasks []OpenTask
	var token []byte
	seen := map[string]bool{}
	for {
		resp, err := l.Client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: token, PageSize: int32(min(limit+1, 1000))})
		if err != nil {
			return nil, false, fmt.Errorf("list open tasks due before %s: %w", due.Format(time.RFC3339), err)
		}
		for _, info := range resp.GetExecutions() {
			id := info.GetExecution().GetWorkflowId()
			if seen[id] {
				continue // a task whose attributes changed between pages can come twice
			}
			seen[id] = true
			if len(tasks) == limit {
				return tasks, true, nil
			}
			tasks = append(tasks, openTask(id, info.GetSearchAttributes().GetIndexedFields()))
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return tasks, false, nil
		}
	}
}

// openTask reads a task's search attributes; one it lacks stays empty.
func openTask(id string, attrs map[string]*commonpb.Payload) OpenTask {
	t := OpenTask{ID: id}
	decode := func(name string, v any) {
		if p, ok := attrs[name]; ok {
			_ = converter.GetDefaultDataConverter().FromPayload(p, v) // a value that does not decode shows as empty
		}
	}
	decode(workflows.AttrTaskType.GetName(), &t.TaskType)
	decode(workflows.AttrTeam.GetName(), &t.Team)
	decode(workflows.AttrAssignee.GetName(), &t.Assignee)
	decode(workflows.AttrStage.GetName(), &t.Stage)
	decode(workflows.AttrSLAState.GetName(), &t.SLAState)
	decode(workflows.AttrResolveBy.GetName(), &t.ResolveBy)
	decode(workflows.AttrEscalationLevel.GetName(), &t.EscalationLevel)
	return t
}
