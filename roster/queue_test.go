package roster

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
)

var qt0 = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)

// linearDrain is the rule Drain keeps: walk the whole queue in order and book every
// task someone can take now.
func linearDrain(s *State, now time.Time) []Notice {
	var out []Notice
	for _, w := range s.Queue.First(-1) {
		if person, why := s.pick(w.Request, now); person != "" {
			s.Queue.remove(w.TaskID)
			s.book(Booking{Request: w.Request, Person: person, BookedAt: now, Why: why})
			s.Counts.Assigned++
			out = append(out, Notice{TaskID: w.TaskID, Seq: w.Seq, Person: person, Allocation: w.Allocation, Hours: w.Hours, Reason: why})
		}
	}
	return out
}

// randomTeam is a mixed team, half full, with a queue of many kinds of work.
func randomTeam(t *testing.T, rng *rand.Rand) *State {
	t.Helper()
	var people []Person
	for i := range 6 {
		p := Person{ID: fmt.Sprintf("p%d", i), Seniority: []Seniority{Senior, Specialist, Coordinator}[i%3], WeeklyHours: float64(20 + rng.IntN(20))}
		p.Skills = []string{[]string{"design", "writing"}[i%2]}
		if rng.IntN(2) == 0 {
			p.Skills = append(p.Skills, "analysis")
		}
		people = append(people, p)
	}
	s, err := NewState("ops", Team{Managers: []string{"p0"}, People: people}, time.UTC)
	require.NoError(t, err)
	for i := range 300 {
		req := Request{
			TaskID: fmt.Sprintf("t%03d", i), TaskType: "work", Skill: []string{"design", "writing", "analysis"}[rng.IntN(3)],
			Senior: rng.IntN(3) == 0, Allocation: catalog.Allocations()[rng.IntN(4)], Hours: []float64{0.5, 1, 2, 4}[rng.IntN(4)],
			Priority: rng.IntN(4) * 100, At: qt0.Add(time.Duration(rng.IntN(50)) * time.Minute), Seq: 1,
		}
		if rng.IntN(5) == 0 {
			req.Exclude = []string{fmt.Sprintf("p%d", rng.IntN(6))}
		}
		if rng.IntN(4) == 0 {
			req.Prefer = fmt.Sprintf("p%d", rng.IntN(6))
		}
		s.Ask(req, qt0)
	}
	return s
}

// Drain books exactly what a walk over the whole queue books, in the same order, to
// the same people, whatever capacity a release or a new person frees.
func TestDrainBooksAsAWalkOverTheQueue(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		s := randomTeam(t, rng)
		require.Positive(t, s.Queue.Len(), "seed %d: some tasks wait", seed)
		for round := range 5 {
			for _, id := range sortedKeys(s.Bookings) {
				if rng.IntN(3) == 0 {
					s.Release(id, true, 1, qt0)
				}
			}
			if round == 2 {
				require.NoError(t, s.Join(Person{ID: fmt.Sprintf("new%d", seed), Seniority: Senior, Skills: []string{"design", "analysis"}, WeeklyHours: 30}, time.UTC))
			}
			ref := s.Clone()
			got, want := s.Drain(qt0), linearDrain(ref, qt0)
			require.Equal(t, want, got, "seed %d round %d", seed, round)
			require.Equal(t, waitingOrder(t, ref), waitingOrder(t, s), "seed %d round %d", seed, round)
			require.Equal(t, ref.Bookings, s.Bookings, "seed %d round %d", seed, round)
		}
	}
}

// waitingOrder lists the queue, checking that each task's position is its place in it.
func waitingOrder(t *testing.T, s *State) []string {
	t.Helper()
	var ids []string
	for _, w := range s.Queue.First(-1) {
		ids = append(ids, w.TaskID)
		require.Equal(t, len(ids), s.Queue.Position(w.TaskID), "%s's position", w.TaskID)
	}
	return ids
}

// The queue carried across continue-as-new reads back the same, task for task and in
// order, and ten thousand waiting tasks of bulk-import size stay under a megabyte.
func TestQueueCarriedCompactly(t *testing.T) {
	s, err := NewState("ops", Team{Managers: []string{"a"}, People: []Person{{ID: "a", Seniority: Senior, Skills: []string{"design"}, WeeklyHours: 1}}}, time.UTC)
	require.NoError(t, err)
	for i := range 10000 {
		req := Request{
			TaskID: fmt.Sprintf("task-import-2026-12-01-%06d", i), TaskType: "creative-stakeholder-review", Title: fmt.Sprintf("Banner set %d", i),
			Skill: "design", Senior: true, Allocation: catalog.AllocationReactiveSupport, Hours: 1, Priority: 200 + i%3*10,
			Reason: "new task", At: qt0.Add(time.Duration(i) * time.Millisecond), Seq: 1,
		}
		if i%1000 == 0 {
			req.Exclude, req.Prefer, req.Reason = []string{"a"}, "a", "handed back by a"
		}
		if i%1000 == 500 { // a rerouted task: its wider pool and whom it avoids are carried too
			req.AnySeniority, req.Avoid, req.Reason = true, []string{"a"}, "resolution SLA lost with a"
		}
		n := s.Ask(req, qt0)
		require.Positive(t, n.Position, "task %d: %s", i, n.Reason)
		if i%2 == 0 {
			s.Told(req.TaskID)
		}
	}
	data, err := json.Marshal(s)
	require.NoError(t, err)
	t.Logf("10,000 waiting: state of %d bytes, queue estimate %d", len(data), s.Queue.bytes)
	assert.Less(t, len(data), 1_000_000)
	assert.Greater(t, s.Queue.bytes, len(data)-10_000, "the estimate does not undercount")
	var back State
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, s.Queue.First(-1), back.Queue.First(-1))
	assert.Equal(t, s.Queue.bytes, back.Queue.bytes)
	assert.Equal(t, s.Untold(), back.Untold())
	assert.Len(t, back.Untold(), 5000)
}

