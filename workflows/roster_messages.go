package workflows

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/strictjson"
)

// RosterInput is the input of TeamRosterWorkflow.
type RosterInput struct {
	// Team is the catalog team whose human work the roster assigns.
	Team string `json:"team"`
	// TimeZone is the team calendar's zone; time off written as dates is read in it.
	TimeZone string `json:"timeZone"`
	// Roster is the team's entry in the roster file, read on the first run only.
	Roster roster.Team `json:"roster"`
	// Needs maps the skills the team's task types need to those types (roster.SkillsNeeded),
	// read on the first run only: nobody may leave a skill uncovered.
	Needs map[string][]string `json:"needs,omitempty"`
	// State is the roster carried across continue-as-new; nil on the first run.
	State *roster.State `json:"state,omitempty"`
	// Runs counts the runs before this one, for the history-growth figures.
	Runs int `json:"runs,omitempty"`
	// MaxEvents continues the roster as new past this many history events; 0 means DefaultRosterMaxEvents.
	MaxEvents int `json:"maxEvents,omitempty"`
	// ReconcileEvery is how often the roster checks that the tasks holding capacity are still open; 0 means 10m.
	ReconcileEvery time.Duration `json:"reconcileEvery,omitempty"`
	// NextCheck carries the next check across continue-as-new, so frequent runs do not postpone it.
	NextCheck time.Time `json:"nextCheck,omitempty"`
	// CheckFrom is the place in the queue the next check starts at.
	CheckFrom int `json:"checkFrom,omitempty"`
	// Pending are notices the last run decided but did not send and its state cannot
	// give again (an ask it refused); this run sends them first, with the bookings still
	// notifying and the waiting tasks not yet told their place.
	Pending []roster.Notice `json:"pending,omitempty"`
	// Resync asks the team's open tasks for the places they hold: set by the worker when
	// it starts a roster whose team had one before (terminated), and carried until done.
	Resync bool `json:"resync,omitempty"`
	// Restore reads the last week's completions back from the team's closed tasks, with
	// the counts they make: set with Resync, and carried until done.
	Restore bool `json:"restore,omitempty"`
}

// DefaultRosterMaxEvents keeps a roster's history far below Temporal's limits (about 10 events an assignment).
const DefaultRosterMaxEvents = 10000

// DefaultReconcileEvery is how often a roster checks that tasks holding capacity are still open.
const DefaultReconcileEvery = 10 * time.Minute

// RequestPersonSignal is a task asking its roster for a person; a repeat replaces the earlier ask.
type RequestPersonSignal struct {
	Request roster.Request `json:"request"`
}

// ReleasePersonSignal is a task giving back its capacity: it completed, was cancelled or left people.
type ReleasePersonSignal struct {
	TaskID string `json:"taskId"`
	// Completed records ActualHours against the estimate.
	Completed   bool    `json:"completed"`
	ActualHours float64 `json:"actualHours,omitempty"`
	// Reason says why, for the roster's log: completed, cancelled, rerouted.
	Reason string `json:"reason"`
	// Seq is the task's last ask; asks up to it that arrive late book nothing.
	Seq int `json:"seq,omitempty"`
}

// RosterNoticeSignal is the roster telling a task who takes it, or where it waits.
type RosterNoticeSignal struct {
	Notice roster.Notice `json:"notice"`
}

// JoinUpdate adds a person to the team.
type JoinUpdate struct {
	Actor  string        `json:"actor"`
	Person roster.Person `json:"person"`
}

// LeaveUpdate takes a person off the team; their open tasks go to others or the queue.
type LeaveUpdate struct {
	Actor  string `json:"actor"`
	Person string `json:"person"`
}

// OutOfOfficeUpdate records time off; once it begins, the person's open tasks go back to the queue.
type OutOfOfficeUpdate struct {
	Actor  string `json:"actor"`
	Person string `json:"person"`
	// From is when the time off starts, a date or RFC 3339 time; empty means now.
	From string `json:"from,omitempty"`
	// Back is the first day or time back; empty means until back-in-office.
	Back string `json:"back,omitempty"`
}

// BackInOfficeUpdate ends a person's time off now.
type BackInOfficeUpdate struct {
	Actor  string `json:"actor"`
	Person string `json:"person"`
}

// ChangeHoursUpdate changes a person's weekly hours and, when given, their allocation shares.
type ChangeHoursUpdate struct {
	Actor       string        `json:"actor"`
	Person      string        `json:"person"`
	WeeklyHours float64       `json:"weeklyHours"`
	Allocations roster.Shares `json:"allocations,omitempty"`
}

// ReassignTaskUpdate is a manager moving a task to another person.
type ReassignTaskUpdate struct {
	Actor  string `json:"actor"`
	TaskID string `json:"taskId"`
	To     string `json:"to"`
}

// RosterChange answers a roster update: the tasks it moved and where they went.
type RosterChange struct {
	Notices []roster.Notice `json:"notices"`
}

