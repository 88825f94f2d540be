package catalog

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fuzzCalendars mix a plain office week with calendars that work on the Sundays
// when clocks change, including Santiago, whose spring change skips midnight.
var fuzzCalendars = []Calendar{
	newYork,
	london,
	{TimeZone: "America/New_York", WorkingHours: map[string]string{
		"sat": "10:00-14:00", "sun": "08:00-20:00", "wed": "06:30-24:00",
	}, Holidays: []string{"2026-07-04"}},
	{TimeZone: "America/Santiago", WorkingHours: map[string]string{
		"sat": "09:00-17:00", "sun": "09:00-17:00", "mon": "01:00-23:00",
	}},
}

var (
	fuzzFrom = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	fuzzTo   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// FuzzDeadline checks what must hold for any intake: a deadline is never before intake,
// and one counted on the calendar falls inside working time.
func FuzzDeadline(f *testing.F) {
	f.Add(time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC).Unix(), uint8(2), uint16(3), uint8(0))
	f.Add(time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC).Unix(), uint8(1), uint16(0), uint8(2))
	f.Add(time.Date(2026, 9, 5, 23, 0, 0, 0, time.UTC).Unix(), uint8(1), uint16(0), uint8(3))
	f.Add(time.Date(2026, 10, 23, 17, 0, 0, 0, time.UTC).Unix(), uint8(3), uint16(2), uint8(1))
	f.Add(int64(0), uint8(0), uint16(15), uint8(0))
	f.Fuzz(func(t *testing.T, sec int64, kind uint8, n uint16, calIndex uint8) {
		span := fuzzTo - fuzzFrom
		// Fold sec into 2000–2100, leaving seconds already in range where they are.
		from := time.Unix(fuzzFrom+((sec-fuzzFrom)%span+span)%span, 0)
		cal := fuzzCalendars[int(calIndex)%len(fuzzCalendars)]
		var sla SLA
		switch kind % 5 {
		case 0:
			sla = SLA(fmt.Sprintf("%dm", 1+int(n)%10000))
		case 1:
			sla = "same day"
		case 2:
			sla = SLA(fmt.Sprintf("%d business hours", 1+int(n)%2000))
		case 3:
			sla = SLA(fmt.Sprintf("%d business days", 1+int(n)%300))
		default:
			sla = "1 business day"
		}
		what := fmt.Sprintf("%s from %s on %s", sla, from.UTC(), cal.TimeZone)
		got, err := cal.Deadline(from, sla)
		require.NoError(t, err, what)
		require.False(t, got.Before(from), "%s: deadline %s is before intake", what, got.UTC())
		if kind%5 == 0 {
			require.Equal(t, from.Add(mustParseSLA(t, sla).d), got, "wall-clock deadline")
			return
		}
		// Working time never runs faster than the wall clock.
		if p := mustParseSLA(t, sla); p.kind == slaBusinessHours {
			require.GreaterOrEqual(t, got.Sub(from), p.d, "%s: deadline %s is too soon", what, got.UTC())
		}
		require.True(t, inWorkingTime(t, cal, got), "%s: deadline %s is outside working time", what, got.In(mustLoc(t, cal)))
	})
}

// inWorkingTime restates the calendar on its own: d is between opening and close (inclusive)
// of a working, non-holiday day; d's own day or, for a 24:00 close, the day before.
func inWorkingTime(t *testing.T, c Calendar, d time.Time) bool {
	loc := mustLoc(t, c)
	l := d.In(loc)
	for _, back := range []int{0, 1} {
		y, m, day := l.Year(), l.Month(), l.Day()-back
		date := time.Date(y, m, day, 12, 0, 0, 0, loc)
		hours, ok := c.WorkingHours[strings.ToLower(date.Weekday().String()[:3])]
		if !ok || slices.Contains(c.Holidays, date.Format(time.DateOnly)) {
			continue
		}
		var oh, om, ch, cm int
		_, err := fmt.Sscanf(hours, "%d:%d-%d:%d", &oh, &om, &ch, &cm)
		require.NoError(t, err, "fixture hours %q", hours)
		open := time.Date(date.Year(), date.Month(), date.Day(), oh, om, 0, 0, loc)
		closing := time.Date(date.Year(), date.Month(), date.Day(), ch, cm, 0, 0, loc)
		if !d.Before(open) && !d.After(closing) {
			return true
		}
	}
	return false
}

func mustParseSLA(t *testing.T, s SLA) parsedSLA {
	t.Helper()
	p, err := s.parse()
	require.NoError(t, err)
	return p
}

func mustLoc(t *testing.T, c Calendar) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(c.TimeZone)
	require.NoError(t, err)
	return loc
}
