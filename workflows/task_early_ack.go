package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/workflow"
)

// errAskingRoster marks an acknowledge that arrived before the roster's answer: the
// task holds it and decides it on the answer, so the person the roster booked may
// act as soon as the roster shows them booked.
var errAskingRoster = errors.New("the roster has not answered yet")

// askingRoster says the task asked its roster for a person and has no answer yet.
func (t *taskRun) askingRoster() bool {
	return t.staffing.asking() && t.task.Stage != StageCompleted
}

// settleHeldAcks decides the held acknowledges once the roster has answered: the one
// from the person it booked takes the task; the others are refused with the reason.
func (t *taskRun) settleHeldAcks(ctx workflow.Context) {
	if t.askingRoster() {
		return
	}
	for _, h := range t.staffing.takeHeldAcks() {
		var err error
		if st := &t.task; st.Stage == StageCompleted {
			err = fmt.Errorf("the task is already completed (%s by %s)", st.Outcome, st.CompletedBy)
		} else {
			t.actions.actAs(h.rec.At) // the acknowledgement counts when it was sent
			err = t.acknowledge(ctx, h.signal)
			t.actions.end()
		}
		t.record(h.rec, err)
	}
}

// takeRosterNotices applies the roster's notices that reached the task before a
// person's action, so the action is decided on the booking it follows: once the
// roster's notice has landed, whoever it booked may act.
func (t *taskRun) takeRosterNotices(ctx workflow.Context) {
	for {
		n, ok := t.staffing.nextNotice()
		if !ok {
			return
		}
		t.onRosterNotice(ctx, n)
	}
}
