package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/roster"
)

// rosterChange is one roster update: it changes the state it is given and says which tasks move.
type rosterChange[T any] func(s *roster.State, in T, now time.Time) ([]roster.Notice, error)

// registerUpdates wires each roster update. Its validator tries the change on a copy,
// so a refused change names the field and the fix, leaves the roster as it was and
// never reaches the history; an accepted one is applied and its tasks are told.
func (r *rosterRun) registerUpdates(ctx workflow.Context) error {
	regs := []func() error{
		func() error { return registerRosterUpdate(ctx, r, r.join) },
		func() error { return registerRosterUpdate(ctx, r, r.leave) },
		func() error { return registerRosterUpdate(ctx, r, r.outOfOffice) },
		func() error { return registerRosterUpdate(ctx, r, r.backInOffice) },
		func() error { return registerRosterUpdate(ctx, r, r.changeHours) },
		func() error { return registerRosterUpdate(ctx, r, r.reassignTask) },
	}
	for _, reg := range regs {
		if err := reg(); err != nil {
			return err
		}
	}
	return nil
}

// RosterUpdateMessage is what every roster update carries: its update name, so the
// workflow and its callers name it in one place, and the actor who makes it.
type RosterUpdateMessage interface {
	UpdateName() string
	actor() string
	texts() []boundedText
}

// UpdateName is the update this message is sent as.
func (JoinUpdate) UpdateName() string { return UpdateJoin }

// UpdateName is the update this message is sent as.
func (LeaveUpdate) UpdateName() string { return UpdateLeave }

// UpdateName is the update this message is sent as.
func (OutOfOfficeUpdate) UpdateName() string { return UpdateOutOfOffice }

// UpdateName is the update this message is sent as.
func (BackInOfficeUpdate) UpdateName() string { return UpdateBackInOffice }

// UpdateName is the update this message is sent as.
func (ChangeHoursUpdate) UpdateName() string { return UpdateChangeHours }

// UpdateName is the update this message is sent as.
func (ReassignTaskUpdate) UpdateName() string { return UpdateReassignTask }

func (u JoinUpdate) actor() string         { return u.Actor }
func (u LeaveUpdate) actor() string        { return u.Actor }
func (u OutOfOfficeUpdate) actor() string  { return u.Actor }
func (u BackInOfficeUpdate) actor() string { return u.Actor }
func (u ChangeHoursUpdate) actor() string  { return u.Actor }
func (u ReassignTaskUpdate) actor() string { return u.Actor }

func registerRosterUpdate[T RosterUpdateMessage](ctx workflow.Context, r *rosterRun, change rosterChange[T]) error {
	var zero T
	name := zero.UpdateName()
	err := workflow.SetUpdateHandlerWithOptions(ctx, name,
		func(ctx workflow.Context, u strictUpdate[T]) (RosterChange, error) {
			in := u.msg
			if err := mayChange(r.state, in); err != nil {
				return RosterChange{}, err
			}
			notices, err := change(r.state, in, workflow.Now(ctx))
			if err != nil {
				return RosterChange{}, err // the validator passed, so only a change made meanwhile gets here
			}
			r.logger.Info("Roster changed", "update", name, "actor", in.actor(), "tasks moved", len(notices))
			r.notify(ctx, notices)
			r.changed.SendAsync(true) // the loop re-arms its timer for new time off and refreshes the UI
			return RosterChange{Notices: notices}, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, u strictUpdate[T]) error {
			in := u.msg
			if err := CheckRosterUpdate(in); err != nil {
				return err
			}
			if err := mayChange(r.state, in); err != nil {
				return err
			}
			_, err := change(r.state.Clone(), in, workflow.Now(ctx))
			return err
		}})
	if err != nil {
		return fmt.Errorf("register %s update: %w", name, err)
	}
	return nil
}

// mayChange says who may change a roster: its managers; and a person may mark
// themselves out of office or back. Moving a task is checked by the move itself.
func mayChange[T RosterUpdateMessage](s *roster.State, in T) error {
	actor := in.actor()
	if slices.Contains(s.Managers, actor) {
		return nil
	}
	switch u := any(in).(type) {
	case OutOfOfficeUpdate:
		if u.Person == actor {
			return nil
		}
	case BackInOfficeUpdate:
		if u.Person == actor {
			return nil
		}
	case ReassignTaskUpdate:
		return nil
	}
	return fmt.Errorf("actor: %q is not a manager of %s (%s); a manager changes the roster, and people mark only themselves out of office or back",
		actor, s.Team, strings.Join(s.Managers, ", "))
}

func (r *rosterRun) join(s *roster.State, in JoinUpdate, now time.Time) ([]roster.Notice, error) {
	if err := s.Join(in.Person, r.zone); err != nil {
		return nil, err
	}
	return s.Drain(now), nil
}

func (r *rosterRun) leave(s *roster.State, in LeaveUpdate, now time.Time) ([]roster.Notice, error) {
	return s.Leave(in.Person, now)
}

func (r *rosterRun) outOfOffice(s *roster.State, in OutOfOfficeUpdate, now time.Time) ([]roster.Notice, error) {
	off := roster.TimeOff{From: in.From, Back: in.Back}
	if off.From == "" {
		off.From = now.Format(time.RFC3339)
	}
	from, back, err := off.Span(r.zone)
	if err != nil {
		return nil, err
	}
	return s.SetAway(in.Person, roster.Away{From: from, Back: back}, now)
}

func (r *rosterRun) backInOffice(s *roster.State, in BackInOfficeUpdate, now time.Time) ([]roster.Notice, error) {
	return s.SetBack(in.Person, now)
}

func (r *rosterRun) changeHours(s *roster.State, in ChangeHoursUpdate, now time.Time) ([]roster.Notice, error) {
	if err := requireHours(in.WeeklyHours); err != nil {
		return nil, err
	}
	return s.SetHours(in.Person, in.WeeklyHours, in.Allocations, now)
}

func (r *rosterRun) reassignTask(s *roster.State, in ReassignTaskUpdate, now time.Time) ([]roster.Notice, error) {
	return s.Move(in.TaskID, in.To, in.Actor, now)
}
