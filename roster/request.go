package roster

import (
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

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
	// Since is when the task began waiting in the queue, which the roster's view shows:
	// the roster sets it when it queues the task and keeps it while the task waits, and
	// a resync answer carries the task's own.
	Since time.Time `json:"since,omitzero"`
	// Seq numbers the task's asks from 1: a later ask replaces an earlier one, and an
	// older one arriving late is ignored, as is any ask after the task released.
	Seq int `json:"seq,omitempty"`
	// Resync marks a task's answer to a new roster of the team asking for its place;
	// a roster that already knows the task ignores it.
	Resync bool `json:"resync,omitempty"`
	// Holds names the person who already holds the task, in a resync answer: the
	// roster keeps the booking as it is.
	Holds string `json:"holds,omitempty"`
	// Refresh marks a task telling the roster that what orders it changed in place (its
	// severity was raised): the roster takes the new priority and seniority for the
	// booking or the place the ask Seq holds, without booking or moving anyone, so a
	// later hand-back queues the task where it now belongs.
	Refresh bool `json:"refresh,omitempty"`
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

// maxTitle bounds the title the roster keeps of a task, for its view: titles are
// free text, and the roster carries every waiting task's across runs.
const maxTitle = 80

// trimmed is the request as the roster keeps it, its title cut to maxTitle bytes.
func (r Request) trimmed() Request {
	if len(r.Title) > maxTitle {
		cut := maxTitle
		for cut > 0 && !utf8.RuneStart(r.Title[cut]) {
			cut--
		}
		r.Title = r.Title[:cut] + "…"
	}
	return r
}
