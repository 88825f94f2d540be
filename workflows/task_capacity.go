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
	st := &t.task
	t.staffing.wait(n.Position, workflow.Now(ctx))
	if prev := st.Assignee; !IsRoleAssignee(prev) {
		st.Handoffs++
		t.staffing.unbook()
		st.Assignee, st.AcknowledgedBy = RoleAssignee(t.stepOwnerRole()), ""
		t.governance.drop()
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
	since, ok := t.staffing.capacityWait(wait)
	if !ok {
		return
	}
	delay := max(since.Add(wait).Sub(workflow.Now(ctx)), time.Millisecond)
	tctx, cancel := workflow.WithCancel(ctx)
	t.staffing.timeCapacity(cancel)
	timer := workflow.NewTimerWithOptions(tctx, delay, workflow.TimerOptions{Summary: fmt.Sprintf("capacity breach if nobody takes it within %s of waiting", wait)})
	t.loop.track(timer, func(f workflow.Future) {
		if f.Get(ctx, nil) != nil || t.task.Stage == StageCompleted {
			return // cancelled: booked, asked again or finished
		}
		// Only the wait the timer was set for, still waiting, breaches.
		if reason, ok := t.staffing.breachCapacity(since); ok {
			t.escalations.escalate(ctx, &t.loop, t, &t.task, escalationCause{reason: fmt.Sprintf("capacity breach: waited %s for a person: %s", wait, reason), startLevel: 2, capacity: true})
		}
	})
}
