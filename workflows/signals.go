package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/strictjson"
)

// ActionHeader is what every person's action carries, embedded in each action's
// message: Go flattens it, so the JSON is {"signalId": …, "actor": …, …} as before.
type ActionHeader struct {
	// SignalID, when set, makes the signal count once: a resend with the same ID is rejected.
	SignalID string `json:"signalId,omitempty"`
	// Actor is the person who acts; each action's task method checks who may.
	Actor string `json:"actor"`
	// Identity is what the door the action came through knew of its sender: the
	// signed-in person's subject and issuer, the relaying intake system, or an operator.
	// The doors set it (IdentifySignal); an action without one came straight through
	// Temporal and is recorded as an operator's.
	Identity *Identity `json:"identity,omitempty"`
	// SentAt is when Lanes received the action, stamped by the door it came through
	// (starter, the HTTP service, intake.Send); the task bounds it (see docs/signals.md).
	SentAt *time.Time `json:"sentAt,omitempty"`
}

// Header gives the action's ID and sender.
func (h ActionHeader) Header() (signalID, actor string) { return h.SignalID, h.Actor }

// headerTexts lists the header's text fields with their bounds.
func (h ActionHeader) headerTexts() []boundedText {
	return []boundedText{idText(h.SignalID), nameText("actor", h.Actor)}
}

// identity gives the identity the door set, if any.
func (h ActionHeader) identity() *Identity { return h.Identity }

// check is what a message without rules of its own checks beyond its texts and
// sender: nothing. A message with rules (complete's outcome, block's dependency)
// has its own check.
func (h ActionHeader) check() error { return nil }

// head gives the header to change in place, such as to stamp it.
func (h *ActionHeader) head() *ActionHeader { return h }

// trim drops stray spaces around the actor's name, so "alice " is alice; a message
// with other names or required texts trims those too.
func (h *ActionHeader) trim() { h.Actor = strings.TrimSpace(h.Actor) }

// HumanSignal is the message of any of the actions people send (see Actions): an
// ActionHeader and the action's own fields.
type HumanSignal interface {
	// Header gives the signal's ID and sender.
	Header() (signalID, actor string)
	headerTexts() []boundedText
	identity() *Identity
	// detail summarizes the action's own fields for the signal log.
	detail() string
	// texts lists the action's own text fields with their bounds.
	texts() []boundedText
	// check applies the action's own rules, after its texts and its sender are checked.
	check() error
}

// editable is what a message's pointer offers to change it.
type editable interface {
	head() *ActionHeader
	trim()
}

// edit gives the message behind v, to change in place: *v when T is a message type,
// or what *v points to when T is a pointer type or a HumanSignal holding a pointer,
// as Action.Decode and Action.New give. A HumanSignal holding a message value has no
// place to change, and panics here; no door makes one.
func edit[T HumanSignal](v *T) editable {
	if e, ok := any(*v).(editable); ok {
		return e
	}
	return any(v).(editable)
}

// maxTaskHours bounds the hours reported for one task: more is a typo.
const maxTaskHours = 1000

// DecodeSignal reads a signal strictly: unknown fields and a missing actor are errors
// naming the field, so a typo in `temporal workflow signal --input` is reported, not ignored.
func DecodeSignal[T HumanSignal](raw []byte) (T, error) {
	var v T
	if len(raw) > maxSignalBytes {
		return oversized[T](raw) //workflowcheck:ignore
	}
	// Decoding JSON is deterministic; workflowcheck cannot see through its reflection.
	err := strictjson.Unmarshal(raw, &v) //workflowcheck:ignore
	if err != nil {
		return v, fmt.Errorf("decode: %s; send a JSON object like {\"actor\": \"alice\"}", strings.TrimPrefix(err.Error(), "json: "))
	}
	v = trimNames(v)
	return v, validateSignal(v)
}

// trimNames drops stray spaces around people's names, so "alice " is alice.
func trimNames[T HumanSignal](v T) T {
	edit(&v).trim()
	return v
}

// CheckSignal checks a signal as the task will, before it is sent: a client that
// calls it sends nothing the task would refuse for its form, such as a note over
// MaxNoteLength characters, so nothing refused reaches the task's history.
func CheckSignal[T HumanSignal](v T) error {
	return validateSignal(trimNames(v))
}

// validateSignal checks what every signal needs, text within its bounds and a
// sender, and then the message's own rules.
func validateSignal(v HumanSignal) error {
	if err := checkTexts(allTexts(v)); err != nil {
		return err
	}
	if _, actor := v.Header(); strings.TrimSpace(actor) == "" {
		return strictjson.Fieldf("actor", "required").Fixf("say who sends the signal")
	}
	if err := v.identity().Check(); err != nil {
		return err
	}
	return v.check()
}

// allTexts lists a message's text fields, the header's first.
func allTexts(v HumanSignal) []boundedText {
	return append(v.headerTexts(), v.texts()...)
}

// NewSignalRecord is the record of an action before anyone answers it: its ID,
// name, sender, the identity it came with and what it says.
func NewSignalRecord(name string, s HumanSignal) SignalRecord {
	id, actor := s.Header()
	return SignalRecord{SignalID: id, Name: name, Actor: actor, Identity: recorded(s.identity()), Detail: s.detail()}
}
