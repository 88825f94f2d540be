package roster

import (
	"errors"
	"fmt"
	"math"
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
	// AnySeniority widens the pool to everyone with the skill, whatever their seniority:
	// a task rerouted after it lost its resolution SLA.
	AnySeniority bool `json:"anySeniority,omitempty"`
	// Allocation is the share of the week the hours are drawn from.
	Allocation catalog.Allocation `json:"allocation"`
	// Hours is the estimate booked against the person's allocation.
	Hours float64 `json:"hours"`
	// Priority orders the queue: lower goes first.
	Priority int `json:"priority"`
	// Prefer is a person the intake named; honoured only within the rules.
	Prefer string `json:"prefer,omitempty"`
	// Exclude lists people who must never take the task, such as its approver.
	Exclude []string `json:"exclude,omitempty"`
	// Avoid lists people who left the task (handed it back, lost its SLA): they are passed
	// over while anyone else may take it, and may take it again only when nobody else
	// may, so leaving never strands a task.
	Avoid []string `json:"avoid,omitempty"`
	// Reason says why a person is asked now, such as "new task" or "handed back by maya".
	Reason string `json:"reason,omitempty"`
	// At is when the task first asked; it orders equal priorities.
	At time.Time `json:"at"`
	// Seq numbers the task's asks from 1: a later ask replaces an earlier one, and an
	// older one arriving late is ignored, as is any ask after the task released.
	Seq int `json:"seq,omitempty"`
	// Resync marks a task's answer to a new roster of the team asking for its place;
	// a roster that already knows the task ignores it.
	Resync bool `json:"resync,omitempty"`
	// Holds names the person who already holds the task, in a resync answer: the
	// roster keeps the booking as it is.
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
	// Notifying is set while the roster's notice of the booking is on its way to the
	// task: until it lands, the task's status does not name the person yet.
	Notifying bool `json:"notifying,omitempty"`
	// NoticeSerial is the serial of that notice, so only its delivery clears Notifying.
	NoticeSerial int `json:"noticeSerial,omitempty"`
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
