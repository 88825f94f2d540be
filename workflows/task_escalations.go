package workflows

import (
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"
)

// escalations are the task's climbs: one runs at a time, as a child workflow, and a
// condition that must start higher waits for it to end. They hold what the status
// shows of the climbs: the running one, the level reached, the ones that ended.
type escalations struct {
	// The climbs' levels: whoever holds the task, then the path's roles and the managers.
	path, managers []string
	window         time.Duration // how long each level has to acknowledge

	child    workflow.ChildWorkflowFuture // the running climb, if any
	start    int                          // the level the running climb started at
	capacity bool                         // the running climb is a capacity breach, which a booking ends
	trigger  string                       // the running climb's condition, as the ledger names it
	next     *escalationCause             // the condition waiting for the running climb to end
	levels   []EscalationLevel            // the running or last climb's levels: who each one asks
	cycles   int                          // climbs started
	reports  workflow.ReceiveChannel      // the climbs' level reports; late ones are drained at the end

	// The status's escalation section: see TaskStatus.
	running    string
	level      int
	reason     string
	asked      []string
	ended      []EscalationResult
	reclassify bool
}

// newEscalations are the climbs of a task whose levels follow path after its holder,
// with the team's managers, each with window to acknowledge (or the default).
func newEscalations(path, managers []string, window time.Duration) escalations {
	if window == 0 {
		window = DefaultEscalationWindow
	}
	return escalations{path: path, managers: managers, window: window}
}

// climbing names the running climb's workflow, if one runs.
func (e *escalations) climbing() (id string, ok bool) { return e.running, e.child != nil }

// wait keeps a condition for after the running climb when it must start higher
// (compliance); a capacity breach never takes the place of another condition waiting its turn.
func (e *escalations) wait(why escalationCause) {
	if why.startLevel > e.level && (!why.capacity || e.next == nil || e.next.capacity) {
		e.next = &why
	}
}

// nextCycle numbers the climb about to start.
func (e *escalations) nextCycle() int {
	e.cycles++
	return e.cycles
}

// started records the climb that child runs for why, under the workflow ID id.
func (e *escalations) started(child workflow.ChildWorkflowFuture, id string, in EscalationInput, why escalationCause) {
	e.child, e.start, e.capacity, e.trigger, e.levels = child, in.StartLevel, why.capacity, why.trigger, in.Levels
	e.running, e.level, e.reason, e.asked = id, in.StartLevel, in.Reason, askedAt(in.Levels, in.StartLevel)
	if e.cycles > 1 {
		e.reclassify = true // DOMAIN.md §6: more than one cycle means the task is classed wrong
	}
}

// finished records how the running climb ended; a climb that failed has no result.
func (e *escalations) finished(res EscalationResult, ok bool) {
	e.child, e.running, e.capacity = nil, "", false
	if ok {
		e.ended = append(e.ended, res)
	}
}

// takeNext hands over the condition that waited for the climb that ended.
func (e *escalations) takeNext() *escalationCause {
	next := e.next
	e.next = nil
	return next
}

// stopping is the running climb that a stop ends, with the condition waiting behind
// it dropped; nil when none runs. Taking the task does not stop a climb that started
// above level 1 (compliance): that asks managers, not the holder.
func (e *escalations) stopping(taken bool) workflow.ChildWorkflowFuture {
	if e.child == nil || (taken && e.start > 1) {
		return nil
	}
	e.next = nil
	return e.child
}

// endCapacity drops a capacity breach waiting its turn and answers the running climb
// if it is one, which a booking ends; nil otherwise.
func (e *escalations) endCapacity() workflow.ChildWorkflowFuture {
	if e.next != nil && e.next.capacity {
		e.next = nil
	}
	if e.child != nil && e.capacity {
		return e.child
	}
	return nil
}

// runs says whether child is still the running climb.
func (e *escalations) runs(child workflow.ChildWorkflowFuture) bool { return e.child == child }

// addHolder adds a person who now holds the task to level 1 of a climb at level 1,
// with levels the climb's new levels for them; it answers the climb to tell, or nil.
func (e *escalations) addHolder(holder string, levels []EscalationLevel) workflow.ChildWorkflowFuture {
	if e.child == nil || e.start > 1 || e.level > 1 || slices.Contains(askedAt(e.levels, 1), holder) {
		return nil
	}
	first := EscalationLevel{Level: 1, Recipients: append(slices.Clone(askedAt(e.levels, 1)), holder)}
	e.levels = append([]EscalationLevel{first}, levels[1:]...)
	return e.child
}

// listen follows the levels the climbs reach, for the status and search attributes.
func (e *escalations) listen(ctx workflow.Context, loop *eventLoop, tell teller) {
	e.reports = workflow.GetSignalChannel(ctx, SignalEscalationLevel)
	loop.receive(e.reports, func(c workflow.ReceiveChannel) {
		var report EscalationLevelSignal
		c.Receive(ctx, &report)
		if report.Cycle != e.cycles {
			return // not from the running climb
		}
		asked := report.Asked
		if len(asked) == 0 {
			asked = askedAt(e.levels, report.Level) // a climb that does not say
		}
		if report.Level > e.level {
			tell.record(ctx, escalated(report.Cycle, report.Level, e.trigger, e.reason))
		}
		e.level, e.asked = report.Level, asked
		tell.publish(ctx)
	})
}

// drain drops the level reports that arrive as the task closes: nothing is left to update.
func (e *escalations) drain() {
	for e.reports != nil && e.reports.ReceiveAsync(nil) {
	}
}

// bound keeps the latest climbs that ended, as the status lists them.
func (e *escalations) bound() { e.ended = boundEscalations(e.ended) }

// show puts the escalation section in the task's status.
func (e *escalations) show(st *TaskStatus) {
	st.Escalating, st.EscalationLevel, st.EscalationReason, st.EscalatedTo = e.running, e.level, e.reason, e.asked
	st.Escalations, st.NeedsReclassification = e.ended, e.reclassify
}
