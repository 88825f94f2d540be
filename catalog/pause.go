package catalog

import "time"

// Span measures the time from a to b the SLA's own way: wall-clock time for
// wall-clock SLAs, working time on the calendar for the others. An SLA clock is a
// budget in this measure, so pauses and resumes count only the time that matters.
func (c Calendar) Span(a, b time.Time, s SLA) (time.Duration, error) {
	p, err := s.parse()
	if err != nil {
		return 0, err
	}
	if p.kind == slaWallClock {
		return b.Sub(a), nil
	}
	w, err := c.compile()
	if err != nil {
		return 0, err
	}
	return w.workingBetween(a, b), nil
}

// Extend is when a budget of d, measured the SLA's way, runs out counting from from.
func (c Calendar) Extend(from time.Time, d time.Duration, s SLA) (time.Time, error) {
	p, err := s.parse()
	if err != nil {
		return time.Time{}, err
	}
	if p.kind == slaWallClock {
		return from.Add(d), nil
	}
	w, err := c.compile()
	if err != nil {
		return time.Time{}, err
	}
	if d <= 0 {
		return w.nextWorkingMoment(from)
	}
	return w.addWorkingTime(from, d)
}

// workingBetween is the working time from a to b on the calendar.
func (w workCalendar) workingBetween(a, b time.Time) time.Duration {
	var total time.Duration
	for i := 0; i < maxScanDays; i++ {
		day := w.dayOf(a, i)
		open, closing := w.hours(day)
		if open.After(b) && w.dayOf(b, 0).Before(day) {
			break
		}
		if !w.isWorkingDay(day) {
			continue
		}
		from, to := laterOf(open, a), earlierOf(closing, b)
		if to.After(from) {
			total += to.Sub(from)
		}
	}
	return total
}

func laterOf(x, y time.Time) time.Time {
	if x.After(y) {
		return x
	}
	return y
}

func earlierOf(x, y time.Time) time.Time {
	if x.Before(y) {
		return x
	}
	return y
}
