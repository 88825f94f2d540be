package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// ask puts a human step in the owner role's queue and asks the team's roster for a
// person; the roster's notice then names them or the task's place in line. Asks are
// numbered, so a notice answering an earlier ask is told apart. The task leaves its
// holder, and g the completion held for them.
func (s *staffing) ask(ctx workflow.Context, loop *eventLoop, h assigner, task *taskState, g *governance, step HumanStep, queue string) {
	exception := step == StepException
	need := s.need(task, catalog.NeedsSenior(task.Bucket, exception))
	need.Allocation = catalog.AllocationFor(s.taskType, task.Bucket, exception)
	need.Hours = float64(s.taskType.ManualMinutes) / 60
	req := s.newAsk(workflow.Now(ctx), need, s.prefer, RosterWorkflowID(task.Team))
	task.HumanStep, task.Assignee, task.AcknowledgedBy = step, queue, ""
	g.drop()
	task.settleStage()
	h.publish(ctx)
	f := workflow.SignalExternalWorkflow(ctx, s.rosterID(), "", SignalRequestPerson, RequestPersonSignal{Request: req})
	loop.track(f, func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			s.leave(ctx, h, task, "did not answer: "+failureReason(err))
		}
	})
}

// need is what the roster is told of the task whatever the ask: what it is, the skill
// and seniority it takes, its place by priority, and who must not do it.
func (s *staffing) need(task *taskState, senior bool) roster.Request {
	return roster.Request{
		TaskID: task.TaskID, TaskType: task.Request.TaskType, Title: task.Request.Title, Skill: s.taskType.Skill,
		Senior: senior, Priority: QueuePriority(task.Bucket, task.Scores), Exclude: s.exclude, AnySeniority: task.rerouted(),
	}
}

// leave keeps the work in the role's queue, as on a team without a roster, when the
// roster cannot take the ask; the status says why.
func (s *staffing) leave(ctx workflow.Context, h assigner, task *taskState, why string) {
	s.drop()
	task.Notices = append(task.Notices, fmt.Sprintf("roster %s %s; the %s queue holds the task", RosterWorkflowID(task.Team), why, task.Assignee))
	h.record(ctx, queued(fmt.Sprintf("in the %s queue: roster %s %s", task.Assignee, RosterWorkflowID(task.Team), why)))
	h.assign(ctx, task.HumanStep, task.Assignee)
}

// QueuePriority orders a team's queue, lower first: instant work first, then by criticality and latency.
func QueuePriority(b catalog.Bucket, s catalog.Scores) int {
	rank := map[catalog.Bucket]int{catalog.BucketInstantCritical: 0, catalog.BucketPlannedCritical: 1, catalog.BucketExceptionOnly: 2, catalog.BucketRepeatableNoncritical: 3}[b]
	return rank*100 + (5-s.Criticality)*10 + (5 - s.Latency)
}

// tellNobodyElse tells the team's managers when the roster gave the task back to a
// person who left it because nobody else may take it: the task stays takeable, and
// they can move it or add someone with the skill.
func (s *staffing) tellNobodyElse(ctx workflow.Context, tell teller, task *taskState, person string) {
	if !s.hasLeft(person) {
		return
	}
	text := fmt.Sprintf("Nobody else on %s may take %q (skill %q), so the roster gave it back to %s, who had handed it back or let its resolution SLA run out. Move it with `starter reassign %s --actor <you> --to …`, or add someone with the skill.",
		task.Team, task.Request.Title, s.taskType.Skill, person, task.TaskID)
	for _, m := range askedAt(escalationLevels(person, s.taskType.EscalationPath, s.managers), 2) {
		tell.notify(ctx, m, "nobody-else", text)
	}
}

// tellPlace answers a new roster of the team with the place the task holds: the
// person who has it, or the ask it waits on, and since when. The task itself does not move.
func (s *staffing) tellPlace(ctx workflow.Context, loop *eventLoop, task *taskState) {
	s.sendPlace(ctx, loop, task, s.heldPlace(task, "told a new roster its place", true), "the place the task holds")
}

// refreshPlace tells the roster the task's new priority and seniority for the booking
// or place it holds, so a later hand-back queues it where it now belongs.
func (s *staffing) refreshPlace(ctx workflow.Context, loop *eventLoop, task *taskState, why string) {
	req := s.heldPlace(task, why, false)
	req.Refresh = true
	s.sendPlace(ctx, loop, task, req, "the task's new priority")
}

// heldPlace describes the booking or queue place the task's last ask holds.
func (s *staffing) heldPlace(task *taskState, reason string, resync bool) roster.Request {
	need := s.need(task, catalog.NeedsSenior(task.Bucket, task.HumanStep == StepException))
	need.Reason = reason
	return s.place(need, resync)
}

func (s *staffing) sendPlace(ctx workflow.Context, loop *eventLoop, task *taskState, req roster.Request, what string) {
	id := s.rosterID()
	loop.track(workflow.SignalExternalWorkflow(ctx, id, "", SignalRequestPerson, RequestPersonSignal{Request: req}), func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			task.Notices = append(task.Notices, fmt.Sprintf("could not tell %s %s: %s", id, what, failureReason(err)))
		}
	})
}

// giveBack gives the task's capacity back to the roster, once; it returns the
// signal's future, or nil when there was nothing to give back.
func (s *staffing) giveBack(ctx workflow.Context, loop *eventLoop, task *taskState, completed bool, hours float64, why string) workflow.Future {
	sig, ok := s.release(task.TaskID, completed, hours, why)
	if !ok {
		return nil
	}
	id := s.rosterID()
	f := workflow.SignalExternalWorkflow(ctx, id, "", SignalReleasePerson, sig)
	loop.track(f, func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			task.Notices = append(task.Notices, fmt.Sprintf("could not give capacity back to %s: %s; its check of open tasks will", id, failureReason(err)))
		}
	})
	return f
}

// actualHours is what the completer reported, or the working time since the person was booked.
func (s *staffing) actualHours(reported float64, now time.Time) float64 {
	booked, ok := s.bookedAt()
	if reported > 0 || !ok {
		return reported
	}
	worked, err := s.calendar.Span(booked, now, catalog.SLA("1 business day"))
	if err != nil {
		return 0
	}
	return worked.Hours()
}
