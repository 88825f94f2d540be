package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// askRoster puts a human step in the owner role's queue and asks the team's roster
// for a person; the roster's notice then names them or the task's place in line.
// Asks are numbered, so a notice answering an earlier ask is told apart.
func (t *taskRun) askRoster(ctx workflow.Context, step HumanStep, queue string) {
	st := &t.task
	exception := step == StepException
	need := t.rosterNeed(catalog.NeedsSenior(st.Bucket, exception))
	need.Allocation = catalog.AllocationFor(t.policy.TaskType, st.Bucket, exception)
	need.Hours = float64(t.policy.TaskType.ManualMinutes) / 60
	req := t.staffing.ask(workflow.Now(ctx), need, t.in.Assignee, RosterWorkflowID(st.Team))
	st.HumanStep, st.Assignee, st.AcknowledgedBy = step, queue, ""
	t.governance.drop()
	t.settleStage()
	t.publish(ctx)
	f := workflow.SignalExternalWorkflow(ctx, t.staffing.rosterID(), "", SignalRequestPerson, RequestPersonSignal{Request: req})
	t.loop.track(f, func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			t.leaveRoster(ctx, "did not answer: "+failureReason(err))
		}
	})
}

// rosterNeed is what the roster is told of the task whatever the ask: what it is,
// the skill and seniority it takes, its place by priority, and who must not do it.
func (t *taskRun) rosterNeed(senior bool) roster.Request {
	st := &t.task
	return roster.Request{
		TaskID: st.TaskID, TaskType: st.Request.TaskType, Title: st.Request.Title, Skill: t.policy.TaskType.Skill,
		Senior: senior, Priority: QueuePriority(st.Bucket, st.Scores), Exclude: t.excluded(), AnySeniority: t.rerouted(),
	}
}

// leaveRoster keeps the work in the role's queue, as on a team without a roster,
// when the roster cannot take the ask; the status says why.
func (t *taskRun) leaveRoster(ctx workflow.Context, why string) {
	st := &t.task
	t.staffing.drop()
	st.Notices = append(st.Notices, fmt.Sprintf("roster %s %s; the %s queue holds the task", RosterWorkflowID(st.Team), why, st.Assignee))
	t.assign(ctx, st.HumanStep, st.Assignee)
}

// QueuePriority orders a team's queue, lower first: instant work first, then by criticality and latency.
func QueuePriority(b catalog.Bucket, s catalog.Scores) int {
	rank := map[catalog.Bucket]int{catalog.BucketInstantCritical: 0, catalog.BucketPlannedCritical: 1, catalog.BucketExceptionOnly: 2, catalog.BucketRepeatableNoncritical: 3}[b]
	return rank*100 + (5-s.Criticality)*10 + (5 - s.Latency)
}

// listenRoster takes the roster's notices: a person booked, or the task's place in line.
func (t *taskRun) listenRoster(ctx workflow.Context) {
	t.staffing.listen(ctx, &t.loop, func(n roster.Notice) { t.onRosterNotice(ctx, n) })
}

func (t *taskRun) onRosterNotice(ctx workflow.Context, n roster.Notice) {
	st := &t.task
	if !t.staffing.active() || st.Stage == StageCompleted {
		return // the task gave its place back; the roster has it already or will on the release
	}
	if n.Resync {
		// A question, not news: it never hides a notice numbered before it.
		t.tellPlace(ctx)
		return
	}
	if !t.staffing.take(n) {
		return // an answer to an ask since replaced, or older than one already taken
	}
	t.rerouteAnswered(n)
	if n.Person == "" && n.Position == 0 {
		t.leaveRoster(ctx, n.Reason)
		return
	}
	if n.Person == "" {
		t.waitInLine(ctx, n)
		return
	}
	prev := t.staffing.person()
	if prev == n.Person && st.Assignee == n.Person {
		t.publish(ctx)
		return
	}
	if prev != "" {
		st.Handoffs++ // moved by a manager
		t.notify(ctx, prev, "unassigned", fmt.Sprintf("%s is off your list: %s, to %s.", st.Request.Title, n.Reason, n.Person))
	}
	t.staffing.book(n.Person, workflow.Now(ctx))
	t.escalations.booked(ctx, &t.loop, &t.task, t.staffing.rosterID(), n.Person)
	t.assign(ctx, st.HumanStep, n.Person)
	t.tellNobodyElse(ctx, n.Person)
}

