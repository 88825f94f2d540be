package roster

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// queueJSON is how the queue is carried across continue-as-new: each kind of work and
// each reason written once, and the waiting tasks packed (queue_packed.go).
type queueJSON struct {
	// Kinds are the kinds of work waiting.
	Kinds []kind `json:"kinds"`
	// Notes are the reasons the tasks share: why nobody took them, and why they asked.
	Notes []string `json:"notes"`
	// Packed is the waiting tasks in queue order.
	Packed []byte `json:"packed,omitempty"`
	// Tasks is how the v1 baseline's rosters carried the waiting tasks, each
	// [taskId, kind, priority, at (Unix nanoseconds), seq, why (note), reason (note), told (0 or 1), title, prefer, since (milliseconds after at)],
	// the last three only when needed. It is read, never written.
	Tasks [][]any `json:"tasks,omitempty"`
}

// MarshalJSON writes the queue in its compact form, line by line.
func (q Queue) MarshalJSON() ([]byte, error) {
	out := queueJSON{Kinds: make([]kind, 0, len(q.keys)), Notes: []string{}}
	lines := make([]*line, 0, len(q.keys))
	for _, key := range q.keys {
		out.Kinds = append(out.Kinds, q.lines[key].kind)
		lines = append(lines, q.lines[key])
	}
	notes := map[string]int{}
	note := func(s string) int {
		i, ok := notes[s]
		if !ok {
			i = len(out.Notes)
			notes[s] = i
			out.Notes = append(out.Notes, s)
		}
		return i
	}
	packed, err := packWaiting(lines, note)
	if err != nil {
		return nil, fmt.Errorf("pack the queue: %w", err)
	}
	out.Packed = packed
	return json.Marshal(out)
}

// UnmarshalJSON reads the packed form, or the arrays the v1 baseline's rosters wrote.
func (q *Queue) UnmarshalJSON(data []byte) error {
	*q = Queue{}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var in queueJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // Unix nanoseconds need all of an int64
	if err := dec.Decode(&in); err != nil {
		return err
	}
	keys := make([]string, len(in.Kinds))
	for i, k := range in.Kinds {
		keys[i] = k.key()
	}
	if in.Packed != nil {
		if err := unpackWaiting(in.Packed, in.Kinds, in.Notes, func(w Waiting, k int) { q.addKeyed(w, keys[k]) }); err != nil {
			return fmt.Errorf("queue.packed: %w", err)
		}
		return nil
	}
	for i, t := range in.Tasks {
		w, k, err := decodeWaiting(t, in.Kinds, in.Notes)
		if err != nil {
			return fmt.Errorf("queue.tasks[%d]: %w", i, err)
		}
		q.addKeyed(w, keys[k])
	}
	return nil
}

// decodeWaiting reads one waiting task's array, its numbers as json.Number, and
// says which of the kinds it is.
func decodeWaiting(t []any, kinds []kind, notes []string) (Waiting, int, error) {
	var w Waiting
	if len(t) < 8 || len(t) > 11 {
		return w, 0, fmt.Errorf("%d fields; want 8 to 11", len(t))
	}
	ints := make([]int64, 11)
	for _, i := range []int{1, 2, 3, 4, 5, 6, 7, 10} {
		if i >= len(t) {
			continue
		}
		n, ok := t[i].(json.Number)
		if !ok {
			return w, 0, fmt.Errorf("field %d: %v is not a number", i, t[i])
		}
		v, err := n.Int64()
		if err != nil {
			return w, 0, fmt.Errorf("field %d: %w", i, err)
		}
		ints[i] = v
	}
	strs := make([]string, 10)
	for _, i := range []int{0, 8, 9} {
		if i >= len(t) {
			continue
		}
		v, ok := t[i].(string)
		if !ok {
			return w, 0, fmt.Errorf("field %d: %v is not a string", i, t[i])
		}
		strs[i] = v
	}
	k, why, reason := ints[1], ints[5], ints[6]
	if k < 0 || k >= int64(len(kinds)) || why < 0 || why >= int64(len(notes)) || reason < 0 || reason >= int64(len(notes)) {
		return w, 0, fmt.Errorf("kind %d, why %d or reason %d out of range", k, why, reason)
	}
	kinds[k].fill(&w)
	w.TaskID, w.Title, w.Prefer = strs[0], strs[8], strs[9]
	w.Priority, w.Seq = int(ints[2]), int(ints[4])
	if ints[3] != 0 {
		w.At = time.Unix(0, ints[3]).UTC()
	}
	if len(t) == 11 {
		w.Since = sinceBase(w.At).Add(time.Duration(ints[10]) * time.Millisecond).UTC()
	}
	w.Why, w.Reason, w.Told = notes[why], notes[reason], ints[7] == 1
	return w, int(k), nil
}

// sinceBase is what a waiting task's since is written relative to: its first ask,
// so the offset takes a few digits, or the Unix epoch for an ask with no time, as a
// duration from the zero time would overflow.
func sinceBase(at time.Time) time.Time {
	if at.IsZero() {
		return time.Unix(0, 0)
	}
	return at
}
