package roster

import (
	"sort"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/catalog"
)

// Queue holds a team's waiting tasks in the order they will be taken: priority, then
// who asked first, then task ID. It keeps one line per kind of work and an index by
// task, so placing, finding, removing or ranking a task costs a few steps per kind
// of work waiting, never a pass over every waiting task. Its zero value is empty.
type Queue struct {
	lines  map[string]*line
	keys   []string // the lines' keys, sorted, so every walk over them is in one order
	byTask map[string]*Waiting
	bytes  int // what the waiting tasks add to the state carried across continue-as-new
}

// kind is what decides whether someone can take a waiting task: the rule gives every
// task of a kind the same answer, so the queue asks it once per kind.
type kind struct {
	TaskType   string             `json:"taskType"`
	Skill      string             `json:"skill"`
	Senior     bool               `json:"senior,omitempty"`
	Allocation catalog.Allocation `json:"allocation"`
	Hours      float64            `json:"hours"`
	Exclude    []string           `json:"exclude,omitempty"`
	// AnySeniority and Avoid change whom the rule may pick, so they are part of the kind.
	AnySeniority bool     `json:"anySeniority,omitempty"`
	Avoid        []string `json:"avoid,omitempty"`
}

func kindOf(r Request) kind {
	return kind{TaskType: r.TaskType, Skill: r.Skill, Senior: r.Senior, Allocation: r.Allocation, Hours: r.Hours, Exclude: r.Exclude,
		AnySeniority: r.AnySeniority, Avoid: r.Avoid}
}

// fill gives a waiting task read back the fields its kind of work holds.
func (k kind) fill(w *Waiting) {
	w.TaskType, w.Skill, w.Senior, w.Allocation, w.Hours, w.Exclude = k.TaskType, k.Skill, k.Senior, k.Allocation, k.Hours, k.Exclude
	w.AnySeniority, w.Avoid = k.AnySeniority, k.Avoid
}

func (k kind) key() string {
	return strings.Join([]string{k.TaskType, k.Skill, strconv.FormatBool(k.Senior), string(k.Allocation),
		strconv.FormatFloat(k.Hours, 'g', -1, 64), strings.Join(k.Exclude, ","), strconv.FormatBool(k.AnySeniority), strings.Join(k.Avoid, ",")}, "\x00")
}

// line is the waiting tasks of one kind, in queue order.
type line struct {
	kind  kind
	tasks []*Waiting
}

// at is where a request goes in the line: the number of its tasks taken before it.
func (l *line) at(r Request) int {
	return sort.Search(len(l.tasks), func(i int) bool { return !before(l.tasks[i].Request, r) })
}

// Len is the number of waiting tasks.
func (q *Queue) Len() int { return len(q.byTask) }

// get finds a task's place in the queue.
func (q *Queue) get(taskID string) (*Waiting, bool) {
	w, ok := q.byTask[taskID]
	return w, ok
}

// add puts a task in its line; the task must not be waiting already.
func (q *Queue) add(w Waiting) {
	q.addKeyed(w, kindOf(w.Request).key())
}

// addKeyed is add with the key of the task's kind of work worked out already.
func (q *Queue) addKeyed(w Waiting, key string) {
	if q.lines == nil {
		q.lines, q.byTask = map[string]*line{}, map[string]*Waiting{}
	}
	l := q.lines[key]
	if l == nil {
		l = &line{kind: kindOf(w.Request)}
		q.lines[key] = l
		i := sort.SearchStrings(q.keys, key)
		q.keys = append(q.keys, "")
		copy(q.keys[i+1:], q.keys[i:])
		q.keys[i] = key
	}
	i := len(l.tasks)
	if i > 0 && before(w.Request, l.tasks[i-1].Request) { // a queue read back comes in order: no search
		i = l.at(w.Request)
	}
	l.tasks = append(l.tasks, nil)
	copy(l.tasks[i+1:], l.tasks[i:])
	l.tasks[i] = &w
	q.byTask[w.TaskID] = &w
	q.bytes += w.carried()
}

// remove takes a task out of the queue; false when it was not waiting.
func (q *Queue) remove(taskID string) bool {
	w, ok := q.byTask[taskID]
	if !ok {
		return false
	}
	key := kindOf(w.Request).key()
	l := q.lines[key]
	i := l.at(w.Request)
	l.tasks = append(l.tasks[:i], l.tasks[i+1:]...)
	if len(l.tasks) == 0 {
		delete(q.lines, key)
		j := sort.SearchStrings(q.keys, key)
		q.keys = append(q.keys[:j], q.keys[j+1:]...)
	}
	delete(q.byTask, taskID)
	q.bytes -= w.carried()
	return true
}

// Position is a waiting task's place in the queue from 1; 0 when it is not waiting.
func (q *Queue) Position(taskID string) int {
	w, ok := q.byTask[taskID]
	if !ok {
		return 0
	}
	pos := 1
	for _, key := range q.keys {
		pos += q.lines[key].at(w.Request)
	}
	return pos
}

// First lists up to n waiting tasks in queue order; n < 0 lists them all.
func (q *Queue) First(n int) []Waiting {
	if n < 0 || n > q.Len() {
		n = q.Len()
	}
	if n == 0 {
		return nil
	}
	out := make([]Waiting, 0, n)
	next := make([]int, len(q.keys)) // per line, its first task not listed yet
	for len(out) < n {
		best := -1
		for i, key := range q.keys {
			l := q.lines[key]
			if next[i] < len(l.tasks) && (best < 0 || before(l.tasks[next[i]].Request, q.lines[q.keys[best]].tasks[next[best]].Request)) {
				best = i
			}
		}
		out = append(out, *q.lines[q.keys[best]].tasks[next[best]])
		next[best]++
	}
	return out
}

// carried bounds what a waiting task adds to the state carried across
// continue-as-new, before the packed queue is deflated: its own strings and at most
// 64 bytes of numbers and lengths (kinds and reasons are written once for the
// whole queue).
func (w *Waiting) carried() int {
	return len(w.TaskID) + len(w.Title) + len(w.Prefer) + 64
}
