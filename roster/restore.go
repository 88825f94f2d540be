package roster

import (
	"sort"
	"time"
)

// Restore takes back completions that a roster started again read from its team's
// closed tasks: those it holds nothing for yet join the week's completions in time
// order, and each counts as one assignment and one release. It returns how many it
// took; what it already knows, and what is older than CompletionWindow, it leaves.
func (s *State) Restore(done []Completion, now time.Time) int {
	known := make(map[string]bool, len(s.Done))
	for _, d := range s.Done {
		known[d.TaskID] = true
	}
	added := 0
	for _, d := range done {
		if known[d.TaskID] || s.Knows(d.TaskID) || now.Sub(d.At) > CompletionWindow {
			continue
		}
		known[d.TaskID] = true
		s.Done = append(s.Done, d)
		added++
	}
	sort.SliceStable(s.Done, func(i, j int) bool { return s.Done[i].At.Before(s.Done[j].At) })
	s.Counts.Assigned += added
	s.Counts.Released += added
	s.pruneDone(now)
	return added
}
