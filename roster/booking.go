package roster

import (
	"sort"
	"time"
)

// Ask places a task: a booking with the person the rule picks, or a place in the queue.
// A task asking again (handed back, rerouted) gives up its old booking or place first.
func (s *State) Ask(req Request, now time.Time) Notice {
	if _, ok := s.Bookings[req.TaskID]; ok {
		s.unbook(req.TaskID)
		s.Counts.Released++
	}
	s.unqueue(req.TaskID)
	return s.place(req, now)
}

func (s *State) place(req Request, now time.Time) Notice {
	n := Notice{TaskID: req.TaskID, Seq: req.Seq, Allocation: req.Allocation, Hours: req.Hours}
	person, why := s.pick(req, now)
	if person != "" {
		s.book(Booking{Request: req, Person: person, BookedAt: now})
		s.Counts.Assigned++
		n.Person, n.Reason = person, why
		return n
	}
	s.Counts.Queued++
	at := sort.Search(len(s.Queue), func(i int) bool { return before(req, s.Queue[i].Request) })
	s.Queue = append(s.Queue, Waiting{})
	copy(s.Queue[at+1:], s.Queue[at:])
	s.Queue[at] = Waiting{Request: req, Why: why}
	n.Position, n.Reason, n.QueueWait = at+1, why, s.QueueWait
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

func (s *State) unqueue(taskID string) bool {
	for i, w := range s.Queue {
		if w.TaskID == taskID {
			s.Queue = append(s.Queue[:i], s.Queue[i+1:]...)
			return true
		}
	}
	return false
}

// Release returns a task's capacity, or takes it out of the queue. It reports false
// when the task held nothing, so a second release of the same task changes nothing.
// A completed task records its actual hours against the estimate.
func (s *State) Release(taskID string, completed bool, actualHours float64, now time.Time) bool {
	b, ok := s.Bookings[taskID]
	if !ok {
		return s.unqueue(taskID)
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
	for keep < len(s.Done) && (now.Sub(s.Done[keep].At) > completionWindow || len(s.Done)-keep > maxCompletions) {
		keep++
	}
	s.Done = s.Done[keep:]
}

// Drain assigns waiting tasks that now fit, in queue order; a task that still does not
// fit keeps its place without holding back the ones behind it.
func (s *State) Drain(now time.Time) []Notice {
	var out []Notice
	waiting := s.Queue
	s.Queue = nil
	for _, w := range waiting {
		if person, why := s.pick(w.Request, now); person != "" {
			s.book(Booking{Request: w.Request, Person: person, BookedAt: now})
			s.Counts.Assigned++
			out = append(out, Notice{TaskID: w.TaskID, Seq: w.Seq, Person: person, Allocation: w.Allocation, Hours: w.Hours, Reason: why})
			continue
		}
		s.Queue = append(s.Queue, w)
	}
	return out
}

// Closed is a task that gave its place back, and its last ask then.
type Closed struct {
	Seq int       `json:"seq"`
	At  time.Time `json:"at"`
}

// Adopt takes over a task's place from an earlier roster of the team: a task held by a
// person still on the team keeps them, even past the cap, because they hold the work
// already; anything else is placed anew, and the notice says where.
func (s *State) Adopt(req Request, now time.Time) (Notice, bool) {
	if m := s.member(req.Holds); m != nil && !m.awayAt(now) {
		s.unqueue(req.TaskID)
		s.book(Booking{Request: req, Person: req.Holds, BookedAt: now})
		s.Counts.Assigned++
		return Notice{}, false
	}
	return s.Ask(req, now), true
}

// Knows says whether the roster holds a booking or a queue place for the task.
func (s *State) Knows(taskID string) bool {
	_, booked := s.Bookings[taskID]
	return booked || s.queued(taskID) >= 0
}

// closedWindow is how long a released task's late asks are recognised: they come
// seconds late, and the window keeps the state carried across runs small.
const closedWindow = time.Hour

// MarkClosed records that a task released, so asks it sent before (arriving late) are ignored.
func (s *State) MarkClosed(taskID string, seq int, now time.Time) {
	if s.Closed == nil {
		s.Closed = map[string]Closed{}
	}
	s.Closed[taskID] = Closed{Seq: seq, At: now}
	for _, id := range sortedKeys(s.Closed) {
		if now.Sub(s.Closed[id].At) > closedWindow {
			delete(s.Closed, id)
		}
	}
}

// Stale says whether an ask is no newer than what the roster already knows of its
// task: the task released since, or this or a later ask of it is booked or waiting
// (a numbered ask placed twice, say after the task's resync answer, is placed once).
func (s *State) Stale(req Request) bool {
	if c, ok := s.Closed[req.TaskID]; ok && req.Seq <= c.Seq {
		return true
	}
	held := -1
	if b, ok := s.Bookings[req.TaskID]; ok {
		held = b.Seq
	} else if i := s.queued(req.TaskID); i >= 0 {
		held = s.Queue[i].Seq
	}
	return req.Seq < held || (req.Seq > 0 && req.Seq == held)
}

// Notifying records that n, a notice booking a person, is on its way to its task: the
// booking shows as notifying until Delivered. A notice kept for the next run has serial 0.
func (s *State) Notifying(n Notice) {
	b, ok := s.Bookings[n.TaskID]
	if !ok || n.Person == "" || b.Person != n.Person {
		return
	}
	b.Notifying, b.NoticeSerial = true, n.Serial
	s.Bookings[n.TaskID] = b
}

// Delivered records that the notice numbered serial reached its task, so the task
// names the person its booking holds; a later notice of the task keeps it notifying.
func (s *State) Delivered(taskID string, serial int) {
	b, ok := s.Bookings[taskID]
	if !ok || !b.Notifying || b.NoticeSerial != serial {
		return
	}
	b.Notifying, b.NoticeSerial = false, 0
	s.Bookings[taskID] = b
}
