package lanesworker

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// loadRoster reads LANES_ROSTER against the catalog; nil means no rosters.
func loadRoster(cfg Config) (*roster.File, error) {
	if cfg.RosterPath == RosterOff {
		return nil, nil
	}
	f, err := roster.Load(cfg.RosterPath, cfg.Catalog)
	switch {
	case err != nil && cfg.RosterPath == "":
		return nil, fmt.Errorf("LANES_ROSTER: the built-in roster/default.json does not fit the catalog: %w; set LANES_ROSTER to your roster file, or to off for role queues", err)
	case err != nil:
		return nil, fmt.Errorf("LANES_ROSTER: %w", err)
	}
	return f, nil
}

// EnsureRosters starts each team's roster workflow unless it already runs. The file
// seeds a roster only when it starts; a running roster keeps its own state, which
// ops change with updates (starter roster …), so a restart never undoes their changes.
func EnsureRosters(ctx context.Context, c client.Client, queue string, cat *catalog.Catalog, f *roster.File, reconcileEvery time.Duration) error {
	if f == nil {
		return nil
	}
	for _, team := range f.TeamNames() {
		opts := client.StartWorkflowOptions{
			ID:                       workflows.RosterWorkflowID(team),
			TaskQueue:                queue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
			WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
			StaticSummary:            "Roster of " + team + ": who takes the team's human work",
		}
		in := workflows.RosterInput{Team: team, TimeZone: cat.Teams[team].TimeZone, Roster: f.Teams[team], Needs: roster.SkillsNeeded(cat, team), ReconcileEvery: reconcileEvery}
		status, err := rosterStatus(ctx, c, opts.ID)
		switch {
		case err != nil:
			return err
		case status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
			continue
		}
		// A team that had a roster before (terminated, say) has open tasks holding places
		// in it, and closed tasks whose completions it kept.
		in.Resync = status != enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED
		in.Restore = in.Resync
		if _, err := c.ExecuteWorkflow(ctx, opts, workflows.TeamRosterWorkflow, in); err != nil {
			return fmt.Errorf("start roster of %s: %w", team, err)
		}
	}
	return nil
}

// rosterStatus is the status of a team's latest roster run; unspecified when it never had one.
func rosterStatus(ctx context.Context, c client.Client, id string) (enumspb.WorkflowExecutionStatus, error) {
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &notFound):
		return enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED, nil
	case err != nil:
		return 0, fmt.Errorf("describe %s: %w", id, err)
	}
	return desc.GetWorkflowExecutionInfo().GetStatus(), nil
}
