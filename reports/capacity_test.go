package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/roster"
)

// csvTable is one table's lines of a report as CSV writes them, its header first.
func csvTable(t *testing.T, r *Report, name string) []string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, WriteCSV(&out, r))
	var rows []string
	header := ""
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		switch {
		case strings.HasPrefix(line, "table,"):
			header = line
		case strings.HasPrefix(line, name+","):
			if rows == nil {
				rows = []string{header}
			}
			rows = append(rows, line)
		}
	}
	return rows
}

func TestCapacityReport(t *testing.T) {
	store := ledgerOf(t, threeTasks())
	at := march(5, 12, 0)
	// Lena holds 7.5h of her 7.6h of reactive support, over the line since the
	// third booking (11:00 on the 4th); omar is away until the 9th.
	lena := person("lena", []string{"writing", "design"}, 15.2, 7.6)
	lena.WeeklyHours, lena.PlannedHours = 38, 7.5
	for _, b := range []struct {
		id    string
		hours float64
		hour  int
	}{{"task-a", 3, 9}, {"task-b", 2, 10}, {"task-c", 2.5, 11}} {
		lena.OpenTasks = append(lena.OpenTasks, roster.Booking{Request: roster.Request{TaskID: b.id, Allocation: reactive, Hours: b.hours}, Person: "lena", BookedAt: march(4, b.hour, 0)})
	}
	lena.Allocations[1].Booked, lena.Allocations[1].Utilization = 7.5, 7.5/7.6
	omar := person("omar", []string{"analysis"}, 15.2, 7.6)
	back := march(9, 9, 0)
	omar.WeeklyHours, omar.Away, omar.AwayUntil = 38, true, &back
	rosters := Rosters{"marketing-ops": {Team: "marketing-ops", People: []roster.PersonView{lena, omar}}}

	r, err := Capacity(context.Background(), store, Scope{Period: march2026, Zone: zone, At: at}, []string{"analytics", "marketing-ops"}, rosters)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"table,team,person,allocation,capacity_hours,planned_hours,utilization,at_line",
		"allocations,marketing-ops,lena,campaign-execution,15.2,0,0,",
		"allocations,marketing-ops,lena,reactive-support,7.6,7.5,0.9868,FULL",
		"allocations,marketing-ops,omar,campaign-execution,15.2,0,0,",
		"allocations,marketing-ops,omar,reactive-support,7.6,0,0,",
	}, csvTable(t, r, "allocations"))
	// From 11:00 on the 4th to noon on the 5th: 25 hours.
	assert.Equal(t, []string{
		"table,team,person,allocation,utilization,since,for_minutes",
		"at_line,marketing-ops,lena,reactive-support,0.9868,2026-03-04T11:00:00-05:00,1500",
	}, csvTable(t, r, "at_line"))
	// Lena completed the review (1h estimated, 1.5h reported), omar the failed
	// check (15 minutes, 0.5h), both within 7 days of the 5th; the bot's check has no person.
	assert.Equal(t, []string{
		"table,team,person,weekly_hours,away,planned_hours,open_tasks,estimated_hours_7d,actual_hours_7d,actual_to_estimate_7d,estimated_hours_30d,actual_hours_30d,actual_to_estimate_30d",
		"people,marketing-ops,lena,38,,7.5,3,1,1.5,1.5,1,1.5,1.5",
		"people,marketing-ops,omar,38,until Mon 9 Mar 09:00,0,0,0.25,0.5,2,0.25,0.5,2",
	}, csvTable(t, r, "people"))
	// Over March: three completed, one by the bot (its 15 minutes saved), one
	// resolution breach, one reroute over three tasks.
	assert.Equal(t, []string{
		"table,team,completed,by_automation,automation_rate,manual_minutes_saved,response_breached,resolution_breached,handoffs_per_task",
		"summary,analytics,0,0,0,0,0,0,0",
		"summary,marketing-ops,3,1,0.3333,15,0,1,0.33",
	}, csvTable(t, r, "summary"))
	assert.Equal(t, []string{"analytics has no roster: its human work waits in role queues, so it has no planned load or capacity."}, r.Notes)

	// A week later, the tasks of the 2nd and 3rd are out of the 7 days but within the 30.
	later, err := Capacity(context.Background(), store, Scope{Period: march2026, Zone: zone, At: at.Add(7 * 24 * time.Hour)}, []string{"marketing-ops"}, rosters)
	require.NoError(t, err)
	assert.Contains(t, csvTable(t, later, "people"), "people,marketing-ops,lena,38,,7.5,3,0,0,0,1,1.5,1.5")
}
