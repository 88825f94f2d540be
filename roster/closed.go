package roster

import (
	"sort"
	"time"
)

// Closed is a task that gave its place back, and its last ask then.
type Closed struct {
	Seq int       `json:"seq"`
	At  time.Time `json:"at"`
}

// Knows says whether the roster holds a booking or a queue place for the task.
func (s *State) Knows(taskID string) bool {
	_, booked := s.Bookings[taskID]
	_, waiting := s.Queue.get(taskID)
	return booked || waiting
}

// closedWindow is how long a released task's late asks are recognised: they come
// seconds late, and the window keeps the state carried across runs small.
const closedWindow = time.Hour

// maxClosed bounds the released tasks remembered, so a burst of releases does not
// grow the state carried across runs. A late ask of a task forgotten early books it
// again; its notice then fails, as the task has closed, and the roster releases it.
const maxClosed = 2000

// MarkClosed records that a task released, so asks it sent before (arriving late) are ignored.
func (s *State) MarkClosed(taskID string, seq int, now time.Time) {
	if s.Closed == nil {
		s.Closed = map[string]Closed{}
	}
	s.Closed[taskID] = Closed{Seq: seq, At: now}
	if len(s.Closed) > s.closedPrune {
		s.pruneClosed(now)
	}
}

// pruneClosed forgets the tasks that released over closedWindow ago and, past
// maxClosed, the earliest. It runs once Closed has grown by half since it last ran
// (or reached maxClosed and a quarter), so its sorting is spread over many releases.
func (s *State) pruneClosed(now time.Time) {
	ids := sortedKeys(s.Closed)
	sort.SliceStable(ids, func(i, j int) bool { return s.Closed[ids[i]].At.Before(s.Closed[ids[j]].At) })
	for i, id := range ids {
		if now.Sub(s.Closed[id].At) <= closedWindow && len(ids)-i <= maxClosed {
			break
		}
		delete(s.Closed, id)
	}
	s.closedPrune = min(max(64, len(s.Closed)*3/2), maxClosed*5/4)
}

// Compact forgets what the roster no longer needs before it carries its state to
// the next run: completions past the week and released tasks past the hour or past
// their bounds.
func (s *State) Compact(now time.Time) {
	s.pruneDone(now)
	if len(s.Closed) > 0 {
		s.pruneClosed(now)
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
	} else if w, ok := s.Queue.get(req.TaskID); ok {
		held = w.Seq
	}
	return req.Seq < held || (req.Seq > 0 && req.Seq == held)
}
