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

// earlyAcks are the acknowledges that arrived before the roster's answer, each with
// its record so far, held until the answer lands.
type earlyAcks struct {
	held []heldAck
}

// heldAck is an acknowledge waiting for the roster's answer, with its record so far.
type heldAck struct {
	signal AcknowledgeSignal
	rec    SignalRecord
}

// hold keeps an acknowledge until the roster of team answers (errAskingRoster); too
// many waiting are refused.
func (a *earlyAcks) hold(h heldAck, team string) error {
	if len(a.held) >= maxHeldAcks {
		return fmt.Errorf("actor: %d acknowledges already wait for the %s roster's answer; send yours again once it has booked someone", maxHeldAcks, team)
	}
	a.held = append(a.held, h)
	return errAskingRoster
}

// take hands over the acknowledges held for the roster's answer.
func (a *earlyAcks) take() []heldAck {
	held := a.held
	a.held = nil
	return held
}

// settleHeldAcks decides the held acknowledges once the roster has answered: the one
// from the person it booked takes the task; the others are refused with the reason.
func (t *taskRun) settleHeldAcks(ctx workflow.Context) {
	if t.staffing.asking() && t.task.Stage != StageCompleted {
		return
	}
	for _, h := range t.early.take() {
		var err error
		if st := &t.task; st.Stage == StageCompleted {
			err = fmt.Errorf("the task is already completed (%s by %s)", st.Outcome, st.CompletedBy)
		} else {
			t.actions.actAs(h.rec.At) // the acknowledgement counts when it was sent
			err = t.task.acknowledge(ctx, &t.loop, t, &t.clocks, &t.escalations, &t.governance, &t.staffing, h.signal, t.actions.now(ctx))
			t.actions.end()
		}
		t.log.record(t.logger, &t.answers, &t.ledger, h.rec, err)
	}
}
