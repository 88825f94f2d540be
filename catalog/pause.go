package catalog

import "time"

// Resume moves a paused SLA's deadline: the time that was left when the clock
// paused, counted the SLA's own way (wall clock, or working time on the calendar),
// is counted again from the moment it resumes. Like Deadline it is pure, for workflows.
func (c Calendar) Resume(deadline, pausedAt, resumedAt time.Time, s SLA) (time.Time, error) {
	p, err := s.parse()
	if err != nil {
		return time.Time{}, err
	}
	if p.kind == slaWallClock {
		return resumedAt.Add(deadline.Sub(pausedAt)), nil
	}
	w, err := c.compile()
	if err != nil {
		return time.Time{}, err
	}
	left := w.workingBetween(pausedAt, deadline)
	if left <= 0 {
		return w.nextWorkingMoment(resumedAt)
	}
	return w.addWorkingTime(resumedAt, left)
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
