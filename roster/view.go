package roster

import (
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// View is a team's roster as leaders read it: each person's planned and actual
// load, utilization per allocation and open tasks, and the queue.
type View struct {
	Team      string        `json:"team"`
	Managers  []string      `json:"managers"`
	QueueWait time.Duration `json:"queueWait"`
	People    []PersonView  `json:"people"`
	// Queue lists the first ViewQueue waiting tasks in the order they will be taken.
	Queue []Waiting `json:"queue"`
	// Waiting counts every waiting task, listed or not.
	Waiting int    `json:"waiting"`
	Counts  Counts `json:"counts"`
	// EstimatedDone and ActualDone sum the last week's completions, to compare estimates with actuals.
	EstimatedDone float64 `json:"estimatedDoneHours"`
	ActualDone    float64 `json:"actualDoneHours"`
}

// PersonView is one person's load.
type PersonView struct {
	ID          string    `json:"id"`
	Name        string    `json:"name,omitempty"`
	Seniority   Seniority `json:"seniority"`
	Skills      []string  `json:"skills"`
	WeeklyHours float64   `json:"weeklyHours"`
	Away        bool      `json:"away"`
	// AwayUntil is when an absence in progress ends, if known.
	AwayUntil *time.Time `json:"awayUntil,omitempty"`
	// PlannedHours sums the estimates of the person's open tasks.
	PlannedHours float64 `json:"plannedHours"`
	// ActualHours sums the time the person's tasks completed in the last week took.
	ActualHours float64          `json:"actualHours"`
	Allocations []AllocationView `json:"allocations"`
	OpenTasks   []Booking        `json:"openTasks"`
}

// AllocationView is one allocation of a person's week.
type AllocationView struct {
	Allocation  catalog.Allocation `json:"allocation"`
	Capacity    float64            `json:"capacityHours"`
	Booked      float64            `json:"bookedHours"`
	Utilization float64            `json:"utilization"`
}

// ViewQueue is how many waiting tasks a view lists, so the roster's query answers in
// a few hundred kilobytes however long the queue grows.
const ViewQueue = 500

// View reads the roster at now.
func (s *State) View(now time.Time) View {
	v := View{Team: s.Team, Managers: s.Managers, QueueWait: s.QueueWait, Queue: s.Queue.First(ViewQueue), Waiting: s.Queue.Len(), Counts: s.Counts}
	for i := range s.Members {
		m := &s.Members[i]
		pv := PersonView{ID: m.ID, Name: m.Name, Seniority: m.Seniority, Skills: m.Skills, WeeklyHours: m.WeeklyHours, Away: m.awayAt(now)}
		pv.AwayUntil = m.backAt(now)
		for _, a := range catalog.Allocations() {
			booked := s.booked(m.ID, a)
			pv.PlannedHours += booked
			pv.Allocations = append(pv.Allocations, AllocationView{Allocation: a, Capacity: m.Capacity(a), Booked: booked, Utilization: s.utilization(m, a)})
		}
		for _, id := range s.holding(m.ID) {
			pv.OpenTasks = append(pv.OpenTasks, s.Bookings[id])
		}
		for _, d := range s.Done {
			if d.Person == m.ID && now.Sub(d.At) <= CompletionWindow {
				pv.ActualHours += d.Actual
			}
		}
		v.People = append(v.People, pv)
	}
	for _, d := range s.Done {
		if now.Sub(d.At) <= CompletionWindow {
			v.EstimatedDone += d.Estimated
			v.ActualDone += d.Actual
		}
	}
	return v
}

// Glance is the little of a roster the Temporal UI's current details show: totals,
// each person's load and the head of the queue. A roster refreshes it after every
// batch of messages, also while it replays, so it copies no bookings and reads no
// completions: its cost stays a few steps a person however long the queue.
type Glance struct {
	Team     string
	Managers []string
	Booked   int
	// Waiting counts every waiting task; Next lists the first few, in the order they will be taken.
	Waiting int
	Next    []Waiting
	People  []PersonGlance
}

// PersonGlance is one person's load at a glance.
type PersonGlance struct {
	ID           string
	Seniority    Seniority
	Away         bool
	PlannedHours float64
	OpenTasks    int
	// Busiest is the allocation the person has booked the largest share of.
	Busiest AllocationView
}

// Glance reads the roster at now, naming the first next waiting tasks.
func (s *State) Glance(now time.Time, next int) Glance {
	g := Glance{Team: s.Team, Managers: s.Managers, Booked: len(s.Bookings), Waiting: s.Queue.Len(), Next: s.Queue.First(next)}
	for i := range s.Members {
		m := &s.Members[i]
		pg := PersonGlance{ID: m.ID, Seniority: m.Seniority, Away: m.awayAt(now), OpenTasks: len(s.holding(m.ID))}
		for j, a := range catalog.Allocations() {
			booked := s.booked(m.ID, a)
			pg.PlannedHours += booked
			if u := s.utilization(m, a); j == 0 || u > pg.Busiest.Utilization {
				pg.Busiest = AllocationView{Allocation: a, Capacity: m.Capacity(a), Booked: booked, Utilization: u}
			}
		}
		g.People = append(g.People, pg)
	}
	return g
}