// A roster run by the v1 baseline carried its waiting tasks as arrays; a run that
// continues one reads them back.
func TestQueueReadsTheV1Arrays(t *testing.T) {
	var s State
	require.NoError(t, json.Unmarshal([]byte(`{"queue":{
		"kinds":[{"taskType":"creative-stakeholder-review","skill":"design","allocation":"reactive-support","hours":1}],
		"notes":["full","new task"],
		"tasks":[["b",0,1,1796137200000000000,1,0,1,0],["a",0,2,1796133600000000000,1,0,1,1,"Banner set","",60000]]}}`), &s))
	assert.Equal(t, []string{"b", "a"}, waitingOrder(t, &s))
	a := s.Queue.First(2)[1]
	assert.Equal(t, "full", a.Why)
	assert.Equal(t, "new task", a.Reason)
	assert.True(t, a.Told)
	assert.Equal(t, "Banner set", a.Title)
	assert.Equal(t, "creative-stakeholder-review", a.TaskType)
	assert.Equal(t, time.Date(2026, 12, 1, 14, 1, 0, 0, time.UTC), a.Since)
	var empty State
	require.NoError(t, json.Unmarshal([]byte(`{"queue":null}`), &empty))
	assert.Zero(t, empty.Queue.Len())
}

// A packed queue that was cut short or altered is refused with the task it broke
// at, never read as a shorter queue.
func TestQueueRefusesABrokenPack(t *testing.T) {
	s := randomTeam(t, rand.New(rand.NewPCG(3, 3)))
	data, err := json.Marshal(s.Queue)
	require.NoError(t, err)
	var carried struct{ Queue queueJSON }
	require.NoError(t, json.Unmarshal(data, &carried.Queue))
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(carried.Queue.Packed)))
	require.NoError(t, err)
	var cut bytes.Buffer
	zw, err := flate.NewWriter(&cut, flate.BestSpeed)
	require.NoError(t, err)
	_, err = zw.Write(raw[:len(raw)-2])
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	var back Queue
	carried.Queue.Packed = cut.Bytes()
	broken, err := json.Marshal(carried.Queue)
	require.NoError(t, err)
	assert.ErrorContains(t, json.Unmarshal(broken, &back), fmt.Sprintf("queue.packed: task %d: packed queue ends inside a task", s.Queue.Len()-1))
	carried.Queue.Packed = []byte("not deflated")
	broken, err = json.Marshal(carried.Queue)
	require.NoError(t, err)
	assert.ErrorContains(t, json.Unmarshal(broken, &back), "queue.packed: inflate")
}

// Past MaxQueueBytes an ask is refused: the task holds no place and hears why.
func TestFullQueueRefusesTheAsk(t *testing.T) {
	s, err := NewState("ops", Team{Managers: []string{"a"}, People: []Person{{ID: "a", Seniority: Senior, Skills: []string{"design"}, WeeklyHours: 1}}}, time.UTC)
	require.NoError(t, err)
	title := strings.Repeat("x", 500)
	var refused Notice
	for i := 0; ; i++ {
		req := Request{TaskID: fmt.Sprintf("t%06d", i), Title: title, Skill: "design", Senior: true, Allocation: catalog.AllocationReactiveSupport, Hours: 1, At: qt0}
		n := s.Ask(req, qt0)
		if n.Position == 0 {
			refused = n
			break
		}
	}
	assert.False(t, s.Knows(refused.TaskID))
	assert.Empty(t, refused.Person)
	assert.Contains(t, refused.Reason, fmt.Sprintf("the queue of ops is full with %d waiting tasks", s.Queue.Len()))
	assert.LessOrEqual(t, s.Queue.bytes, MaxQueueBytes)
	assert.Equal(t, s.Queue.Len(), s.Counts.Queued)
	assert.Len(t, s.Queue.First(1)[0].Title, maxTitle+len("…"), "titles are cut for the view")
}

// Released tasks are remembered for an hour, and at most about maxClosed of them.
func TestClosedStaysBounded(t *testing.T) {
	var s State
	s.MarkClosed("old", 1, qt0)
	for i := range 3 * maxClosed {
		s.MarkClosed(fmt.Sprintf("t%05d", i), 1, qt0.Add(time.Minute+time.Duration(i)*time.Millisecond))
		require.LessOrEqual(t, len(s.Closed), maxClosed*5/4+1)
	}
	assert.NotContains(t, s.Closed, "old")
	assert.Contains(t, s.Closed, fmt.Sprintf("t%05d", 3*maxClosed-1), "the latest is kept")
	s.Compact(qt0.Add(time.Hour))
	assert.Len(t, s.Closed, maxClosed)
	s.Compact(qt0.Add(3 * time.Hour))
	assert.Empty(t, s.Closed, "all released over an hour ago")
}

// Two waiting tasks that differ only in whom the rule may pick (a reroute's wider
// pool and the person it avoids) wait in different lines, so each gets its own answer.
func TestQueueKindsTellReroutesApart(t *testing.T) {
	base := Request{TaskType: "routine-data-sync", Skill: "development", Senior: true, Allocation: catalog.AllocationReactiveSupport, Hours: 1}
	rerouted := base
	rerouted.AnySeniority, rerouted.Avoid = true, []string{"devon"}
	assert.NotEqual(t, kindOf(base).key(), kindOf(rerouted).key())
}
