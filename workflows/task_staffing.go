package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// staffing is how the team's roster staffs the task: the asks sent and the notices
// taken, the booking or place in line they gave (the status's Staffing), who left
// the task, and the capacity-breach timer of a wait.
type staffing struct {
	on bool // the team's roster books a person for each human step
	// What the roster is told: the type's skill, allocation and hours; whom the first
	// ask prefers and whom no ask may book; and who manages the team.
	taskType catalog.TaskType
	prefer   string
	exclude  []string
	managers []string
	calendar catalog.Calendar // the team's, for the hours worked since a booking

	booking    *Staffing // the status's section; nil until the first ask
	asks       int       // the roster asks sent; a notice answering an older one is ignored
	lastSerial int       // the roster's serial of the last notice taken; older ones are ignored
	firstAsked time.Time // when the task first asked, which keeps its place in line on later asks
	reason     string    // why the roster is asked again
	leftBy     []string  // people who handed the task back or lost it; the roster avoids them
	rerouteAsk int       // the ask the reroute fallback made; its answer says where the task went
	notices    workflow.ReceiveChannel
	// cancelCapacity stops the capacity-breach timer of the current wait; nil when none runs.
	cancelCapacity workflow.CancelFunc
	breachedWait   time.Time // the start of the wait whose capacity breach escalated
}

// newStaffing is the staffing of a task of the policy's type, on its team's roster if
// it has one; the first ask prefers prefer, and no ask may book the people in exclude.
func newStaffing(policy activities.TaskPolicy, prefer string, exclude []string) staffing {
	return staffing{on: policy.Staffed, taskType: policy.TaskType, prefer: prefer, exclude: exclude, managers: policy.Managers, calendar: policy.Calendar}
}

// staffed says the team's roster books people for the task.
func (s *staffing) staffed() bool { return s.on }

// active says the task holds a booking or a place on its roster.
func (s *staffing) active() bool { return s.on && s.booking != nil && !s.booking.Released }

// asking says the task asked its roster and has no answer yet.
func (s *staffing) asking() bool {
	return s.active() && s.booking.Person == "" && s.booking.Position == 0
}

// person is who the roster booked; empty while the task waits or before it asks.
func (s *staffing) person() string {
	if s.booking == nil {
		return ""
	}
	return s.booking.Person
}

func (s *staffing) rosterID() string { return s.booking.Roster }

// newAsk records a new ask to the roster with id for the need, and completes the
// request with what the roster should know: whom to avoid, why, the task's place
// in line and the ask's number; the first ask prefers the request's assignee.
func (s *staffing) newAsk(now time.Time, need roster.Request, prefer, id string) roster.Request {
	if s.firstAsked.IsZero() {
		s.firstAsked = now
	}
	s.asks++
	s.stopCapacityTimer()
	req := need
	req.Avoid, req.Reason, req.At, req.Seq = s.leftBy, s.reason, s.firstAsked, s.asks
	if s.booking == nil {
		req.Prefer, req.Reason = prefer, "new task"
	}
	waiting := &now
	if b := s.booking; b != nil && b.Person == "" && b.WaitingSince != nil {
		waiting = b.WaitingSince // asked again while waiting: the wait goes on
	}
	s.booking = &Staffing{Roster: id, Ask: s.asks, Allocation: req.Allocation, EstimatedHours: req.Hours, WaitingSince: waiting, Reason: "asking the roster"}
	return req
}

// place completes a request that tells the roster about the booking or place the
// task's last ask holds; a resync also says who holds it, or since when it waits.
func (s *staffing) place(need roster.Request, resync bool) roster.Request {
	req := need
	req.Allocation, req.Hours, req.Avoid, req.At, req.Seq = s.booking.Allocation, s.booking.EstimatedHours, s.leftBy, s.firstAsked, s.asks
	if resync {
		req.Resync, req.Holds = true, s.booking.Person
		if s.booking.Person == "" && s.booking.WaitingSince != nil {
			req.Since = *s.booking.WaitingSince
		}
	}
	return req
}

// because says why the roster is asked next.
func (s *staffing) because(reason string) { s.reason = reason }

// left records that a person handed the task back or lost it, and why it is asked again.
func (s *staffing) left(person, reason string) {
	s.leftBy, s.reason = append(s.leftBy, person), reason
}

