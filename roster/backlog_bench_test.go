package roster_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/roster"
)

// fullTeam is five designers whose campaign-execution hours are all booked (fifteen
// one-hour tasks each), with waiting tasks of mixed priorities queued behind them.
func fullTeam(b *testing.B, waiting int) *roster.State {
	b.Helper()
	var people []roster.Person
	for i := 0; i < 5; i++ {
		people = append(people, person(fmt.Sprintf("p%d", i), roster.Specialist, "design"))
	}
	s, err := roster.NewState("ops", roster.Team{Managers: []string{"p0"}, People: people}, time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; ; i++ {
		id := fmt.Sprintf("held-%03d", i)
		if n := s.Ask(work(id, "design", 1), t0); n.Person == "" {
			s.Release(id, false, 0, t0)
			break
		}
	}
	for i := 0; i < waiting; i++ {
		req := work(fmt.Sprintf("wait-%05d", i), "design", 1)
		req.Priority = 100 + i%7
		req.At = t0.Add(time.Duration(i) * time.Second)
		s.Ask(req, t0)
	}
	return s
}

// BenchmarkBacklog measures what the roster workflow does per message with tasks
// waiting: an ask that must wait (placing it, then letting in whatever now fits), and
// a release that lets the head of the queue in.
func BenchmarkBacklog(b *testing.B) {
	for _, waiting := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("ask-waits/queued=%d", waiting), func(b *testing.B) {
			s := fullTeam(b, waiting)
			req := work("x", "design", 1)
			req.Priority, req.At = 103, t0.Add(time.Hour)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if n := s.Ask(req, t0); n.Position == 0 {
					b.Fatalf("not queued: %s", n.Reason)
				}
				if got := s.Drain(t0); len(got) != 0 {
					b.Fatalf("nothing freed, yet %d booked", len(got))
				}
				b.StopTimer()
				s.Release("x", false, 0, t0)
				b.StartTimer()
			}
		})
		b.Run(fmt.Sprintf("release-books/queued=%d", waiting), func(b *testing.B) {
			s := fullTeam(b, waiting)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				held := ""
				for id := range s.Bookings {
					if held == "" || id < held {
						held = id
					}
				}
				req := s.Bookings[held].Request
				b.StartTimer()
				s.Release(held, true, 1, t0)
				if got := s.Drain(t0); len(got) != 1 {
					b.Fatalf("one hour freed, %d booked", len(got))
				}
				b.StopTimer()
				req.Priority, req.At = 200, t0.Add(48*time.Hour) // back at the end of the line
				s.Ask(req, t0)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkCarryAcrossRuns measures what a roster's continue-as-new costs the worker
// with ten thousand tasks waiting: writing its state, and reading it back at the next
// run's first workflow task (and at every replay of that run).
func BenchmarkCarryAcrossRuns(b *testing.B) {
	s := fullTeam(b, 10000)
	data, err := json.Marshal(s)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("write", func(b *testing.B) {
		b.ReportMetric(float64(len(data)), "bytes")
		for i := 0; i < b.N; i++ {
			if _, err := json.Marshal(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var back roster.State
			if err := json.Unmarshal(data, &back); err != nil {
				b.Fatal(err)
			}
			if back.Queue.Len() != 10000 {
				b.Fatalf("%d waiting read back", back.Queue.Len())
			}
		}
	})
}
