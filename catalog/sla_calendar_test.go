package catalog

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var weekdays9to5 = map[string]string{"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-17:00"}

// newYork has Thanksgiving, Thursday 2026-11-26, off; London closes at 17:30; shortFriday closes Fridays at 13:00.
var (
	newYork = Calendar{TimeZone: "America/New_York", WorkingHours: weekdays9to5, Holidays: []string{"2026-11-26"}}
	london  = Calendar{TimeZone: "Europe/London", WorkingHours: map[string]string{
		"mon": "09:00-17:30", "tue": "09:00-17:30", "wed": "09:00-17:30", "thu": "09:00-17:30", "fri": "09:00-17:30",
	}, Holidays: []string{"2026-12-25"}}
	shortFriday = Calendar{TimeZone: "America/New_York", WorkingHours: map[string]string{
		"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-13:00",
	}}
)

// local reads "2006-01-02 15:04" on the calendar's wall clock.
func local(t *testing.T, c Calendar, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(c.TimeZone)
	require.NoError(t, err)
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

// In November 2026 the 20th and 27th are Fridays, the 24th a Tuesday, the 26th Thanksgiving.
func TestDeadline(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		from string
		sla  SLA
		want string
	}{
		{"wall clock ignores the weekend", newYork, "2026-11-21 03:00", "15m", "2026-11-21 03:15"},
		{"wall clock runs past close", newYork, "2026-11-20 15:00", "4h", "2026-11-20 19:00"},
		{"wall clock runs through a holiday", newYork, "2026-11-26 10:00", "24h", "2026-11-27 10:00"},
		{"business hours within the day", newYork, "2026-11-24 09:00", "8 business hours", "2026-11-24 17:00"},
		{"business hours cross close", newYork, "2026-11-24 15:00", "3 business hours", "2026-11-25 10:00"},
		{"business hours cross a weekend", newYork, "2026-11-20 16:00", "3 business hours", "2026-11-23 11:00"},
		{"business hours skip a holiday", newYork, "2026-11-25 16:00", "3 business hours", "2026-11-27 11:00"},
		{"business hours from the weekend", newYork, "2026-11-21 12:00", "1 business hour", "2026-11-23 10:00"},
		{"business hours with a half-hour close", london, "2026-11-24 16:00", "3 business hours", "2026-11-25 10:30"},
		{"same day during hours", newYork, "2026-11-24 11:00", "same day", "2026-11-24 17:00"},
		{"same day before opening", newYork, "2026-11-24 07:00", "same day", "2026-11-24 17:00"},
		{"same day at close is the next day", newYork, "2026-11-24 17:00", "same day", "2026-11-25 17:00"},
		{"same day after close on Friday", newYork, "2026-11-20 18:00", "same day", "2026-11-23 17:00"},
		{"same day on a holiday", newYork, "2026-11-26 10:00", "Same Day", "2026-11-27 17:00"},
		{"same day in London", london, "2026-11-24 11:00", "same day", "2026-11-24 17:30"},
		{"1 business day from mid-day", newYork, "2026-11-24 11:00", "1 business day", "2026-11-25 11:00"},
		{"1 business day from opening", newYork, "2026-11-24 09:00", "1 business day", "2026-11-24 17:00"},
		{"1 business day from the evening", newYork, "2026-11-24 20:00", "1 business day", "2026-11-25 17:00"},
		{"1 business day across a weekend", newYork, "2026-11-20 11:00", "1 business day", "2026-11-23 11:00"},
		{"1 business day across a holiday", newYork, "2026-11-25 11:00", "1 business day", "2026-11-27 11:00"},
		{"2 business days across a holiday", newYork, "2026-11-24 11:00", "2 business days", "2026-11-27 11:00"},
		{"2 business days from the evening", newYork, "2026-11-24 20:00", "2 business days", "2026-11-27 17:00"},
		{"2 business days from the weekend", newYork, "2026-11-21 12:00", "2 business days", "2026-11-24 17:00"},
		{"1 business day over Christmas", london, "2026-12-24 11:00", "1 business day", "2026-12-28 11:00"},
		{"1 business day ends at an early close", shortFriday, "2026-11-19 15:00", "1 business day", "2026-11-20 13:00"},
		{"same day on a short day", shortFriday, "2026-11-20 10:00", "same day", "2026-11-20 13:00"},
		{"business hours across a short day", shortFriday, "2026-11-20 12:00", "2 business hours", "2026-11-23 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.cal.Deadline(local(t, tt.cal, tt.from), tt.sla)
			require.NoError(t, err)
			require.Equal(t, local(t, tt.cal, tt.want).UTC(), got.UTC(), "deadline")
		})
	}
}

