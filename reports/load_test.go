package reports

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/roster"
)

func TestLoadsFindWhenThePersonReachedTheLine(t *testing.T) {
	day := time.Date(2026, time.March, 10, 0, 0, 0, 0, time.UTC)
	booking := func(id string, hours float64, hour int) roster.Booking {
		return roster.Booking{Request: roster.Request{TaskID: id, Allocation: reactive, Hours: hours}, Person: "lena", BookedAt: day.Add(time.Duration(hour) * time.Hour)}
	}
	// Booked out of order: 3h at 09:00, 2h at 10:00, 2.5h at 11:00 against 7.6h;
	// the line is 7.22h, which the 11:00 booking passes.
	lena := roster.PersonView{ID: "lena", OpenTasks: []roster.Booking{booking("task-c", 2.5, 11), booking("task-a", 3, 9), booking("task-b", 2, 10),
		{Request: roster.Request{TaskID: "task-d", Allocation: campaign, Hours: 1}, Person: "lena", BookedAt: day}},
		Allocations: []roster.AllocationView{
			{Allocation: campaign, Capacity: 15.2, Booked: 1, Utilization: 1 / 15.2},
			{Allocation: reactive, Capacity: 7.6, Booked: 7.5, Utilization: 7.5 / 7.6},
		}}
	// Exactly at the line counts: 95% of 20h is 19h.
	omar := roster.PersonView{ID: "omar", OpenTasks: []roster.Booking{{Request: roster.Request{TaskID: "task-e", Allocation: campaign, Hours: 19}, Person: "omar", BookedAt: day}},
		Allocations: []roster.AllocationView{{Allocation: campaign, Capacity: 20, Booked: 19, Utilization: 0.95}, {Allocation: reactive}}}

	eleven := day.Add(11 * time.Hour)
	assert.Equal(t, []AllocationLoad{
		{Person: "lena", Allocation: campaign, CapacityHours: 15.2, PlannedHours: 1, Utilization: 1 / 15.2},
		{Person: "lena", Allocation: reactive, CapacityHours: 7.6, PlannedHours: 7.5, Utilization: 7.5 / 7.6, AtLine: true, AtLineSince: &eleven},
		{Person: "omar", Allocation: campaign, CapacityHours: 20, PlannedHours: 19, Utilization: 0.95, AtLine: true, AtLineSince: &day},
		// No hours in the allocation: never at the line.
		{Person: "omar", Allocation: reactive},
	}, Loads(roster.View{People: []roster.PersonView{lena, omar}}))
}
