package reports

import (
	"cmp"
	"slices"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// epsilon absorbs float rounding when hours sum exactly to the line, as the roster does.
const epsilon = 1e-9

// AllocationLoad is one protected allocation of one person's week against the
// work booked to it now (DOMAIN.md §11, utilization).
type AllocationLoad struct {
	Person     string
	Allocation catalog.Allocation
	// CapacityHours is the allocation's weekly hours: weekly hours × its share.
	CapacityHours float64
	// PlannedHours sums the estimates of the open tasks booked to it.
	PlannedHours float64
	// Utilization is PlannedHours ÷ CapacityHours.
	Utilization float64
	// AtLine says the utilization is at or over the 95% line: the roster books
	// no more work there (DOMAIN.md §7).
	AtLine bool
	// AtLineSince is set when AtLine is: the
	// booking that took the person over it, among the tasks they hold now. Tasks
	// closed since may have kept them over the line earlier still, so it is the
	// start of the stretch the open work alone accounts for.
	AtLineSince *time.Time
}

// Loads reads each person's allocations from a roster's live state, in the
// roster's order of people and the allocations' reading order.
func Loads(v roster.View) []AllocationLoad {
	var out []AllocationLoad
	for _, p := range v.People {
		for _, a := range p.Allocations {
			load := AllocationLoad{Person: p.ID, Allocation: a.Allocation, CapacityHours: a.Capacity, PlannedHours: a.Booked, Utilization: a.Utilization}
			if a.Capacity > 0 && a.Utilization >= roster.UtilizationCap-epsilon {
				load.AtLine = true
				load.AtLineSince = overLineSince(p.OpenTasks, a.Allocation, a.Capacity)
			}
			out = append(out, load)
		}
	}
	return out
}

// overLineSince walks the allocation's open bookings in the order they were
// made and returns when their hours first reached the line.
func overLineSince(open []roster.Booking, a catalog.Allocation, capacity float64) *time.Time {
	var held []roster.Booking
	for _, b := range open {
		if b.Allocation == a {
			held = append(held, b)
		}
	}
	slices.SortFunc(held, func(x, y roster.Booking) int {
		return cmp.Or(x.BookedAt.Compare(y.BookedAt), cmp.Compare(x.TaskID, y.TaskID))
	})
	hours := 0.0
	for _, b := range held {
		hours += b.Hours
		if hours >= roster.UtilizationCap*capacity-epsilon {
			at := b.BookedAt
			return &at
		}
	}
	return nil
}
