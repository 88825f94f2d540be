package roster_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// BenchmarkAskRelease measures the rule's own cost of one booking and its release, as
// the roster workflow pays it inside a workflow task, with open bookings already held.
func BenchmarkAskRelease(b *testing.B) {
	for _, open := range []int{0, 100, 1000} {
		b.Run(fmt.Sprintf("open=%d", open), func(b *testing.B) {
			var people []roster.Person
			for i := 0; i < 5; i++ {
				p := person(fmt.Sprintf("p%d", i), roster.Specialist, "design")
				p.WeeklyHours = 80
				people = append(people, p)
			}
			s, err := roster.NewState("ops", roster.Team{Managers: []string{"p0"}, People: people}, time.UTC)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < open; i++ {
				s.Ask(work(fmt.Sprintf("held-%d", i), "design", 0.01), t0)
			}
			req := work("x", "design", 0.01)
			req.Allocation = catalog.AllocationCampaignExecution
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if n := s.Ask(req, t0); n.Person == "" {
					b.Fatalf("not booked: %s", n.Reason)
				}
				s.Release("x", true, 0.01, t0)
			}
		})
	}
}
