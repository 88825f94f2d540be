package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// askRoster puts a human step in the owner role's queue and asks the team's roster
// for a person; the roster's notice then names them or the task's place in line.
// Asks are numbered, so a notice answering an earlier ask is told apart.
func (t *taskRun) askRoster(ctx workflow.Context, step HumanStep, queue string) {
	st := &t.status
	now := workflow.Now(ctx)
	if t.firstAsked.IsZero() {
		t.firstAsked = now
	}
	t.askSeq++
	t.stopCapacityTimer()
	exception := step == StepException
	req := roster.Request{
		TaskID: st.TaskID, TaskType: st.Request.TaskType, Title: st.Request.Title,
		Skill:        t.policy.TaskType.Skill,
		Senior:       catalog.NeedsSenior(st.Bucket, exception),
		Allocation:   catalog.AllocationFor(t.policy.TaskType, st.Bucket, exception),
		Hours:        float64(t.policy.TaskType.ManualMinutes) / 60,
		Priority:     QueuePriority(st.Bucket, st.Scores),
		Exclude:      t.excluded(),
		Avoid:        t.leftBy,
		AnySeniority: t.rerouted(),
		Reason:       t.askReason,
		At:           t.firstAsked,
		Seq:          t.askSeq,
	}
	if st.Staffing == nil {
		req.Prefer, req.Reason = t.in.Assignee, "new task"
	}
	waiting := &now
	if sf := st.Staffing; sf != nil && sf.Person == "" && sf.WaitingSince != nil {
		waiting = sf.WaitingSince // asked again while waiting: the wait goes on
	}
	st.Staffing = &Staffing{Roster: RosterWorkflowID(st.Team), Ask: t.askSeq, Allocation: req.Allocation, EstimatedHours: req.Hours, WaitingSince: waiting, Reason: "asking the roster"}
	st.HumanStep, st.Assignee, st.AcknowledgedBy, st.HeldCompletion = step, queue, "", nil
	t.settleStage()
	t.publish(ctx)
	f := workflow.SignalExternalWorkflow(ctx, st.Staffing.Roster, "", SignalRequestPerson, RequestPersonSignal{Request: req})
	t.loop.track(f, func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			t.leaveRoster(ctx, "did not answer: "+failureReason(err))
		}
	})
}

// leaveRoster keeps the work in the role's queue, as on a team without a roster,
// when the roster cannot take the ask; the status says why.
func (t *taskRun) leaveRoster(ctx workflow.Context, why string) {
	st := &t.status
	t.staffed, st.Staffing = false, nil
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
	ch := workflow.GetSignalChannel(ctx, SignalRosterNotice)
	t.rosterNotices = ch
	t.loop.receive(ch, func(c workflow.ReceiveChannel) {
		var s RosterNoticeSignal
		c.Receive(ctx, &s)
		t.onRosterNotice(ctx, s.Notice)
	})
}

func (t *taskRun) onRosterNotice(ctx workflow.Context, n roster.Notice) {
	st := &t.status
	sf := st.Staffing
	if !t.staffed || sf == nil || sf.Released || st.Stage == StageCompleted {
		return // the task gave its place back; the roster has it already or will on the release
	}
	if n.Resync {
		// A question, not news: it never hides a notice numbered before it.
		t.tellPlace(ctx)
		return
	}
	if n.Seq != t.askSeq || n.Serial <= t.lastSerial {
		return // an answer to an ask since replaced, or older than one already taken
	}
	t.lastSerial = n.Serial
	t.rerouteAnswered(n)
	if n.Person == "" && n.Position == 0 {
		t.leaveRoster(ctx, n.Reason)
		return
	}
	sf.Reason, sf.Allocation, sf.EstimatedHours = n.Reason, n.Allocation, n.Hours
	if n.Person == "" {
		t.waitInLine(ctx, n)
		return
	}
	if sf.Person == n.Person && st.Assignee == n.Person {
		t.publish(ctx)
		return
	}
	if prev := sf.Person; prev != "" {
		st.Handoffs++ // moved by a manager
		t.notify(ctx, prev, "unassigned", fmt.Sprintf("%s is off your list: %s, to %s.", st.Request.Title, n.Reason, n.Person))
	}
	now := workflow.Now(ctx)
	sf.Person, sf.BookedAt, sf.Position, sf.WaitingSince = n.Person, &now, 0, nil
	t.stopCapacityTimer()
	t.endCapacityClimb(ctx, n.Person)
	t.assign(ctx, st.HumanStep, n.Person)
	t.tellNobodyElse(ctx, n.Person)
}

