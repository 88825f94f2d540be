package workflows

import (
	"encoding/json"
	"time"

	"go.temporal.io/sdk/workflow"
)

// stop records what stopped the climb, and when.
func (r *EscalationResult) stop(s EscalationStopSignal, at time.Time) {
	r.Ended, r.EndedBy, r.Identity, r.Note, r.EndedAt = s.Ended, s.By, s.Identity, s.Note, &at
}

// stopChannels are what stops a climb: people's acknowledgements and the task's word.
type stopChannels struct {
	acks, task workflow.ReceiveChannel
}

// addTo adds the stops to a level's selector: a valid one sets stop and got;
// malformed acknowledgements are logged and do not count.
func (c stopChannels) addTo(ctx workflow.Context, sel workflow.Selector, stop *EscalationStopSignal, got *bool) {
	sel.AddReceive(c.acks, func(ch workflow.ReceiveChannel, _ bool) {
		var raw json.RawMessage
		ch.Receive(ctx, &raw)
		*stop, *got = acknowledgement(ctx, raw)
	})
	sel.AddReceive(c.task, func(ch workflow.ReceiveChannel, _ bool) {
		ch.Receive(ctx, stop)
		*got = true
	})
}

// pending takes the first valid stop already waiting, if any: the task's word first.
func (c stopChannels) pending(ctx workflow.Context) (EscalationStopSignal, bool) {
	var stop EscalationStopSignal
	if c.task.ReceiveAsync(&stop) {
		return stop, true
	}
	for {
		var raw json.RawMessage
		if !c.acks.ReceiveAsync(&raw) {
			return EscalationStopSignal{}, false
		}
		if stop, ok := acknowledgement(ctx, raw); ok {
			return stop, true
		}
	}
}

// acknowledgement reads a person's acknowledge-escalation as a stop; a malformed one is logged and does not count.
func acknowledgement(ctx workflow.Context, raw json.RawMessage) (EscalationStopSignal, bool) {
	ack, err := DecodeSignal[EscalationAckSignal](raw)
	if err != nil {
		workflow.GetLogger(ctx).Info("Escalation acknowledgement refused", "reason", err.Error())
		return EscalationStopSignal{}, false
	}
	return EscalationStopSignal{Ended: EndAcknowledged, By: ack.Actor, Identity: recorded(ack.Identity), Note: ack.Note, At: ack.SentAt}, true
}