// tellNobodyElse tells the team's managers when the roster gave the task back to a
// person who left it because nobody else may take it: the task stays takeable, and
// they can move it or add someone with the skill.
func (t *taskRun) tellNobodyElse(ctx workflow.Context, person string) {
	if !t.staffing.hasLeft(person) {
		return
	}
	st := &t.task
	text := fmt.Sprintf("Nobody else on %s may take %q (skill %q), so the roster gave it back to %s, who had handed it back or let its resolution SLA run out. Move it with `starter reassign %s --actor <you> --to …`, or add someone with the skill.",
		st.Team, st.Request.Title, t.policy.TaskType.Skill, person, st.TaskID)
	for _, m := range askedAt(escalationLevels(person, t.policy.TaskType.EscalationPath, t.policy.Managers), 2) {
		t.notify(ctx, m, "nobody-else", text)
	}
}

// tellPlace answers a new roster of the team with the place the task holds: the
// person who has it, or the ask it waits on, and since when. The task itself does not move.
func (t *taskRun) tellPlace(ctx workflow.Context) {
	t.sendPlace(ctx, t.heldPlace("told a new roster its place", true), "the place the task holds")
}

// refreshPlace tells the roster the task's new priority and seniority for the booking
// or place it holds, so a later hand-back queues it where it now belongs.
func (t *taskRun) refreshPlace(ctx workflow.Context, why string) {
	req := t.heldPlace(why, false)
	req.Refresh = true
	t.sendPlace(ctx, req, "the task's new priority")
}

// heldPlace describes the booking or queue place the task's last ask holds.
func (t *taskRun) heldPlace(reason string, resync bool) roster.Request {
	need := t.rosterNeed(catalog.NeedsSenior(t.task.Bucket, t.task.HumanStep == StepException))
	need.Reason = reason
	return t.staffing.place(need, resync)
}

func (t *taskRun) sendPlace(ctx workflow.Context, req roster.Request, what string) {
	id := t.staffing.rosterID()
	t.loop.track(workflow.SignalExternalWorkflow(ctx, id, "", SignalRequestPerson, RequestPersonSignal{Request: req}), func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			t.task.Notices = append(t.task.Notices, fmt.Sprintf("could not tell %s %s: %s", id, what, failureReason(err)))
		}
	})
}

// releaseStaffing gives the task's capacity back to the roster, once; it returns the
// signal's future, or nil when there was nothing to give back.
func (t *taskRun) releaseStaffing(ctx workflow.Context, completed bool, hours float64, why string) workflow.Future {
	sig, ok := t.staffing.release(t.task.TaskID, completed, hours, why)
	if !ok {
		return nil
	}
	id := t.staffing.rosterID()
	f := workflow.SignalExternalWorkflow(ctx, id, "", SignalReleasePerson, sig)
	t.loop.track(f, func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			t.task.Notices = append(t.task.Notices, fmt.Sprintf("could not give capacity back to %s: %s; its check of open tasks will", id, failureReason(err)))
		}
	})
	return f
}

// actualHours is what the completer reported, or the working time since the person was booked.
func (t *taskRun) actualHours(reported float64, now time.Time) float64 {
	booked, ok := t.staffing.bookedAt()
	if reported > 0 || !ok {
		return reported
	}
	worked, err := t.policy.Calendar.Span(booked, now, catalog.SLA("1 business day"))
	if err != nil {
		return 0
	}
	return worked.Hours()
}
