package roster

import (
	"fmt"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

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
	// Why says why this person: what the notice of the booking tells the task.
	Why string `json:"why,omitempty"`
}

// Waiting is a task in the team's queue.
type Waiting struct {
	Request
	// Why says why nobody could take it when it last tried.
	Why string `json:"why"`
	// Told is set once the roster's notice of the task's place has reached it.
	Told bool `json:"told,omitempty"`
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

// CompletionWindow is how far back completions count as actual load: a roster keeps
// the completions of the last week.
const CompletionWindow = 7 * 24 * time.Hour

// MaxCompletions bounds the completions kept, so the state carried across continue-as-new stays small.
const MaxCompletions = 1000

// MaxQueueBytes bounds what the waiting tasks add to the state a roster carries across
// continue-as-new, under Temporal's 2 MiB limit on its input with room for the rest
// even when nothing in the queue deflates: about 10,500 tasks with 30-character IDs
// and titles. Past it, an ask is refused, and
// the task keeps its role's queue.
const MaxQueueBytes = 1280 << 10

// State is one team's roster as its workflow holds it.
type State struct {
	Team      string             `json:"team"`
	Zone      string             `json:"zone"`
	Managers  []string           `json:"managers"`
	QueueWait time.Duration      `json:"queueWait"`
	Members   []Member           `json:"members"`
	Bookings  map[string]Booking `json:"bookings"`
	Queue     Queue              `json:"queue"`
	Done      []Completion       `json:"done"`
	Counts    Counts             `json:"counts"`
	// Serial is the last notice's serial number.
	Serial int `json:"serial"`
	// Closed remembers the tasks that released for a week, so a late ask of theirs books nothing.
	Closed map[string]Closed `json:"closed,omitempty"`
	// Needs maps each skill the team's task types need to those types, so nobody leaves a skill uncovered.
	Needs map[string][]string `json:"needs,omitempty"`

	// held lists each person's booked tasks in task order; nil until first needed.
	held map[string][]string
	// load caches the booked hours per person and allocation; a person's entry is
	// dropped when their bookings change.
	load map[string]map[catalog.Allocation]float64
	// closedPrune is the size of Closed at which it is next pruned.
	closedPrune int
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
