package roster

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// queueJSON is how the queue is carried across continue-as-new: each kind of work and
// each reason written once, and each waiting task as one short array, so ten thousand
// waiting tasks take about 0.9 MB rather than 4 MB of the roster's input.
type queueJSON struct {
	// Kinds are the kinds of work waiting.
	Kinds []kind `json:"kinds"`
	// Notes are the reasons the tasks share: why nobody took them, and why they asked.
	Notes []string `json:"notes"`
	// Tasks are the waiting tasks in queue order, each
	// [taskId, kind, priority, at (Unix nanoseconds), seq, why (note), reason (note), told (0 or 1), title, prefer].
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
		Kinds []kind            `json:"kinds"`
		Notes []string          `json:"notes"`
		Tasks []json.RawMessage `json:"tasks"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	for i, raw := range in.Tasks {
		w, err := decodeWaiting(raw, in.Kinds, in.Notes)
		if err != nil {
			return fmt.Errorf("queue.tasks[%d]: %w", i, err)
		}
		q.add(w)
	}
	return nil
}

func decodeWaiting(raw json.RawMessage, kinds []kind, notes []string) (Waiting, error) {
	var w Waiting
	var k, why, reason, told int
	var at int64
	fields := []any{&w.TaskID, &k, &w.Priority, &at, &w.Seq, &why, &reason, &told, &w.Title, &w.Prefer}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return w, err
	}
	if len(parts) < 8 || len(parts) > len(fields) {
		return w, fmt.Errorf("%d fields; want 8 to %d", len(parts), len(fields))
	}
	for i, p := range parts {
		if err := json.Unmarshal(p, fields[i]); err != nil {
			return w, fmt.Errorf("field %d: %w", i, err)
		}
	}
	if k < 0 || k >= len(kinds) || why < 0 || why >= len(notes) || reason < 0 || reason >= len(notes) {
		return w, fmt.Errorf("kind %d, why %d or reason %d out of range", k, why, reason)
	}
	kd := kinds[k]
	w.TaskType, w.Skill, w.Senior, w.Allocation, w.Hours, w.Exclude = kd.TaskType, kd.Skill, kd.Senior, kd.Allocation, kd.Hours, kd.Exclude
	w.AnySeniority, w.Avoid = kd.AnySeniority, kd.Avoid
	if at != 0 {
		w.At = time.Unix(0, at).UTC()
	}
	w.Why, w.Reason, w.Told = notes[why], notes[reason], told == 1
	return w, nil
}
