package workflows

import (
	"encoding/json"
	"time"
)

// StampSignal gives a person's action the time Lanes received it, unless it has one
// already: the doors people use (starter, the HTTP service, intake.Send) call it, and
// the task counts the action at that time, within what it can bound.
func StampSignal[T HumanSignal](v T, at time.Time) T {
	if h := edit(&v).head(); h.SentAt == nil {
		at = at.UTC()
		h.SentAt = &at
	}
	return v
}

// IdentifySignal gives a person's action the identity the door that took it knows,
// replacing any it had: the intake service gives the signed-in person's or the
// relaying system's, starter and other clients on Temporal an operator's.
func IdentifySignal[T HumanSignal](v T, id *Identity) T {
	edit(&v).head().Identity = id
	return v
}

// IdentityOf is the identity an action carries; nil when no door set one.
func IdentityOf(s HumanSignal) *Identity { return s.identity() }

// sentAt reads an action's stamp leniently, to order the actions waiting for the
// task; a malformed action has none, and is refused with its reason when applied.
func sentAt(raw []byte) *time.Time {
	var h struct {
		SentAt *time.Time `json:"sentAt"`
	}
	if len(raw) > maxSignalBytes {
		return nil
	}
	// Decoding JSON is deterministic; workflowcheck cannot see through its reflection.
	err := json.Unmarshal(raw, &h) //workflowcheck:ignore
	if err != nil {
		return nil
	}
	return h.SentAt
}

// bound places a stamp within what a workflow can vouch for: not before lower (the
// workflow's start, or its previous action), not after now; no stamp is now.
func bound(sent *time.Time, lower, now time.Time) time.Time {
	if sent == nil || sent.After(now) {
		return now
	}
	if sent.Before(lower) && lower.Before(now) {
		return lower
	}
	if sent.Before(lower) {
		return now
	}
	return sent.UTC()
}
