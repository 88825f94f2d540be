package workflows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/strictjson"
)

// Bounds on the text people send with their actions. A task keeps what they say in
// its state, its history and every status answer, which must stay far below
// gRPC's 4 MB message limit and Temporal's 2 MB limit on one payload.
const (
	// MaxNameLength bounds a person's name in an action (actor, to), as in a request.
	MaxNameLength = maxFieldLength
	// MaxSignalIDLength bounds a signal's ID: a UUID or the intake system's event ID.
	MaxSignalIDLength = 100
	// MaxNoteLength bounds a note: what was done, for the signal log and the requester.
	MaxNoteLength = 1000
	// MaxReasonLength bounds a reason or a dependency: why, in a sentence or two.
	MaxReasonLength = 500
)

// Bounds on what a task keeps of the actions it received and of what happened to it.
const (
	// maxRecordText bounds each text of a signal record (name, actor, signal ID,
	// detail), so a record is a summary of the action, not a copy of it.
	maxRecordText = 200
	// maxRecordReason bounds the reason a rejected record keeps.
	maxRecordReason = 500
	// maxRejectedRecords bounds the rejected actions kept in the signal log;
	// rejectedSignals counts them all.
	maxRejectedRecords = 20
	// maxSeenIDs bounds the signal IDs a task remembers to refuse a resend.
	maxSeenIDs = 1000
	// maxSignalBytes bounds the JSON of an action that is read in full. The longest
	// valid action takes a few KiB, even with every character escaped; a larger one
	// is refused after one quick pass, so a task never spends its workflow task
	// (which Temporal's deadlock detector limits to a second) decoding megabytes.
	maxSignalBytes = 64 << 10
	// maxHeldAcks bounds the acknowledges held while the roster books a person.
	maxHeldAcks = 20
	// maxNotices and maxNoticeText bound the notices for ops: the latest ones, each a line.
	maxNotices    = 20
	maxNoticeText = 300
	// maxEscalationsKept bounds the finished escalations listed in the status.
	maxEscalationsKept = 10
	// maxEscalationReason bounds the reason each escalation keeps.
	maxEscalationReason = 300
	// maxResultText and maxResultDetails bound what a task keeps of an automation's
	// or the ad platform's answer: its summary and references, and its details as
	// JSON encodes them.
	maxResultText    = 500
	maxResultDetails = 16 << 10
	// StatusBudget is the size the JSON of a task's status stays under, whatever
	// people send: a test builds the largest status the bounds allow.
	StatusBudget = 1 << 20
)

// boundedText is one text field of a message and the most characters it may hold.
type boundedText struct {
	field, value string
	max          int
	fix          string
}

// nameText, idText, noteText and reasonText are the four kinds of text an action carries.
func nameText(field, value string) boundedText {
	return boundedText{field, value, MaxNameLength, "give the person's ID"}
}

func idText(value string) boundedText {
	return boundedText{"signalId", value, MaxSignalIDLength, "use a short unique ID, such as a UUID"}
}

func noteText(field, value string) boundedText {
	return boundedText{field, value, MaxNoteLength, "shorten it and link a longer text"}
}

func reasonText(field, value string) boundedText {
	return boundedText{field, value, MaxReasonLength, "say it in a sentence or two and link the rest"}
}

// checkTexts refuses the first text over its bound, or with characters no one can
// read, naming the field and the limit.
func checkTexts(texts []boundedText) error {
	for _, t := range texts {
		if n := utf8.RuneCountInString(t.value); n > t.max {
			return strictjson.Fieldf(t.field, "over %d characters (%d)", t.max, n).Fixf("%s", t.fix)
		}
		if err := strictjson.ValidText(t.field, t.value); err != nil {
			return err
		}
	}
	return nil
}

