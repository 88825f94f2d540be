package catalog

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	// Embedded zone data keeps team calendars working on hosts without a zoneinfo database.
	_ "time/tzdata"
)

// Calendar is a team's working time: its zone, its hours per weekday and its holidays.
type Calendar struct {
	// TimeZone is an IANA zone name, such as "America/New_York".
	TimeZone string `json:"timeZone"`
	// WorkingHours maps a weekday ("mon" … "sun") to its hours, "09:00-17:00". Days not listed are off.
	WorkingHours map[string]string `json:"workingHours"`
	// Holidays are dates, "2026-12-25", in the team's zone.
	Holidays []string `json:"holidays,omitempty"`
}

var weekdayKeys = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

type dayHours struct {
	working     bool
	open, close time.Duration // since local midnight
}

type workCalendar struct {
	loc      *time.Location
	week     [7]dayHours
	holidays map[string]bool
}

// Validate reports the first field of the calendar that Lanes cannot use.
func (c Calendar) Validate() error {
	_, err := c.compile()
	return err
}

func (c Calendar) compile() (workCalendar, error) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		return workCalendar{}, fmt.Errorf("timeZone: %q is not an IANA zone; use a name like \"America/New_York\"", c.TimeZone)
	}
	w := workCalendar{loc: loc, holidays: map[string]bool{}}
	keys := make([]string, 0, len(c.WorkingHours))
	// The keys are sorted before use, so the map's order never shows.
	//workflowcheck:ignore
	for k := range c.WorkingHours {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		day, ok := weekdayKeys[strings.ToLower(k)]
		if !ok {
			return workCalendar{}, fmt.Errorf("workingHours.%s: not a weekday; use mon, tue, wed, thu, fri, sat or sun", k)
		}
		h, err := parseHours(c.WorkingHours[k])
		if err != nil {
			return workCalendar{}, fmt.Errorf("workingHours.%s: %w", k, err)
		}
		w.week[day] = h
	}
	if len(keys) == 0 {
		return workCalendar{}, errors.New(`workingHours: no working day; give at least one, like "mon": "09:00-17:00"`)
	}
	for i, d := range c.Holidays {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return workCalendar{}, fmt.Errorf("holidays[%d]: %q is not a date; use YYYY-MM-DD", i, d)
		}
		w.holidays[d] = true
	}
	return w, nil
}

func parseHours(s string) (dayHours, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return dayHours{}, fmt.Errorf("%q is not a range of hours; use \"09:00-17:00\"", s)
	}
	open, err1 := parseClock(from)
	closing, err2 := parseClock(to)
	if err1 != nil || err2 != nil || closing <= open {
		return dayHours{}, fmt.Errorf("%q is not a range of hours within one day; use \"09:00-17:00\"", s)
	}
	return dayHours{working: true, open: open, close: closing}, nil
}

func parseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		if strings.TrimSpace(s) == "24:00" {
			return 24 * time.Hour, nil
		}
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// dayOf stands for the local day t falls on, plus n days. It is noon of that day:
// some zones skip midnight when summer time starts (America/Santiago), and Go then
// gives 23:00 of the day before, which would count the wrong date.
func (w workCalendar) dayOf(t time.Time, n int) time.Time {
	l := t.In(w.loc)
	return time.Date(l.Year(), l.Month(), l.Day()+n, 12, 0, 0, 0, w.loc)
}

func (w workCalendar) isWorkingDay(day time.Time) bool {
	return w.week[day.Weekday()].working && !w.holidays[day.Format(time.DateOnly)]
}

// hours gives the opening and closing of the working day t falls on. They are read
// on the wall clock, not as midnight plus a duration, so a day whose clocks change
// still opens and closes at its stated hours.
func (w workCalendar) hours(t time.Time) (time.Time, time.Time) {
	m := w.dayOf(t, 0)
	h := w.week[m.Weekday()]
	at := func(d time.Duration) time.Time {
		return time.Date(m.Year(), m.Month(), m.Day(), 0, int(d/time.Minute), 0, 0, w.loc)
	}
	return at(h.open), at(h.close)
}

// maxScanDays bounds the search for a working day, so a calendar of holidays only fails instead of looping.
const maxScanDays = 800

// nextWorkingMoment is t when t is inside working hours, else the next opening.
func (w workCalendar) nextWorkingMoment(t time.Time) (time.Time, error) {
	for i := 0; i < maxScanDays; i++ {
		m := w.dayOf(t, i)
		if !w.isWorkingDay(m) {
			continue
		}
		open, closing := w.hours(m)
		switch {
		case i > 0 || t.Before(open):
			return open, nil
		case t.Before(closing):
			return t.In(w.loc), nil
		}
	}
	return time.Time{}, fmt.Errorf("no working day within %d days of %s; check workingHours and holidays", maxScanDays, t.Format(time.DateOnly))
}

// nthWorkingDay is the n-th working day after the day of t (n = 0 is that day), as dayOf gives it.
func (w workCalendar) nthWorkingDay(t time.Time, n int) (time.Time, error) {
	for i := 1; n > 0 && i < maxScanDays; i++ {
		m := w.dayOf(t, i)
		if w.isWorkingDay(m) {
			n--
			if n == 0 {
				return m, nil
			}
		}
	}
	if n == 0 {
		return w.dayOf(t, 0), nil
	}
	return time.Time{}, errors.New("not enough working days ahead; check workingHours and holidays")
}

func (w workCalendar) addWorkingTime(from time.Time, d time.Duration) (time.Time, error) {
	t := from
	for {
		start, err := w.nextWorkingMoment(t)
		if err != nil {
			return time.Time{}, err
		}
		_, closing := w.hours(start)
		left := closing.Sub(start)
		if d <= left {
			return start.Add(d), nil
		}
		d -= left
		t = closing
	}
}

// addWorkingDays counts whole working days: intake at 11:00 is due at 11:00 n working
// days later; intake outside hours is due at the close of the n-th working day it starts on.
func (w workCalendar) addWorkingDays(from time.Time, n int) (time.Time, error) {
	start, err := w.nextWorkingMoment(from)
	if err != nil {
		return time.Time{}, err
	}
	open, _ := w.hours(start)
	offset := start.Sub(open)
	if offset == 0 {
		day, err := w.nthWorkingDay(start, n-1)
		if err != nil {
			return time.Time{}, err
		}
		_, closing := w.hours(day)
		return closing, nil
	}
	day, err := w.nthWorkingDay(start, n)
	if err != nil {
		return time.Time{}, err
	}
	dayOpen, dayClose := w.hours(day)
	if due := dayOpen.Add(offset); due.Before(dayClose) {
		return due, nil
	}
	return dayClose, nil
}
