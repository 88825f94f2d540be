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
	workflow.SetCurrentDetails(ctx, rosterDetails(r.state.Glance(workflow.Now(ctx), queueShown)))
}

// rosterDetails fits the team in the three lines the UI shows before "more": the
// totals and managers, then everyone on one line, then the queue. The table follows.
func rosterDetails(g roster.Glance) string {
	var b strings.Builder
	b.WriteString(fmt.Sprintf("**Roster of %s**: %d open tasks booked, %d waiting; managers %s\n\n", g.Team, g.Booked, g.Waiting, strings.Join(g.Managers, ", ")))
	people := make([]string, 0, len(g.People))
	for _, p := range g.People {
		s := p.ID
		if p.Away {
			s += " (away)"
		}
		s += fmt.Sprintf(" %gh", p.PlannedHours)
		if p.OpenTasks > 0 {
			s += fmt.Sprintf(" (%d open, %s %.0f%%)", p.OpenTasks, p.Busiest.Allocation, p.Busiest.Utilization*100)
		}
		people = append(people, s)
	}
	b.WriteString(fmt.Sprintf("People, planned hours: %s\n\n", strings.Join(people, " · ")))
	b.WriteString(queueLine(g.Next, g.Waiting) + "\n\n")
	b.WriteString("| person | seniority | planned h | busiest allocation | open tasks |\n|---|---|---|---|---|\n")
	for _, p := range g.People {
		away := ""
		if p.Away {
			away = " (away)"
		}
		b.WriteString(fmt.Sprintf("| %s%s | %s | %.1f | %s %.0f%% | %d |\n", p.ID, away, p.Seniority, p.PlannedHours, p.Busiest.Allocation, p.Busiest.Utilization*100, p.OpenTasks))
	}
	return b.String()
}

// queueLine names the first waiting tasks, in the order they will be taken.
func queueLine(next []roster.Waiting, waiting int) string {
	if waiting == 0 {
		return "Queue: empty"
	}
	names := make([]string, 0, len(next)+1)
	for _, w := range next {
		names = append(names, fmt.Sprintf("%s (%s)", w.TaskID, w.Skill))
	}
	if more := waiting - len(next); more > 0 {
		names = append(names, fmt.Sprintf("and %d more", more))
	}
	return fmt.Sprintf("**Queue**: %s", strings.Join(names, ", "))
}