// RosterStatus answers the roster query.
type RosterStatus struct {
	roster.View
	// Runs counts the roster's runs so far, continue-as-new included.
	Runs int `json:"runs"`
	// HistoryLength is the current run's event count when the roster last woke.
	HistoryLength int `json:"historyLength"`
	// Telling counts the tasks whose notice is decided but has not reached them yet.
	Telling int `json:"telling"`
}

// Bounds on a roster update's lists: a person's skills and time off, carried in the
// roster's state across continue-as-new.
const (
	maxSkills  = 20
	maxTimeOff = 20
	// maxWhenLength bounds a date or RFC 3339 time, such as 2026-11-30T09:00:00.000-05:00.
	maxWhenLength = 40
)

// CheckRosterUpdate checks what a roster update carries before the roster tries it:
// an actor, and every text within its bound, naming the field and the limit. The
// roster's validator runs it, and clients may run it before they send.
func CheckRosterUpdate(u RosterUpdateMessage) error {
	if j, ok := u.(JoinUpdate); ok {
		switch p := j.Person; {
		case len(p.Skills) > maxSkills:
			return strictjson.Fieldf("person.skills", "%d skills is over %d", len(p.Skills), maxSkills).Fixf("list the ones the team's task types need")
		case len(p.TimeOff) > maxTimeOff:
			return strictjson.Fieldf("person.timeOff", "%d stretches is over %d", len(p.TimeOff), maxTimeOff).Fixf("add later ones with out-of-office")
		}
	}
	if err := checkTexts(u.texts()); err != nil {
		return err
	}
	return requireActor(u.actor())
}

func (u JoinUpdate) texts() []boundedText {
	p := u.Person
	texts := []boundedText{nameText("actor", u.Actor), nameText("person.id", p.ID), nameText("person.name", p.Name)}
	for i, s := range p.Skills {
		texts = append(texts, boundedText{fmt.Sprintf("person.skills[%d]", i), s, MaxNameLength, "give a skill name, like analysis"})
	}
	for i, off := range p.TimeOff {
		texts = append(texts, whenText(fmt.Sprintf("person.timeOff[%d].from", i), off.From), whenText(fmt.Sprintf("person.timeOff[%d].back", i), off.Back))
	}
	return texts
}

func (u LeaveUpdate) texts() []boundedText {
	return []boundedText{nameText("actor", u.Actor), nameText("person", u.Person)}
}

func (u OutOfOfficeUpdate) texts() []boundedText {
	return []boundedText{nameText("actor", u.Actor), nameText("person", u.Person), whenText("from", u.From), whenText("back", u.Back)}
}

func (u BackInOfficeUpdate) texts() []boundedText {
	return []boundedText{nameText("actor", u.Actor), nameText("person", u.Person)}
}

func (u ChangeHoursUpdate) texts() []boundedText {
	return []boundedText{nameText("actor", u.Actor), nameText("person", u.Person)}
}

func (u ReassignTaskUpdate) texts() []boundedText {
	return []boundedText{nameText("actor", u.Actor), {"taskId", u.TaskID, maxTaskIDLength, "give the task's ID (task-…)"}, nameText("to", u.To)}
}

// maxTaskIDLength bounds a task's ID: task-, a request ID and a schedule's time.
const maxTaskIDLength = 300

func whenText(field, value string) boundedText {
	return boundedText{field, value, maxWhenLength, "give a date like 2026-11-30 or an RFC 3339 time"}
}

func requireActor(actor string) error {
	if actor == "" {
		return strictjson.Fieldf("actor", "required").Fixf("say who makes the change, for the roster's log")
	}
	return nil
}

func requireHours(h float64) error {
	if math.IsNaN(h) || h <= 0 {
		return strictjson.Fieldf("weeklyHours", "%g is not positive", h).Fixf("give hours a week after meetings, like 32")
	}
	return nil
}

// strictUpdate is how the roster's update handlers receive a message of type T: read
// strictly, as signals are, so that a misspelt field is an error naming it, not a
// change made with a default, such as time off with no end for "bak".
type strictUpdate[T RosterUpdateMessage] struct{ msg T }

// UnmarshalJSON reads T refusing unknown fields; its error lists T's fields.
func (u *strictUpdate[T]) UnmarshalJSON(b []byte) error {
	if err := strictjson.Unmarshal(b, &u.msg); err != nil {
		return fmt.Errorf("%s; the fields are %s", strings.TrimPrefix(err.Error(), "json: "), fieldList(reflect.TypeFor[T]()))
	}
	return nil
}

// fieldList names a message's JSON fields, with a nested object's fields in
// brackets: "actor, person (id, name, …)".
func fieldList(t reflect.Type) string {
	names := make([]string, 0, t.NumField())
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Type.Kind() == reflect.Struct {
			name += " (" + fieldList(f.Type) + ")"
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}
