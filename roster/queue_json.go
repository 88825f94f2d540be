package roster

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// queueJSON is how the queue is carried across continue-as-new: each kind of work and
// each reason written once, and each waiting task as one short array, so ten thousand
// waiting tasks take about 0.95 MB rather than 4 MB of the roster's input.
type queueJSON struct {
	// Kinds are the kinds of work waiting.
	Kinds []kind `json:"kinds"`
	// Notes are the reasons the tasks share: why nobody took them, and why they asked.
	Notes []string `json:"notes"`
	// Tasks are the waiting tasks in queue order, each
	// [taskId, kind, priority, at (Unix nanoseconds), seq, why (note), reason (note), told (0 or 1), title, prefer, since (milliseconds after at)],
	// the last three only when needed.
	Tasks [][]any `json:"tasks"`
}

// MarshalJSON writes the queue in its compact form.
func (q Queue) MarshalJSON() ([]byte, error) {
	out := queueJSON{Kinds: []kind{}, Notes: []string{}, Tasks: make([][]any, 0, q.Len())}
	kinds, notes := map[string]int{}, map[string]int{}
	note := func(s string) int {
		i, ok := notes[s]
		if !ok {
			i = len(out.Notes)
			notes[s] = i
			out.Notes = append(out.Notes, s)
		}
		return i
	}
	for _, w := range q.First(-1) {
		k := kindOf(w.Request)
		ki, ok := kinds[k.key()]
		if !ok {
			ki = len(out.Kinds)
			kinds[k.key()] = ki
			out.Kinds = append(out.Kinds, k)
		}
		told := 0
		if w.Told {
			told = 1
		}
		at := int64(0) // a zero time has no Unix nanoseconds
		if !w.At.IsZero() {
			at = w.At.UnixNano()
		}
		t := []any{w.TaskID, ki, w.Priority, at, w.Seq, note(w.Why), note(w.Reason), told}
		switch {
		case !w.Since.IsZero():
			t = append(t, w.Title, w.Prefer, w.Since.Sub(sinceBase(w.At)).Milliseconds())
		case w.Prefer != "":
			t = append(t, w.Title, w.Prefer)
		case w.Title != "":
			t = append(t, w.Title)
		}
		out.Tasks = append(out.Tasks, t)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the compact form, or a list of waiting tasks as rosters wrote it before.
func (q *Queue) UnmarshalJSON(data []byte) error {
	*q = Queue{}
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		return nil
	}
	if len(data) > 0 && data[0] == '[' {
		var list []Waiting
		if err := json.Unmarshal(data, &list); err != nil {
			return err
		}
		for _, w := range list {
			q.add(w)
		}
		return nil
	}
	var in struct {
		Kinds []kind   `json:"kinds"`
		Notes []string `json:"notes"`
		Tasks [][]any  `json:"tasks"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // Unix nanoseconds need all of an int64
	if err := dec.Decode(&in); err != nil {
		return err
	}
	keys := make([]string, len(in.Kinds))
	for i, k := range in.Kinds {
		keys[i] = k.key()
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
	kd := kinds[k]
	w.TaskID, w.Title, w.Prefer = strs[0], strs[8], strs[9]
	w.TaskType, w.Skill, w.Senior, w.Allocation, w.Hours, w.Exclude = kd.TaskType, kd.Skill, kd.Senior, kd.Allocation, kd.Hours, kd.Exclude
	w.AnySeniority, w.Avoid = kd.AnySeniority, kd.Avoid
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
