package roster

import (
	"fmt"
	"time"
)

// Ask places a task: a booking with the person the rule picks, or a place in the queue.
// A task asking again (handed back, rerouted) gives up its old booking or place first.
// When the queue is full (MaxQueueBytes), the task is refused: the notice names no
// person and no place, and the roster holds nothing for it.
func (s *State) Ask(req Request, now time.Time) Notice {
	if _, ok := s.Bookings[req.TaskID]; ok {
		s.unbook(req.TaskID)
		s.Counts.Released++
	}
	if w, ok := s.Queue.get(req.TaskID); ok && req.Since.IsZero() {
		req.Since = w.Since // asked again while waiting: the wait goes on
	}
	s.Queue.remove(req.TaskID)
	return s.place(req.trimmed(), now)
}

// Refresh takes a task's new priority and seniority for the booking or queue place
// its ask holds (req.Seq): a booked task keeps its person, and a waiting task moves to
// its new place. It returns the moved task's notice of its place and the bookings the
// move lets in; an ask the roster no longer holds changes nothing.
func (s *State) Refresh(req Request, now time.Time) []Notice {
	if b, ok := s.Bookings[req.TaskID]; ok && b.Seq == req.Seq {
		b.Priority, b.Senior = req.Priority, req.Senior
		s.Bookings[req.TaskID] = b
		return nil
	}
	w, ok := s.Queue.get(req.TaskID)
	if !ok || w.Seq != req.Seq {
		return nil
	}
	moved := *w
	moved.Priority, moved.Senior = req.Priority, req.Senior
	s.Queue.remove(req.TaskID)
	s.Queue.add(moved)
	placed, _ := s.NoticeFor(req.TaskID)
	return append([]Notice{placed}, s.Drain(now)...)
}

func (s *State) place(req Request, now time.Time) Notice {
	n := Notice{TaskID: req.TaskID, Seq: req.Seq, Allocation: req.Allocation, Hours: req.Hours}
	person, why := s.pick(req, now)
	if person != "" {
		s.book(Booking{Request: req, Person: person, BookedAt: now, Why: why})
		s.Counts.Assigned++
		n.Person, n.Reason = person, why
		return n
	}
	if req.Since.IsZero() {
		req.Since = now
	}
	w := Waiting{Request: req, Why: why}
	if s.Queue.bytes+w.carried() > MaxQueueBytes {
		n.Reason = fmt.Sprintf("the queue of %s is full with %d waiting tasks (%s); nobody can take it now", s.Team, s.Queue.Len(), why)
		return n
	}
	s.Counts.Queued++
	s.Queue.add(w)
	n.Position, n.Reason, n.QueueWait = s.Queue.Position(req.TaskID), why, s.QueueWait
	return n
}

// before orders the queue: priority, then who asked first, then task ID.
func before(a, b Request) bool {
	if a.Priority != b.Priority {
		return a.Priority < b.Priority
	}
	if !a.At.Equal(b.At) {
		return a.At.Before(b.At)
	}
	return a.TaskID < b.TaskID
}

// Release returns a task's capacity, or takes it out of the queue. It reports false
// when the task held nothing, so a second release of the same task changes nothing.
// A completed task records its actual hours against the estimate.
func (s *State) Release(taskID string, completed bool, actualHours float64, now time.Time) bool {
	b, ok := s.Bookings[taskID]
	if !ok {
		return s.Queue.remove(taskID)
	}
	s.unbook(taskID)
	s.Counts.Released++
	if completed {
		s.Done = append(s.Done, Completion{TaskID: taskID, Person: b.Person, Allocation: b.Allocation, Estimated: b.Hours, Actual: actualHours, At: now})
	}
	s.pruneDone(now)
	return true
}

func (s *State) pruneDone(now time.Time) {
	keep := 0
	for keep < len(s.Done) && (now.Sub(s.Done[keep].At) > CompletionWindow || len(s.Done)-keep > MaxCompletions) {
		keep++
	}
	s.Done = s.Done[keep:]
}

// Drain assigns waiting tasks that now fit, in queue order; a task that still does not
// fit keeps its place without holding back the ones behind it. The rule gives every
// task of a kind the same answer and bookings only take capacity, so once the first
// waiting task of a kind does not fit, no later one of that kind does in this drain:
// it asks the rule once per kind of work waiting and once per booking.
func (s *State) Drain(now time.Time) []Notice {
	var out []Notice
	var blocked map[string]bool
	for {
		var head *Waiting
		headKey := ""
		for _, key := range s.Queue.keys {
			if w := s.Queue.lines[key].tasks[0]; !blocked[key] && (head == nil || before(w.Request, head.Request)) {
				head, headKey = w, key
			}
		}
		if head == nil {
			return out
		}
		person, why := s.pick(head.Request, now)
		if person == "" {
			if blocked == nil {
				blocked = map[string]bool{}
			}
			blocked[headKey] = true
			continue
		}
		w := *head
		s.Queue.remove(w.TaskID)
		s.book(Booking{Request: w.Request, Person: person, BookedAt: now, Why: why})
		s.Counts.Assigned++
		out = append(out, Notice{TaskID: w.TaskID, Seq: w.Seq, Person: person, Allocation: w.Allocation, Hours: w.Hours, Reason: why})
	}
}

// Adopt takes over a task's place from an earlier roster of the team: a task held by a
// person still on the team keeps them, even past the cap, because they hold the work
// already; anything else is placed anew, and the notice says where.
func (s *State) Adopt(req Request, now time.Time) (Notice, bool) {
	if m := s.member(req.Holds); m != nil && !m.awayAt(now) {
		s.Queue.remove(req.TaskID)
		s.book(Booking{Request: req.trimmed(), Person: req.Holds, BookedAt: now, Why: "held the task before the roster was started again"})
		s.Counts.Assigned++
		return Notice{}, false
	}
	return s.Ask(req, now), true
}
