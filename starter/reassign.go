package main

import (
	"context"
	"fmt"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// reassign moves a task to another person. A task its team's roster staffs moves on
// the roster, through the reassign-task update that only a team manager may make and
// that keeps the roster's rules (skill, in office, under the cap); any other task
// takes the reassign signal as before.
func (e *env) reassign(ctx context.Context, a actionFlags, signal workflows.HumanSignal, to string) error {
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	sctx, cancel := context.WithTimeout(ctx, *a.wait)
	defer cancel()
	st, err := in.Status(sctx, *a.task)
	if err != nil {
		return err
	}
	if st.Staffing == nil {
		return deliver(ctx, e, in, a, workflows.SignalReassign, signal)
	}
	return e.reassignOnRoster(ctx, in, a, st, to)
}

// reassignOnRoster asks the task's team roster to move it, then shows the task once it took the roster's notice.
func (e *env) reassignOnRoster(ctx context.Context, in *intake.Client, a actionFlags, st workflows.TaskStatus, to string) error {
	wctx, cancel := context.WithTimeout(ctx, *a.wait)
	defer cancel()
	change, err := intake.ChangeRoster(wctx, in, st.Team, workflows.ReassignTaskUpdate{Actor: *a.actor, TaskID: st.TaskID, To: to})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "%s: moved to %s on the %s roster by %s.\n", st.TaskID, to, st.Team, *a.actor)
	e.printNotices(change.Notices)
	moved, err := in.WaitFor(wctx, st.TaskID, func(s workflows.TaskStatus) bool {
		return s.Staffing != nil && s.Staffing.Person == to
	})
	if err != nil {
		fmt.Fprintf(e.out, "The roster booked %s; the task has not taken its notice yet (%v).\n", to, err)
		return nil
	}
	e.printSummary(moved)
	return nil
}
