package catalog

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestResumeGivesBackTheTimeThatWasLeft(t *testing.T) {
	cat, err := Default()
	require.NoError(t, err)
	ny := cat.Teams["marketing-ops"]
	loc, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, loc) }
	for _, tc := range []struct {
		name                      string
		sla                       SLA
		deadline, paused, resumed time.Time
		want                      time.Time
	}{
		{"wall clock keeps the minutes left", "60m", at(24, 11, 0), at(24, 10, 40), at(24, 15, 0), at(24, 15, 20)},
		{"business hours count working time only", "3 business hours", at(24, 13, 0), at(24, 11, 0), at(24, 16, 0), at(25, 10, 0)},
		{"working time left skips the holiday", "same day", at(25, 17, 0), at(25, 15, 0), at(25, 16, 30), at(27, 10, 30)},
		{"the hour left before close is kept overnight", "1 business day", at(25, 12, 0), at(24, 16, 0), at(24, 20, 0), at(25, 13, 0)},
		{"nothing left is due at once in working time", "same day", at(24, 17, 0), at(24, 17, 30), at(24, 19, 0), at(25, 9, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// What a workflow does on resume: the budget left at the pause runs again from the resume.
			left, err := ny.Span(tc.paused, tc.deadline, tc.sla)
			require.NoError(t, err)
			got, err := ny.Extend(tc.resumed, left, tc.sla)
			require.NoError(t, err)
			require.True(t, tc.want.Equal(got), "want %s, got %s", tc.want, got.In(loc))
		})
	}
}
