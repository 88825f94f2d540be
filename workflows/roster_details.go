package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/roster"
)

// queueShown is how many waiting tasks the roster's details name on their line.
const queueShown = 3

// publishRoster shows the roster's load under "Current details" in the Temporal UI,
// so ops read who carries what without a query.
func (r *rosterRun) publishRoster(ctx workflow.Context) {
	workflow.SetCurrentDetails(ctx, rosterDetails(r.state.View(workflow.Now(ctx)), len(r.state.Bookings)))
}

// rosterDetails fits the team in the three lines the UI shows before "more": the
// totals and managers, then everyone on one line, then the queue. The table follows.
func rosterDetails(v roster.View, booked int) string {
	var b strings.Builder
	b.WriteString(fmt.Sprintf("**Roster of %s**: %d open tasks booked, %d waiting; managers %s\n\n", v.Team, booked, len(v.Queue), strings.Join(v.Managers, ", ")))
	people := make([]string, 0, len(v.People))
	for _, p := range v.People {
		busiest := busiestAllocation(p)
		s := p.ID
		if p.Away {
			s += " (away)"
		}
		s += fmt.Sprintf(" %gh", p.PlannedHours)
		if len(p.OpenTasks) > 0 {
			s += fmt.Sprintf(" (%d open, %s %.0f%%)", len(p.OpenTasks), busiest.Allocation, busiest.Utilization*100)
		}
		people = append(people, s)
	}
	b.WriteString(fmt.Sprintf("People, planned hours: %s\n\n", strings.Join(people, " · ")))
	b.WriteString(queueLine(v.Queue) + "\n\n")
	b.WriteString("| person | seniority | planned h | busiest allocation | open tasks |\n|---|---|---|---|---|\n")
	for _, p := range v.People {
		busiest := busiestAllocation(p)
		away := ""
		if p.Away {
			away = " (away)"
		}
		b.WriteString(fmt.Sprintf("| %s%s | %s | %.1f | %s %.0f%% | %d |\n", p.ID, away, p.Seniority, p.PlannedHours, busiest.Allocation, busiest.Utilization*100, len(p.OpenTasks)))
	}
	return b.String()
}

func busiestAllocation(p roster.PersonView) roster.AllocationView {
	busiest := p.Allocations[0]
	for _, a := range p.Allocations[1:] {
		if a.Utilization > busiest.Utilization {
			busiest = a
		}
	}
	return busiest
}

// queueLine names the first waiting tasks, in the order they will be taken.
func queueLine(queue []roster.Waiting) string {
	if len(queue) == 0 {
		return "Queue: empty"
	}
	names := make([]string, 0, queueShown+1)
	for i, w := range queue {
		if i == queueShown {
			names = append(names, fmt.Sprintf("and %d more", len(queue)-queueShown))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", w.TaskID, w.Skill))
	}
	return fmt.Sprintf("**Queue**: %s", strings.Join(names, ", "))
}