// hasLeft says whether the person handed the task back or lost it before.
func (s *staffing) hasLeft(person string) bool { return slices.Contains(s.leftBy, person) }

// drop stops staffing the task through the roster, which cannot take the ask.
func (s *staffing) drop() { s.on, s.booking = false, nil }

// reroutedNow marks the last ask as the reroute fallback's.
func (s *staffing) reroutedNow() { s.rerouteAsk = s.asks }

// answersReroute says whether a notice answers the reroute fallback's ask.
func (s *staffing) answersReroute(n roster.Notice) bool {
	return s.rerouteAsk != 0 && n.Seq == s.rerouteAsk
}

// take says whether a notice is news to act on: the answer to the latest ask, newer
// than any taken.
func (s *staffing) take(n roster.Notice) bool {
	if n.Seq != s.asks || n.Serial <= s.lastSerial {
		return false
	}
	s.lastSerial = n.Serial
	s.booking.Reason, s.booking.Allocation, s.booking.EstimatedHours = n.Reason, n.Allocation, n.Hours
	return true
}

// book records the person the roster booked at now; the wait, and its timer, end.
func (s *staffing) book(person string, now time.Time) {
	s.booking.Person, s.booking.BookedAt, s.booking.Position, s.booking.WaitingSince = person, &now, 0, nil
	s.stopCapacityTimer()
}

// wait records the task's place in line, waiting since now unless it waited already.
func (s *staffing) wait(position int, now time.Time) {
	if s.booking.WaitingSince == nil {
		s.booking.WaitingSince = &now
	}
	s.booking.Position = position
}

// unbook takes the task off the person the roster had booked.
func (s *staffing) unbook() { s.booking.Person, s.booking.BookedAt = "", nil }

// capacityWait is the start of the wait a capacity-breach timer should be set for;
// false when one runs, the team sets no wait, or this wait breached already.
func (s *staffing) capacityWait(wait time.Duration) (time.Time, bool) {
	if s.cancelCapacity != nil || wait <= 0 || s.booking.WaitingSince == nil || s.booking.WaitingSince.Equal(s.breachedWait) {
		return time.Time{}, false
	}
	return *s.booking.WaitingSince, true
}

// timeCapacity keeps the cancel of the capacity-breach timer of the current wait.
func (s *staffing) timeCapacity(cancel workflow.CancelFunc) { s.cancelCapacity = cancel }

// breachCapacity records the capacity breach of the wait that began at since and
// gives the roster's last reason; false when the timer fired in the same moment as a
// booking or a new ask that could no longer cancel it.
func (s *staffing) breachCapacity(since time.Time) (string, bool) {
	b := s.booking
	if b == nil || b.WaitingSince == nil || !b.WaitingSince.Equal(since) || b.Person != "" || b.Released {
		return "", false
	}
	s.cancelCapacity, s.breachedWait = nil, since
	return b.Reason, true
}

func (s *staffing) stopCapacityTimer() {
	if s.cancelCapacity != nil {
		s.cancelCapacity()
		s.cancelCapacity = nil
	}
}

// release gives the task's capacity back, once: the signal for the roster, or false
// when there is nothing to give back.
func (s *staffing) release(taskID string, completed bool, hours float64, why string) (ReleasePersonSignal, bool) {
	if !s.active() {
		return ReleasePersonSignal{}, false
	}
	s.booking.Released = true
	if completed {
		s.booking.ActualHours = hours
	}
	return ReleasePersonSignal{TaskID: taskID, Completed: completed, ActualHours: hours, Reason: why, Seq: s.asks}, true
}

// bookedAt is when the person who has the task was booked.
func (s *staffing) bookedAt() (time.Time, bool) {
	if s.booking == nil || s.booking.BookedAt == nil {
		return time.Time{}, false
	}
	return *s.booking.BookedAt, true
}

// refuseTaking says why nobody may take a task the roster is staffing.
func (s *staffing) refuseTaking(team string) error {
	if s.booking == nil || s.booking.Position == 0 {
		return fmt.Errorf("actor: the %s roster is booking a person for this task; wait for its notice", team)
	}
	return fmt.Errorf("actor: the task waits for capacity at place %d on the %s roster (%s); a manager can give it to someone with `starter reassign`",
		s.booking.Position, team, s.booking.Reason)
}

// show puts the booking in the task's status.
func (s *staffing) show(st *TaskStatus) { st.Staffing = s.booking }
