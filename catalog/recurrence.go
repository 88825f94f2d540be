package catalog

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Recurrence is the cadence of work that comes back on its own, such as the weekly
// lifecycle email QA: weekly on a weekday or monthly on a day, at a time of day in
// the owning team's time zone. starter schedule turns it into a Temporal Schedule
// that starts one task per run and skips the team's holidays.
type Recurrence struct {
	// Every is the period: "week" or "month".
	Every Period `json:"every"`
	// On is the weekday of a weekly run: "mon", "tue", … "sun".
	On string `json:"on,omitempty"`
	// Day is the day of the month of a monthly run, 1–28, so that every month has it.
	Day int `json:"day,omitempty"`
	// At is the time of day in the team's zone, "10:00".
	At string `json:"at"`
}

// ScheduleRequester is the requester every run of a recurring schedule names, so
// the ledger tells scheduled work from requests people made.
const ScheduleRequester = "schedule"

// Period is how often recurring work comes back.
type Period string

// The periods a cadence may have.
const (
	EveryWeek  Period = "week"
	EveryMonth Period = "month"
)

// lastDayEveryMonthHas is the last day of the month that every month has; a
// monthly run on the 30th would silently miss February.
const lastDayEveryMonthHas = 28

var clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// Weekday is the day of a weekly run.
func (r Recurrence) Weekday() time.Weekday {
	return weekdayKeys[r.On]
}

// Clock is the hour and minute of a run, in the team's zone.
func (r Recurrence) Clock() (hour, minute int) {
	t, err := time.Parse("15:04", r.At)
	if err != nil {
		return 0, 0
	}
	return t.Hour(), t.Minute()
}

// String says the cadence the way ops say it: "every Monday at 10:00", "on day 1 of every month at 08:00".
func (r Recurrence) String() string {
	if r.Every == EveryWeek {
		return fmt.Sprintf("every %s at %s", r.Weekday(), r.At)
	}
	return fmt.Sprintf("on day %d of every month at %s", r.Day, r.At)
}

// validateRecurrence checks a task type's cadence, if it has one, against its team's calendar.
// Errors name the field under recurs, so the caller's "field" prefix reads right.
func validateRecurrence(r *Recurrence, team Calendar) error {
	if r == nil {
		return nil
	}
	switch r.Every {
	case EveryWeek:
		if err := validateWeekday(r, team); err != nil {
			return err
		}
	case EveryMonth:
		switch {
		case r.On != "":
			return errors.New(`recurs.on: only a weekly cadence has a weekday; remove it, or use "every": "week"`)
		case r.Day < 1 || r.Day > lastDayEveryMonthHas:
			return fmt.Errorf(`recurs.day: %d must be between 1 and %d, so that every month has the day; like "day": 1`, r.Day, lastDayEveryMonthHas)
		}
	default:
		return fmt.Errorf(`recurs.every: %q is not a period; use "week" or "month"`, r.Every)
	}
	if !clockPattern.MatchString(r.At) {
		return fmt.Errorf(`recurs.at: %q is not HH:MM; give the time of day in the team's zone, like "10:00"`, r.At)
	}
	return nil
}

// validateWeekday checks a weekly run's day, which must be one the team works: a
// task that arrives on a day off waits unseen until the next working day.
func validateWeekday(r *Recurrence, team Calendar) error {
	if r.Day != 0 {
		return errors.New(`recurs.day: only a monthly cadence has a day of the month; remove it, or use "every": "month"`)
	}
	day, ok := weekdayKeys[r.On]
	if !ok {
		return fmt.Errorf(`recurs.on: %q is not a weekday; use mon, tue, wed, thu, fri, sat or sun`, r.On)
	}
	cal, err := team.compile()
	if err != nil {
		return err
	}
	if !cal.week[day].working {
		return fmt.Errorf("recurs.on: %q is a day off for the team; pick a day in its workingHours", r.On)
	}
	return nil
}
