package activities

import (
	"context"
	"fmt"
	"sort"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/activity"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// Completions are the completions a roster started again reads back from its team's
// closed tasks, oldest first.
type Completions struct {
	Done []roster.Completion `json:"done"`
}

// taskResult is what a roster reads of a closed task's result (workflows.TaskResult):
// who completed it and when, and the booking its roster made.
type taskResult struct {
	Status struct {
		CompletedBy string     `json:"completedBy"`
		CompletedAt *time.Time `json:"completedAt"`
		Staffing    *struct {
			Person         string             `json:"person"`
			Allocation     catalog.Allocation `json:"allocation"`
			EstimatedHours float64            `json:"estimatedHours"`
			ActualHours    float64            `json:"actualHours"`
			Released       bool               `json:"released"`
		} `json:"staffing"`
	} `json:"status"`
}

// ReadCompletions lists the closed tasks a visibility query finds, such as a team's
// tasks that closed in the last week, and reads each one's result: a task its booked
// person completed is a completion, its estimate against the hours it took. It stops
// at roster.MaxCompletions (visibility lists the latest closed first), as the roster
// keeps no more. It only reads, so retries are safe; it heartbeats task by task.
func (r *Rosters) ReadCompletions(ctx context.Context, in TaskQuery) (Completions, error) {
	var out Completions
	var token []byte
	for {
		resp, err := r.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: in.Query, NextPageToken: token})
		if err != nil {
			return out, fmt.Errorf("list closed tasks: %w", err)
		}
		for _, e := range resp.GetExecutions() {
			if len(out.Done) == roster.MaxCompletions {
				break
			}
			activity.RecordHeartbeat(ctx, len(out.Done))
			id, run := e.GetExecution().GetWorkflowId(), e.GetExecution().GetRunId()
			var res taskResult
			if err := r.Temporal.GetWorkflow(ctx, id, run).Get(ctx, &res); err != nil {
				return out, fmt.Errorf("read the result of %s: %w", id, err)
			}
			st, sf := res.Status, res.Status.Staffing
			if sf == nil || sf.Person == "" || !sf.Released || st.CompletedBy != sf.Person || st.CompletedAt == nil {
				continue // not completed by the person its roster booked
			}
			out.Done = append(out.Done, roster.Completion{TaskID: id, Person: sf.Person, Allocation: sf.Allocation,
				Estimated: sf.EstimatedHours, Actual: sf.ActualHours, At: st.CompletedAt.UTC()})
		}
		if token = resp.GetNextPageToken(); len(token) == 0 || len(out.Done) == roster.MaxCompletions {
			break
		}
	}
	sort.Slice(out.Done, func(i, j int) bool {
		a, b := out.Done[i], out.Done[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.TaskID < b.TaskID
	})
	return out, nil
}
