package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

// listen opens the channel of the roster's notices on the loop.
func (s *staffing) listen(ctx workflow.Context, loop *eventLoop, take func(roster.Notice)) {
	s.notices = workflow.GetSignalChannel(ctx, SignalRosterNotice)
	loop.receive(s.notices, func(c workflow.ReceiveChannel) {
		var n RosterNoticeSignal
		c.Receive(ctx, &n)
		take(n.Notice)
	})
}

// nextNotice is a roster notice that reached the task and is not taken yet.
func (s *staffing) nextNotice() (roster.Notice, bool) {
	var n RosterNoticeSignal
	if s.notices == nil || !s.on || !s.notices.ReceiveAsync(&n) {
		return roster.Notice{}, false
	}
	return n.Notice, true
}

// drain drops the notices that arrive as the task closes: it has given its place back.
func (s *staffing) drain() {
	for s.notices != nil && s.notices.ReceiveAsync(nil) {
	}
}

// takeNotices applies the roster's notices that reached the task before a person's
// action, so the action is decided on the booking it follows: once the roster's
// notice has landed, whoever it booked may act.
func (s *staffing) takeNotices(ctx workflow.Context, loop *eventLoop, h assigner, task *taskState, g *governance, e *escalations) {
	for {
		n, ok := s.nextNotice()
		if !ok {
			return
		}
		s.onNotice(ctx, loop, h, task, g, e, n)
	}
}

// onNotice takes a roster's notice: a person booked, the task's place in line, or a
// roster that cannot staff it. A booking hands the task to the person and ends a
// capacity climb; a place in line takes it off whoever had it, into the role's queue.
func (s *staffing) onNotice(ctx workflow.Context, loop *eventLoop, h assigner, task *taskState, g *governance, e *escalations, n roster.Notice) {
	if !s.active() || task.Stage == StageCompleted {
		return // the task gave its place back; the roster has it already or will on the release
	}
	if n.Resync {
		// A question, not news: it never hides a notice numbered before it.
		s.tellPlace(ctx, loop, task)
		return
	}
	if !s.take(n) {
		return // an answer to an ask since replaced, or older than one already taken
	}
	s.rerouteAnswered(task, n)
	if n.Person == "" && n.Position == 0 {
		s.leave(ctx, h, task, n.Reason)
		return
	}
	if n.Person == "" {
		s.waitInLine(ctx, loop, h, task, g, e, n)
		return
	}
	prev := s.person()
	if prev == n.Person && task.Assignee == n.Person {
		h.publish(ctx)
		return
	}
	if prev != "" {
		task.Handoffs++ // moved by a manager
		h.record(ctx, handedOff(ledger.HandoffReassign, prev, n.Person, n.Reason))
		h.notify(ctx, prev, "unassigned", fmt.Sprintf("%s is off your list: %s, to %s.", task.Request.Title, n.Reason, n.Person))
	}
	s.book(n.Person, workflow.Now(ctx))
	e.booked(ctx, loop, task, s.rosterID(), n.Person)
	h.assign(ctx, task.HumanStep, n.Person)
	s.tellNobodyElse(ctx, h, task, n.Person)
}

// waitInLine records the task's place in the team's queue. A task the roster took off
// its person (out of office, left the team) goes back to the role's queue, so the
// absent person no longer holds it, nor g a completion they sent.
func (s *staffing) waitInLine(ctx workflow.Context, loop *eventLoop, tell teller, task *taskState, g *governance, e *escalations, n roster.Notice) {
	first := s.booking.Position == 0 // the first place this ask got: the task queues
	s.wait(n.Position, workflow.Now(ctx))
	if prev := task.Assignee; !IsRoleAssignee(prev) {
		task.Handoffs++
		tell.record(ctx, handedOff(ledger.HandoffReassign, prev, "", n.Reason))
		s.unbook()
		task.Assignee, task.AcknowledgedBy = task.stepQueue(), ""
		g.drop()
		task.settleStage()
		tell.notify(ctx, prev, "unassigned", fmt.Sprintf("%s is off your list: %s. It waits in the %s queue.", task.Request.Title, n.Reason, task.Team))
	}
	if first {
		tell.record(ctx, queued(fmt.Sprintf("place %d on %s: %s", n.Position, s.rosterID(), n.Reason)))
	}
	s.waitForCapacity(ctx, loop, tell, task, e, n.QueueWait)
	tell.publish(ctx)
}

// waitForCapacity starts the capacity-breach timer of a wait, counted from when the
// wait began: if nobody is booked by then, the escalation starts at the functional
// manager, who can free time or add people. A booking, a new ask or the end of the
// task cancels it, and a wait breaches once however often the roster repeats it.
func (s *staffing) waitForCapacity(ctx workflow.Context, loop *eventLoop, tell teller, task *taskState, e *escalations, wait time.Duration) {
	since, ok := s.capacityWait(wait)
	if !ok {
		return
	}
	delay := max(since.Add(wait).Sub(workflow.Now(ctx)), time.Millisecond)
	tctx, cancel := workflow.WithCancel(ctx)
	s.timeCapacity(cancel)
	timer := workflow.NewTimerWithOptions(tctx, delay, workflow.TimerOptions{Summary: fmt.Sprintf("capacity breach if nobody takes it within %s of waiting", wait)})
	loop.track(timer, func(f workflow.Future) {
		if f.Get(ctx, nil) != nil || task.Stage == StageCompleted {
			return // cancelled: booked, asked again or finished
		}
		// Only the wait the timer was set for, still waiting, breaches.
		if reason, ok := s.breachCapacity(since); ok {
			e.escalate(ctx, loop, tell, task, escalationCause{reason: fmt.Sprintf("capacity breach: waited %s for a person: %s", wait, reason), startLevel: 2, capacity: true, trigger: ledger.TriggerCapacity})
		}
	})
}