// TestDeadlineDST spells out the UTC instant, since a deadline kept an hour off by a
// daylight-saving change still reads right on the wrong wall clock.
func TestDeadlineDST(t *testing.T) {
	everyDayNY := Calendar{TimeZone: "America/New_York", WorkingHours: map[string]string{
		"mon": "09:00-17:00", "tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00",
		"fri": "09:00-17:00", "sat": "09:00-17:00", "sun": "09:00-17:00",
	}}
	// Santiago springs forward at midnight, so 2026-09-06 has no 00:00.
	everyDaySantiago := Calendar{TimeZone: "America/Santiago", WorkingHours: everyDayNY.WorkingHours}
	tests := []struct {
		name    string
		cal     Calendar
		from    string
		sla     SLA
		wantUTC string
	}{
		{"US spring: Fri EST to Mon EDT", newYork, "2026-03-06 11:00", "1 business day", "2026-03-09 15:00"},
		{"US spring: same day on Monday", newYork, "2026-03-09 08:00", "same day", "2026-03-09 21:00"},
		{"US autumn: Fri EDT to Mon EST", newYork, "2026-10-30 11:00", "1 business day", "2026-11-02 16:00"},
		{"US autumn: business hours over the weekend", newYork, "2026-10-30 16:00", "3 business hours", "2026-11-02 16:00"},
		{"US autumn: wall clock counts elapsed hours", newYork, "2026-10-31 12:00", "24h", "2026-11-01 16:00"},
		{"UK spring: Fri GMT to Mon BST", london, "2026-03-27 11:00", "1 business day", "2026-03-30 10:00"},
		{"UK autumn: Fri BST to Mon GMT", london, "2026-10-23 11:00", "1 business day", "2026-10-26 11:00"},
		{"UK autumn: same day after Friday close", london, "2026-10-23 18:00", "same day", "2026-10-26 17:30"},
		{"working Sunday, US spring", everyDayNY, "2026-03-08 10:00", "same day", "2026-03-08 21:00"},
		{"working Sunday, US spring, before opening", everyDayNY, "2026-03-08 08:30", "1 business hour", "2026-03-08 14:00"},
		{"working Sunday, US autumn", everyDayNY, "2026-11-01 10:00", "same day", "2026-11-01 22:00"},
		{"midnight gap: Saturday evening to Sunday", everyDaySantiago, "2026-09-05 18:00", "same day", "2026-09-06 20:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := time.Parse("2006-01-02 15:04", tt.wantUTC)
			require.NoError(t, err)
			got, err := tt.cal.Deadline(local(t, tt.cal, tt.from), tt.sla)
			require.NoError(t, err)
			require.True(t, want.Equal(got), "got %s (%s UTC), want %s UTC", got, got.UTC().Format(time.DateTime), tt.wantUTC)
		})
	}
}

func TestDeadlineRejectsBadSLA(t *testing.T) {
	from := local(t, newYork, "2026-11-24 11:00")
	for _, s := range []SLA{"", "  ", "soon", "0m", "-1h", "0 business days", "-2 business hours", "1 business week",
		"business day", "1.5 business hours", "two business days", "1 working day", "9999999 business hours"} {
		_, err := newYork.Deadline(from, s)
		require.Error(t, err, "Deadline accepted %q", s)
		require.Error(t, s.Validate(), "Validate accepted %q", s)
	}
	_, err := Calendar{TimeZone: "Nowhere/City", WorkingHours: weekdays9to5}.Deadline(from, "same day")
	require.ErrorContains(t, err, "timeZone")
}

// TestDeadlineWithoutWorkingDays checks that a calendar of holidays only fails rather than loops.
func TestDeadlineWithoutWorkingDays(t *testing.T) {
	closed := Calendar{TimeZone: "America/New_York", WorkingHours: weekdays9to5}
	for d := local(t, newYork, "2026-01-01 00:00"); d.Year() < 2030; d = d.AddDate(0, 0, 1) {
		closed.Holidays = append(closed.Holidays, d.Format(time.DateOnly))
	}
	require.NoError(t, closed.Validate())
	from := local(t, closed, "2026-11-24 11:00")
	for _, s := range []SLA{"same day", "1 business day", "3 business hours"} {
		_, err := closed.Deadline(from, s)
		require.ErrorContains(t, err, "working")
	}
	// Wall-clock SLAs do not need the calendar.
	got, err := closed.Deadline(from, "4h")
	require.NoError(t, err)
	require.Equal(t, from.Add(4*time.Hour), got, "4h")
	// More business days than the scan covers fails too.
	_, err = newYork.Deadline(from, "700 business days")
	require.ErrorContains(t, err, "working days")
}
