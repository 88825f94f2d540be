package intake

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/reports"
)

// RecurringSchedulePrefix starts the ID of every schedule Lanes keeps, so a list
// tells them apart from other schedules in the namespace.
const RecurringSchedulePrefix = "lanes-recur-"

// RecurringScheduleID is the schedule of a recurring task type, such as lanes-recur-weekly-lifecycle-email-qa.
func RecurringScheduleID(taskType string) string {
	return RecurringSchedulePrefix + taskType
}

// ScheduledRuns lists the runs the teams' recurring schedules will start, as
// Temporal computes them (holidays skipped), for the review's forecast. A paused
// schedule starts none, and a type whose schedule was never created starts none
// either: both are noted. wait bounds each schedule's read.
func (c *Client) ScheduledRuns(ctx context.Context, types *catalog.Catalog, teams []string, wait time.Duration) ([]reports.ScheduledRun, []string, error) {
	var runs []reports.ScheduledRun
	var notes []string
	for _, team := range teams {
		for _, t := range types.TaskTypes {
			if t.Team != team || t.Recurs == nil {
				continue
			}
			id := RecurringScheduleID(t.ID)
			dctx, cancel := context.WithTimeout(ctx, wait)
			d, err := c.Temporal.ScheduleClient().GetHandle(dctx, id).Describe(dctx)
			cancel()
			var missing *serviceerror.NotFound
			switch {
			case errors.As(err, &missing):
				notes = append(notes, fmt.Sprintf("%s recurs in the catalog but its schedule %s does not exist, so the forecast counts no run of it; starter schedule create makes it.", t.ID, id))
				continue
			case err != nil:
				return nil, nil, fmt.Errorf("describe schedule %s for the forecast: %w", id, err)
			case d.Schedule.State != nil && d.Schedule.State.Paused:
				notes = append(notes, fmt.Sprintf("schedule %s is paused, so the forecast counts no run of %s.", id, t.ID))
				continue
			}
			for _, at := range d.Info.NextActionTimes {
				runs = append(runs, reports.ScheduledRun{TaskType: t.ID, At: at})
			}
		}
	}
	return runs, notes, nil
}
