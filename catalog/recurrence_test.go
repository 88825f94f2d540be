package catalog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRecurrenceAccepted(t *testing.T) {
	tests := []struct {
		name   string
		recurs *Recurrence
		says   string
	}{
		{"none", nil, ""},
		{"weekly on a working day", &Recurrence{Every: EveryWeek, On: "mon", At: "10:00"}, "every Monday at 10:00"},
		{"weekly late in the day", &Recurrence{Every: EveryWeek, On: "fri", At: "23:59"}, "every Friday at 23:59"},
		{"monthly on the first", &Recurrence{Every: EveryMonth, Day: 1, At: "08:00"}, "on day 1 of every month at 08:00"},
		{"monthly on the 28th at midnight", &Recurrence{Every: EveryMonth, Day: 28, At: "00:00"}, "on day 28 of every month at 00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := smallCatalog()
			c.TaskTypes[1].Recurs = tt.recurs
			parsed, err := Parse(marshal(t, c))
			require.NoError(t, err)
			got, _ := parsed.TaskType("creative-review")
			require.Equal(t, tt.recurs, got.Recurs, "the cadence survives JSON")
			if tt.recurs != nil {
				require.Equal(t, tt.says, got.Recurs.String())
			}
		})
	}
}

func TestRecurrenceRejected(t *testing.T) {
	const field = `task type "creative-review" (taskTypes[1]): field `
	tests := []struct {
		name   string
		recurs Recurrence
		want   string
	}{
		{"no period", Recurrence{On: "mon", At: "10:00"}, field + `recurs.every: "" is not a period; use "week" or "month"`},
		{"fortnightly", Recurrence{Every: "fortnight", On: "mon", At: "10:00"}, field + `recurs.every: "fortnight" is not a period`},
		{"weekly without a day", Recurrence{Every: EveryWeek, At: "10:00"}, field + `recurs.on: "" is not a weekday; use mon, tue, wed, thu, fri, sat or sun`},
		{"weekday spelt out", Recurrence{Every: EveryWeek, On: "monday", At: "10:00"}, field + `recurs.on: "monday" is not a weekday`},
		{"weekday in capitals", Recurrence{Every: EveryWeek, On: "Mon", At: "10:00"}, field + `recurs.on: "Mon" is not a weekday`},
		{"weekly on a day off", Recurrence{Every: EveryWeek, On: "wed", At: "10:00"}, field + `recurs.on: "wed" is a day off for the team; pick a day in its workingHours`},
		{"weekly with a day of the month", Recurrence{Every: EveryWeek, On: "mon", Day: 3, At: "10:00"}, field + "recurs.day: only a monthly cadence has a day of the month"},
		{"monthly without a day", Recurrence{Every: EveryMonth, At: "08:00"}, field + "recurs.day: 0 must be between 1 and 28, so that every month has the day"},
		{"monthly on the 31st", Recurrence{Every: EveryMonth, Day: 31, At: "08:00"}, field + "recurs.day: 31 must be between 1 and 28"},
		{"monthly with a weekday", Recurrence{Every: EveryMonth, On: "mon", Day: 1, At: "08:00"}, field + "recurs.on: only a weekly cadence has a weekday"},
		{"hour 25", Recurrence{Every: EveryWeek, On: "mon", At: "25:00"}, field + `recurs.at: "25:00" is not HH:MM; give the time of day in the team's zone, like "10:00"`},
		{"no leading zero", Recurrence{Every: EveryWeek, On: "mon", At: "9:30"}, field + `recurs.at: "9:30" is not HH:MM`},
		{"minute 60", Recurrence{Every: EveryMonth, Day: 1, At: "08:60"}, field + `recurs.at: "08:60" is not HH:MM`},
		{"no time", Recurrence{Every: EveryMonth, Day: 1}, field + `recurs.at: "" is not HH:MM`},
		{"24:00", Recurrence{Every: EveryWeek, On: "fri", At: "24:00"}, field + `recurs.at: "24:00" is not HH:MM`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := smallCatalog()
			c.TaskTypes[1].Recurs = &tt.recurs
			_, err := Parse(marshal(t, c))
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// TestRecurrenceUnknownField checks that a typo in a cadence is refused, not ignored.
func TestRecurrenceUnknownField(t *testing.T) {
	c := smallCatalog()
	c.TaskTypes[1].Recurs = &Recurrence{Every: EveryWeek, On: "mon", At: "10:00"}
	valid := string(marshal(t, c))
	require.Contains(t, valid, `"on":"mon"`, "fixture")
	_, err := Parse([]byte(strings.Replace(valid, `"on":"mon"`, `"weekday":"mon"`, 1)))
	require.ErrorContains(t, err, `unknown field "weekday"`)
}

// TestDefaultRecurringTypes checks the two recurring types of DOMAIN.md §4 and that nothing else recurs.
func TestDefaultRecurringTypes(t *testing.T) {
	c := mustDefault(t)
	recurring := map[string]string{}
	for _, tt := range c.TaskTypes {
		if tt.Recurs != nil {
			recurring[tt.ID] = tt.Recurs.String()
		}
	}
	require.Equal(t, map[string]string{
		"weekly-lifecycle-email-qa": "every Monday at 10:00",
		"monthly-dashboard-refresh": "on day 1 of every month at 08:00",
	}, recurring)
}

func TestRecurrenceClock(t *testing.T) {
	h, m := Recurrence{Every: EveryWeek, On: "mon", At: "10:30"}.Clock()
	require.Equal(t, [2]int{10, 30}, [2]int{h, m})
	h, m = Recurrence{Every: EveryMonth, Day: 1, At: "08:05"}.Clock()
	require.Equal(t, [2]int{8, 5}, [2]int{h, m})
}
