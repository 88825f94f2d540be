package roster

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// Request asks for a person to take one task's human step.
type Request struct {
	// TaskID is the task's workflow ID; the roster holds at most one booking or queue place per task.
	TaskID string `json:"taskId"`
	// TaskType and Title say what the work is, for the roster view.
	TaskType string `json:"taskType"`
	Title    string `json:"title,omitempty"`
	// Skill is the catalog skill the work needs.
	Skill string `json:"skill"`
	// Senior asks for senior staff: exceptions and instant-critical work.
	Senior bool `json:"senior"`
	// Allocation is the share of the week the hours are drawn from.
	Allocation catalog.Allocation `json:"allocation"`
	// Hours is the estimate booked against the person's allocation.
	Hours float64 `json:"hours"`
	// Priority orders the queue: lower goes first.
	Priority int `json:"priority"`
	// Prefer is a person the intake named; honoured only within the rules.
	Prefer string `json:"prefer,omitempty"`
	// Exclude lists people who handed the task back or are leaving it.
	Exclude []string `json:"exclude,omitempty"`
	// Reason says why a person is asked now, such as "new task" or "handed back by maya".
	Reason string `json:"reason,omitempty"`
	// At is when the task first asked; it orders equal priorities.
	At time.Time `json:"at"`
	// Seq numbers the task's asks from 1: a later ask replaces an earlier one, and an
	// older one arriving late is ignored, as is any ask after the task released.
	Seq int `json:"seq,omitempty"`
	// Holds names the person who already holds the task, when a task tells a new roster
	// of the team its place: the roster keeps the booking as it is.
	Holds string `json:"holds,omitempty"`
}

// Validate checks a request from a task; errors name the field.
func (r Request) Validate() error {
	switch {
	case r.TaskID == "":
		return errors.New("taskId: required")
	case r.Skill == "":
		return errors.New("skill: required; the catalog type's skill")
	case math.IsNaN(r.Hours):
		return errors.New("hours: not a number; give the estimate in hours")
	case r.Hours < 0:
		return fmt.Errorf("hours: %g is negative; give the estimate in hours", r.Hours)
	}
	if err := r.Allocation.Validate(); err != nil {
		return fmt.Errorf("allocation: %w", err)
	}
	return nil
}

// Booking is a person's capacity held by one open task.
type Booking struct {
	Request
	// Person holds the task.
	Person string `json:"person"`
	// BookedAt is when the person was assigned.
	BookedAt time.Time `json:"bookedAt"`
}

// Waiting is a task in the team's queue.
type Waiting struct {
	Request
	// Why says why nobody could take it when it last tried.
	Why string `json:"why"`
}

// Completion is one finished booking: its estimate against the time it took.
type Completion struct {
	TaskID     string             `json:"taskId"`
	Person     string             `json:"person"`
	Allocation catalog.Allocation `json:"allocation"`
	Estimated  float64            `json:"estimatedHours"`
	Actual     float64            `json:"actualHours"`
	At         time.Time          `json:"at"`
}

// Away is a stretch a member is away; a zero Back means until told otherwise.
type Away struct {
	From time.Time `json:"from"`
	Back time.Time `json:"back,omitempty"`
}

// Member is a person on the team with their time off read into instants.
type Member struct {
	Person
	Away []Away `json:"away,omitempty"`
}

// pruneAway forgets absences that ended, so the state carried across runs stays small.
func (m *Member) pruneAway(now time.Time) {
	kept := m.Away[:0]
	for _, a := range m.Away {
		if a.Back.IsZero() || now.Before(a.Back) {
			kept = append(kept, a)
		}
	}
	m.Away = kept
}

func (m *Member) awayAt(now time.Time) bool {
	for _, a := range m.Away {
		if !now.Before(a.From) && (a.Back.IsZero() || now.Before(a.Back)) {
			return true
		}
	}
	return false
}

// backAt is when an absence in progress at now ends: the latest end among the spans
// covering now, or nil when one of them is open-ended or none covers now.
func (m *Member) backAt(now time.Time) *time.Time {
	var back *time.Time
	for _, a := range m.Away {
		if now.Before(a.From) || (!a.Back.IsZero() && !now.Before(a.Back)) {
			continue
		}
		if a.Back.IsZero() {
			return nil
		}
		if back == nil || a.Back.After(*back) {
			b := a.Back
			back = &b
		}
	}
	return back
}

