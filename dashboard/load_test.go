package dashboard

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// An allocation a person has no share of is drawn empty, not full, and is not at
// the line: the roster books nothing there, as starter report capacity says.
func TestLoadDrawsANoShareAllocationEmpty(t *testing.T) {
	v := roster.View{Team: "ops", People: []roster.PersonView{{ID: "ann", Allocations: []roster.AllocationView{
		{Allocation: catalog.AllocationCampaignExecution, Capacity: 0, Booked: 0, Utilization: 1},
		{Allocation: catalog.AllocationReactiveSupport, Capacity: 8, Booked: 8, Utilization: 1},
	}}}}

	l := loadOf(v)

	assert.Equal(t, []string{"ann: reactive-support 100%"}, l.Full)
	assert.Contains(t, string(l.Chart), "no hours in this allocation")
}
