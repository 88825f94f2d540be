package workflows

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRosterUpdatesNameTheirFields pins the field lists a misspelt roster update is
// answered with, the texts people see from the CLI and the Temporal UI.
func TestRosterUpdatesNameTheirFields(t *testing.T) {
	body := []byte(`{"bak": 1}`)
	tests := []struct {
		update string
		err    error
		want   string
	}{
		{UpdateJoin, json.Unmarshal(body, &strictUpdate[JoinUpdate]{}), "actor, person (id, name, seniority, skills, weeklyHours, allocations, timeOff)"},
		{UpdateLeave, json.Unmarshal(body, &strictUpdate[LeaveUpdate]{}), "actor, person"},
		{UpdateOutOfOffice, json.Unmarshal(body, &strictUpdate[OutOfOfficeUpdate]{}), "actor, person, from, back"},
		{UpdateBackInOffice, json.Unmarshal(body, &strictUpdate[BackInOfficeUpdate]{}), "actor, person"},
		{UpdateChangeHours, json.Unmarshal(body, &strictUpdate[ChangeHoursUpdate]{}), "actor, person, weeklyHours, allocations"},
		{UpdateReassignTask, json.Unmarshal(body, &strictUpdate[ReassignTaskUpdate]{}), "actor, taskId, to"},
	}
	for _, tt := range tests {
		t.Run(tt.update, func(t *testing.T) {
			require.EqualError(t, tt.err, `unknown field "bak"; the fields are `+tt.want)
		})
	}
}