// tellNobodyElse tells the team's managers when the roster gave the task back to a
// person who left it because nobody else may take it: the task stays takeable, and
// they can move it or add someone with the skill.
func (t *taskRun) tellNobodyElse(ctx workflow.Context, person string) {
	if !slices.Contains(t.leftBy, person) {
		return
	}
	st := &t.status
	text := fmt.Sprintf("Nobody else on %s may take %q (skill %q), so the roster gave it back to %s, who had handed it back or let its resolution SLA run out. Move it with `starter reassign %s --actor <you> --to …`, or add someone with the skill.",
		st.Team, st.Request.Title, t.policy.TaskType.Skill, person, st.TaskID)
	for _, m := range askedAt(escalationLevels(person, t.policy.TaskType.EscalationPath, t.policy.Managers), 2) {
		t.notify(ctx, m, "nobody-else", text)
	}
}

// tellPlace answers a new roster of the team with the place the task holds: the
// person who has it, or the ask it waits on, and since when. The task itself does not move.
func (t *taskRun) tellPlace(ctx workflow.Context) {
	sf := t.status.Staffing
	req := t.heldPlace("told a new roster its place")
	req.Resync, req.Holds = true, sf.Person
	if sf.Person == "" && sf.WaitingSince != nil {
		req.Since = *sf.WaitingSince
	}
	t.sendPlace(ctx, req, "the place the task holds")
}

// refreshPlace tells the roster the task's new priority and seniority for the booking
// or place it holds, so a later hand-back queues it where it now belongs.
func (t *taskRun) refreshPlace(ctx workflow.Context, why string) {
	req := t.heldPlace(why)
	req.Refresh = true
	t.sendPlace(ctx, req, "the task's new priority")
}

// heldPlace describes the booking or queue place the task's last ask holds.
func (t *taskRun) heldPlace(reason string) roster.Request {
	st := &t.status
	sf := st.Staffing
	return roster.Request{
		TaskID: st.TaskID, TaskType: st.Request.TaskType, Title: st.Request.Title, Skill: t.policy.TaskType.Skill,
		Senior: catalog.NeedsSenior(st.Bucket, st.HumanStep == StepException), Allocation: sf.Allocation, Hours: sf.EstimatedHours,
		Priority: QueuePriority(st.Bucket, st.Scores), Exclude: t.excluded(), Avoid: t.leftBy, AnySeniority: t.rerouted(), Reason: reason,
		At: t.firstAsked, Seq: t.askSeq,
	}
}

func (t *taskRun) sendPlace(ctx workflow.Context, req roster.Request, what string) {
	st := &t.status
	sf := st.Staffing
	t.loop.track(workflow.SignalExternalWorkflow(ctx, sf.Roster, "", SignalRequestPerson, RequestPersonSignal{Request: req}), func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			st.Notices = append(st.Notices, fmt.Sprintf("could not tell %s %s: %s", sf.Roster, what, failureReason(err)))
		}
	})
}

// releaseStaffing gives the task's capacity back to the roster, once; it returns the
// signal's future, or nil when there was nothing to give back.
func (t *taskRun) releaseStaffing(ctx workflow.Context, completed bool, hours float64, why string) workflow.Future {
	sf := t.status.Staffing
	if !t.staffed || sf == nil || sf.Released {
		return nil
	}
	sf.Released = true
	if completed {
		sf.ActualHours = hours
	}
	sig := ReleasePersonSignal{TaskID: t.status.TaskID, Completed: completed, ActualHours: hours, Reason: why, Seq: t.askSeq}
	f := workflow.SignalExternalWorkflow(ctx, sf.Roster, "", SignalReleasePerson, sig)
	t.loop.track(f, func(f workflow.Future) {
		if err := f.Get(ctx, nil); err != nil {
			t.status.Notices = append(t.status.Notices, fmt.Sprintf("could not give capacity back to %s: %s; its check of open tasks will", sf.Roster, failureReason(err)))
		}
	})
	return f
}

// actualHours is what the completer reported, or the working time since the person was booked.
func (t *taskRun) actualHours(reported float64, now time.Time) float64 {
	sf := t.status.Staffing
	if reported > 0 || sf == nil || sf.BookedAt == nil {
		return reported
	}
	worked, err := t.policy.Calendar.Span(*sf.BookedAt, now, catalog.SLA("1 business day"))
	if err != nil {
		return 0
	}
	return worked.Hours()
}
