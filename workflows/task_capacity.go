package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/roster"
)

// waitInLine records the task's place in the team's queue. A task the roster took off
// its person (out of office, left the team) goes back to the role's queue, so the
// absent person no longer holds it.
func (t *taskRun) waitInLine(ctx workflow.Context, n roster.Notice) {
	st := &t.status
	sf := st.Staffing
	now := workflow.Now(ctx)
	if sf.WaitingSince == nil {
		sf.WaitingSince = &now
	}
	sf.Position = n.Position
	if prev := st.Assignee; !IsRoleAssignee(prev) {
		st.Handoffs++
		sf.Person, sf.BookedAt = "", nil
		st.Assignee, st.AcknowledgedBy, st.HeldCompletion = RoleAssignee(t.stepOwnerRole()), "", nil
		t.settleStage()
		t.notify(ctx, prev, "unassigned", fmt.Sprintf("%s is off your list: %s. It waits in the %s queue.", st.Request.Title, n.Reason, st.Team))
	}
	t.waitForCapacity(ctx, n.QueueWait)
	t.publish(ctx)
}

// waitForCapacity starts the capacity-breach timer of a wait, counted from when the
// wait began: if nobody is booked by then, the escalation starts at the functional
// manager, who can free time or add people. A booking, a new ask or the end of the
// task cancels it, and a wait breaches once however often the roster repeats it.
func (t *taskRun) waitForCapacity(ctx workflow.Context, wait time.Duration) {
	sf := t.status.Staffing
	if t.cancelCapacity != nil || wait <= 0 || sf.WaitingSince == nil || sf.WaitingSince.Equal(t.breachedWait) {
		return
	}
	since := *sf.WaitingSince
	delay := max(since.Add(wait).Sub(workflow.Now(ctx)), time.Millisecond)
	tctx, cancel := workflow.WithCancel(ctx)
	t.cancelCapacity = cancel
	timer := workflow.NewTimerWithOptions(tctx, delay, workflow.TimerOptions{Summary: fmt.Sprintf("capacity breach if nobody takes it within %s of waiting", wait)})
	t.loop.track(timer, func(f workflow.Future) {
		if f.Get(ctx, nil) != nil {
			return // cancelled: booked, asked again or finished
		}
		sf := t.status.Staffing
		// The timer may have fired in the same moment as a booking or a new ask that could
		// no longer cancel it: only the wait it was set for, still waiting, breaches.
		if sf == nil || sf.WaitingSince == nil || !sf.WaitingSince.Equal(since) || sf.Person != "" || sf.Released || t.status.Stage == StageCompleted {
			return
		}
		t.cancelCapacity, t.breachedWait = nil, since
		t.escalateAs(ctx, fmt.Sprintf("capacity breach: waited %s for a person: %s", wait, sf.Reason), 2, true)
	})
}

func (t *taskRun) stopCapacityTimer() {
	if t.cancelCapacity != nil {
		t.cancelCapacity()
		t.cancelCapacity = nil
	}
}

// endCapacityClimb stops a capacity-breach escalation, running or waiting its turn,
// once a person is booked; other climbs go on.
func (t *taskRun) endCapacityClimb(ctx workflow.Context, person string) {
	if child := t.escalations.endCapacity(); child != nil {
		t.sendStop(ctx, child, EscalationStopSignal{Ended: EndBooked, By: t.status.Staffing.Roster, Note: "booked " + person})
	}
}
