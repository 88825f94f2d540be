package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SLA is a service-level target as ops write it in the catalog:
//   - a duration on the wall clock, around the clock: "15m", "4h", "24h";
//   - working time on the team's calendar: "3 business hours";
//   - the end of the team's working day: "same day";
//   - whole working days on the team's calendar: "1 business day", "2 business days".
type SLA string

type slaKind int

const (
	slaWallClock slaKind = iota
	slaBusinessHours
	slaSameDay
	slaBusinessDays
)

type parsedSLA struct {
	kind slaKind
	d    time.Duration
	days int
}

// maxBusinessCount bounds "N business hours/days": a larger N is no SLA, and
// N hours as a time.Duration would overflow into a deadline before intake.
const maxBusinessCount = 10000

const slaForms = `use "15m", "4h", "3 business hours", "same day" or "2 business days"`

func (s SLA) parse() (parsedSLA, error) {
	text := strings.ToLower(strings.TrimSpace(string(s)))
	if text == "" {
		return parsedSLA{}, fmt.Errorf("is empty; %s", slaForms)
	}
	if text == "same day" {
		return parsedSLA{kind: slaSameDay}, nil
	}
	if d, err := time.ParseDuration(text); err == nil {
		if d <= 0 {
			return parsedSLA{}, fmt.Errorf("%q must be longer than zero", string(s))
		}
		return parsedSLA{kind: slaWallClock, d: d}, nil
	}
	fields := strings.Fields(text)
	if len(fields) == 3 && fields[1] == "business" {
		n, err := strconv.Atoi(fields[0])
		if err == nil && n > 0 && n <= maxBusinessCount {
			switch fields[2] {
			case "hour", "hours":
				return parsedSLA{kind: slaBusinessHours, d: time.Duration(n) * time.Hour}, nil
			case "day", "days":
				return parsedSLA{kind: slaBusinessDays, days: n}, nil
			}
		}
	}
	return parsedSLA{}, fmt.Errorf("%q is not an SLA; %s", string(s), slaForms)
}

// Validate reports whether ops wrote the SLA in a form Lanes reads.
func (s SLA) Validate() error {
	_, err := s.parse()
	return err
}

// Deadline is when an SLA of this form, counted from intake at from, runs out on
// the calendar. It is a pure function, so workflows call it with workflow.Now.
func (c Calendar) Deadline(from time.Time, s SLA) (time.Time, error) {
	p, err := s.parse()
	if err != nil {
		return time.Time{}, err
	}
	w, err := c.compile()
	if err != nil {
		return time.Time{}, err
	}
	switch p.kind {
	case slaWallClock:
		return from.Add(p.d), nil
	case slaBusinessHours:
		return w.addWorkingTime(from, p.d)
	case slaSameDay:
		start, err := w.nextWorkingMoment(from)
		if err != nil {
			return time.Time{}, err
		}
		_, closing := w.hours(start)
		return closing, nil
	default:
		return w.addWorkingDays(from, p.days)
	}
}