// oversized refuses an action whose JSON is larger than any valid one, naming its
// largest field, in one pass that decodes none of the large values. The small ones
// are read, so the refusal's record still says who sent it.
func oversized[T HumanSignal](raw []byte) (T, error) {
	var v T
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return v, strictjson.Fieldf("body", "the action is %d bytes, over %d, and not a JSON object", len(raw), maxSignalBytes).Fixf(`send one like {"actor": "alice"}`)
	}
	var small bytes.Buffer
	largest, size := "body", 0
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		var value json.RawMessage
		if err != nil || !isKey || len(key) > maxRecordText || dec.Decode(&value) != nil {
			largest = "body" // a name longer than any field's, or broken JSON
			break
		}
		if len(value) > size {
			largest, size = key, len(value)
		}
		if len(value) <= maxRecordText*6 {
			small.WriteString(",")
			name, _ := json.Marshal(key) // a string always encodes
			small.Write(name)
			small.WriteString(":")
			small.Write(value)
		}
	}
	if small.Len() > 0 {
		object := append(append([]byte("{"), small.Bytes()[1:]...), '}')
		_ = json.Unmarshal(object, &v) // lenient: only to say who sent it
		v = trimNames(v)
	}
	for _, t := range allTexts(v) {
		if t.field == largest {
			return v, strictjson.Fieldf(largest, "over %d characters (the action is %d bytes)", t.max, len(raw)).Fixf("%s", t.fix)
		}
	}
	return v, strictjson.Fieldf("body", "the action is %d bytes, over %d", len(raw), maxSignalBytes).Fixf("an action's texts take a few KiB")
}

// clip cuts s to at most max characters, the last of them an ellipsis when it was cut.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// signalIDs remembers the latest signal IDs a task received, oldest first out.
type signalIDs struct {
	seen  map[string]bool
	order []string
}

func (s *signalIDs) has(id string) bool { return s.seen[id] }

func (s *signalIDs) add(id string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[id] = true
	s.order = append(s.order, id)
	if len(s.order) > maxSeenIDs {
		delete(s.seen, s.order[0])
		s.order = s.order[1:]
	}
}

// boundLists bounds the lists of a status that grow with what happens to a task:
// the latest notices, each cut to a line, and the latest finished escalations. It
// builds new lists rather than writing into the old ones, so a copy of the status
// may be bounded without touching the task's own.
func boundLists(st *TaskStatus) {
	st.Notices = boundNotices(st.Notices)
	st.Escalations = boundEscalations(st.Escalations)
}

// boundNotices is the latest notices, each cut to a line: the list itself when it is within bounds.
func boundNotices(all []string) []string {
	notices := all[max(0, len(all)-maxNotices):]
	if len(notices) == len(all) && !slices.ContainsFunc(notices, func(n string) bool { return clip(n, maxNoticeText) != n }) {
		return all
	}
	bounded := make([]string, len(notices))
	for i, n := range notices {
		bounded[i] = clip(n, maxNoticeText)
	}
	return bounded
}

// boundEscalations is the latest finished escalations, each reason cut: the list itself when it is within bounds.
func boundEscalations(all []EscalationResult) []EscalationResult {
	escalations := all[max(0, len(all)-maxEscalationsKept):]
	if len(escalations) == len(all) && !slices.ContainsFunc(escalations, func(e EscalationResult) bool { return clip(e.Reason, maxEscalationReason) != e.Reason }) {
		return all
	}
	bounded := make([]EscalationResult, len(escalations))
	for i, e := range escalations {
		e.Reason = clip(e.Reason, maxEscalationReason)
		bounded[i] = e
	}
	return bounded
}

// boundResult bounds what a task keeps of an automation's answer: its summary and
// reference cut to a line, and its details dropped when JSON would encode them in
// more than maxResultDetails bytes (the activity's result in the history keeps them).
func boundResult(res activities.AutomationResult) (activities.AutomationResult, string) {
	res.Summary, res.ExternalRef = clip(res.Summary, maxResultText), clip(res.ExternalRef, maxResultText)
	if len(res.Details) == 0 {
		return res, ""
	}
	var compact, escaped bytes.Buffer
	if err := json.Compact(&compact, res.Details); err != nil {
		res.Details = nil
		return res, "the automation's details are not valid JSON; the status leaves them out"
	}
	json.HTMLEscape(&escaped, compact.Bytes())
	if n := escaped.Len(); n > maxResultDetails {
		res.Details = nil
		return res, fmt.Sprintf("the automation's details take %d bytes, over %d; the status leaves them out (the activity's result in the history has them)", n, maxResultDetails)
	}
	return res, ""
}
