package roster

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// The waiting tasks cross continue-as-new packed: each as a few varints and
// length-prefixed strings, the whole deflated. Ten thousand waiting tasks were 0.95 MB
// of JSON arrays, which the new run's first workflow task decoded value by value
// (tens of milliseconds), and which a workflow task that replays the run reads again.
// Packed, they are a small fraction of that and read back in a few milliseconds.

// packWaiting writes the waiting tasks line by line, each line in its order, each
// task with the index of its line; noteOf gives the index of a reason in the list
// written beside them.
func packWaiting(lines []*line, noteOf func(string) int) ([]byte, error) {
	var raw []byte
	var prevAt int64
	for k, l := range lines {
		for _, w := range l.tasks {
			raw = packTask(raw, w, k, &prevAt, noteOf)
		}
	}
	return deflate(raw)
}

// packTask appends one waiting task; its first ask is written as the step from the
// task before, which asked shortly before it.
func packTask(raw []byte, w *Waiting, k int, prevAt *int64, noteOf func(string) int) []byte {
	raw = binary.AppendUvarint(raw, uint64(len(w.TaskID)))
	raw = append(raw, w.TaskID...)
	raw = binary.AppendUvarint(raw, uint64(k))
	raw = binary.AppendVarint(raw, int64(w.Priority))
	at := unixNanos(w.At)
	raw = binary.AppendVarint(raw, at-*prevAt)
	*prevAt = at
	raw = binary.AppendVarint(raw, int64(w.Seq))
	raw = binary.AppendUvarint(raw, uint64(noteOf(w.Why)))
	raw = binary.AppendUvarint(raw, uint64(noteOf(w.Reason)))
	var flags byte
	if w.Told {
		flags |= packedTold
	}
	if !w.Since.IsZero() {
		flags |= packedSince
	}
	raw = append(raw, flags)
	for _, s := range []string{w.Title, w.Prefer} {
		raw = binary.AppendUvarint(raw, uint64(len(s)))
		raw = append(raw, s...)
	}
	if !w.Since.IsZero() {
		raw = binary.AppendVarint(raw, w.Since.Sub(sinceBase(w.At)).Milliseconds())
	}
	return raw
}

const (
	packedTold  = 1 << iota // the task heard its place
	packedSince             // the task's wait began after its first ask
)

// unpackWaiting reads what packWaiting wrote, each task with the index of its line's kind.
func unpackWaiting(packed []byte, kinds []kind, notes []string, add func(Waiting, int)) error {
	raw, err := inflate(packed)
	if err != nil {
		return fmt.Errorf("inflate: %w", err)
	}
	r := packedReader{raw: raw}
	var at int64
	for i := 0; len(r.raw) > 0; i++ {
		var w Waiting
		w.TaskID = r.str()
		k := r.uint()
		w.Priority = int(r.int())
		at += r.int()
		if at != 0 { // a zero time has no Unix nanoseconds
			w.At = time.Unix(0, at).UTC()
		}
		w.Seq = int(r.int())
		why, reason := r.uint(), r.uint()
		flags := r.byte()
		w.Title, w.Prefer = r.str(), r.str()
		if flags&packedSince != 0 {
			w.Since = sinceBase(w.At).Add(time.Duration(r.int()) * time.Millisecond).UTC()
		}
		if r.err != nil {
			return fmt.Errorf("task %d: %w", i, r.err)
		}
		if k >= uint64(len(kinds)) || why >= uint64(len(notes)) || reason >= uint64(len(notes)) {
			return fmt.Errorf("task %d: kind %d, why %d or reason %d out of range", i, k, why, reason)
		}
		kinds[k].fill(&w)
		w.Why, w.Reason, w.Told = notes[why], notes[reason], flags&packedTold != 0
		add(w, int(k))
	}
	return nil
}

func unixNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

var errPackedShort = errors.New("packed queue ends inside a task")

// packedReader reads varints and strings, keeping the first error.
type packedReader struct {
	raw []byte
	err error
}

func (r *packedReader) uint() uint64 {
	v, n := binary.Uvarint(r.raw)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.raw = r.raw[n:]
	return v
}

func (r *packedReader) int() int64 {
	v, n := binary.Varint(r.raw)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.raw = r.raw[n:]
	return v
}

func (r *packedReader) byte() byte {
	if len(r.raw) == 0 {
		r.fail()
		return 0
	}
	b := r.raw[0]
	r.raw = r.raw[1:]
	return b
}

func (r *packedReader) str() string {
	n := r.uint()
	if n > uint64(len(r.raw)) {
		r.fail()
		return ""
	}
	s := string(r.raw[:n])
	r.raw = r.raw[n:]
	return s
}

func (r *packedReader) fail() {
	if r.err == nil {
		r.err = errPackedShort
	}
	r.raw = nil
}
