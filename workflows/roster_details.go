package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"
)

// publishRoster shows the roster's load under "Current details" in the Temporal UI,
// so ops read who carries what without a query.
func (r *rosterRun) publishRoster(ctx workflow.Context) {
	v := r.state.View(workflow.Now(ctx))
	var b strings.Builder
	b.WriteString(fmt.Sprintf("**Roster of %s**: %d open tasks booked, %d waiting\n\n", v.Team, len(r.state.Bookings), len(v.Queue)))
	b.WriteString("| person | seniority | planned h | busiest allocation | open tasks |\n|---|---|---|---|---|\n")
	for _, p := range v.People {
		busiest := p.Allocations[0]
		for _, a := range p.Allocations[1:] {
			if a.Utilization > busiest.Utilization {
				busiest = a
			}
		}
		away := ""
		if p.Away {
			away = " (away)"
		}
		b.WriteString(fmt.Sprintf("| %s%s | %s | %.1f | %s %.0f%% | %d |\n", p.ID, away, p.Seniority, p.PlannedHours, busiest.Allocation, busiest.Utilization*100, len(p.OpenTasks)))
	}
	workflow.SetCurrentDetails(ctx, b.String())
}