// Counts are the roster's running totals, kept across continue-as-new.
type Counts struct {
	Assigned int `json:"assigned"`
	Queued   int `json:"queued"`
	Released int `json:"released"`
	Moved    int `json:"moved"`
}

// Notice is what the roster tells a task: who takes it, or that it waits and why.
type Notice struct {
	TaskID string `json:"taskId"`
	// Seq is the ask this answers; a task ignores answers to asks it has replaced.
	Seq int `json:"seq,omitempty"`
	// Serial orders all the roster's notices, so a task ignores one that arrives after a later one.
	Serial     int                `json:"serial,omitempty"`
	Person     string             `json:"person,omitempty"`
	Allocation catalog.Allocation `json:"allocation"`
	Hours      float64            `json:"hours"`
	// Position is the task's place in the queue from 1, when nobody could take it.
	Position int `json:"position,omitempty"`
	// Reason says why this person, or why nobody.
	Reason string `json:"reason"`
	// QueueWait is how long the task may wait before its capacity breach escalates.
	QueueWait time.Duration `json:"queueWait,omitempty"`
	// Resync asks the task to tell a new roster of the team the place it holds.
	Resync bool `json:"resync,omitempty"`
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

// MarkClosed records that a task released, so asks it sent before (arriving late) are ignored.
func (s *State) MarkClosed(taskID string, seq int, now time.Time) {
	if s.Closed == nil {
		s.Closed = map[string]Closed{}
	}
	s.Closed[taskID] = Closed{Seq: seq, At: now}
	for _, id := range sortedKeys(s.Closed) {
		if now.Sub(s.Closed[id].At) > completionWindow {
			delete(s.Closed, id)
		}
	}
}

// Stale says whether an ask is older than what the roster already knows of its task:
// the task released since, or a later ask of it is booked or waiting.
func (s *State) Stale(req Request) bool {
	if c, ok := s.Closed[req.TaskID]; ok && req.Seq <= c.Seq {
		return true
	}
	if b, ok := s.Bookings[req.TaskID]; ok && req.Seq < b.Seq {
		return true
	}
	if i := s.queued(req.TaskID); i >= 0 && req.Seq < s.Queue[i].Seq {
		return true
	}
	return false
}

// completionWindow is how far back completions count as actual load.
const completionWindow = 7 * 24 * time.Hour

// maxCompletions bounds the completions kept, so the state carried across continue-as-new stays small.
const maxCompletions = 1000

// State is one team's roster as its workflow holds it.
type State struct {
	Team      string             `json:"team"`
	Zone      string             `json:"zone"`
	Managers  []string           `json:"managers"`
	QueueWait time.Duration      `json:"queueWait"`
	Members   []Member           `json:"members"`
	Bookings  map[string]Booking `json:"bookings"`
	Queue     []Waiting          `json:"queue"`
	Done      []Completion       `json:"done"`
	Counts    Counts             `json:"counts"`
	// Serial is the last notice's serial number.
	Serial int `json:"serial"`
	// Closed remembers the tasks that released for a week, so a late ask of theirs books nothing.
	Closed map[string]Closed `json:"closed,omitempty"`
	// Needs maps each skill the team's task types need to those types, so nobody leaves a skill uncovered.
	Needs map[string][]string `json:"needs,omitempty"`

	// load caches the booked hours per person and allocation; nil when bookings changed.
	load map[string]map[catalog.Allocation]float64
}

func (s *State) book(b Booking) {
	s.Bookings[b.TaskID] = b
	s.load = nil
}

func (s *State) unbook(taskID string) {
	delete(s.Bookings, taskID)
	s.load = nil
}

// NewState starts a team's roster from its file entry.
func NewState(team string, t Team, zone *time.Location) (*State, error) {
	if err := t.Validate(zone); err != nil {
		return nil, fmt.Errorf("teams.%s.%w", team, err)
	}
	s := &State{Team: team, Zone: zone.String(), Managers: t.Managers, QueueWait: t.queueWait(), Bookings: map[string]Booking{}}
	for _, p := range t.People {
		if err := s.Join(p, zone); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *State) member(id string) *Member {
	for i := range s.Members {
		if s.Members[i].ID == id {
			return &s.Members[i]
		}
	}
	return nil
}

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
