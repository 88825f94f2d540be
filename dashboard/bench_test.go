package dashboard_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/dashboard"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// benchTasks is a year of a marketing-ops department's work: about 385 tasks a
// week, of which the overview's default twelve weeks hold some 4,600.
const benchTasks = 20_000

// BenchmarkDashboardLoad measures the overview over a year of tasks: "server" is
// the page's HTTP answer alone (the ledger's queries and the drawing), "chromium"
// a headless Chromium navigating to it until the charts are in the page.
func BenchmarkDashboardLoad(b *testing.B) {
	browser := startBrowser(b)
	cat, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	store := fillLedger(b, yearOfTasks(cat, benchTasks, now))
	srv := serveDashboard(b, store, busyLive(), false)
	url := srv.URL + "/dashboard"

	b.Run("server", func(b *testing.B) {
		for b.Loop() {
			resp, err := http.Get(url)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("GET %s: %s", url, resp.Status)
			}
		}
	})
	b.Run("chromium", func(b *testing.B) {
		p := visit(b, browser, url, "overview-year-of-tasks")
		for b.Loop() {
			if err := chromedp.Do(p.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("#cycle-spread svg"))); err != nil {
				b.Fatal(err)
			}
		}
		if got := read[int](p, `document.querySelectorAll('rect.bar').length`); got == 0 {
			b.Fatal("the page drew no bars")
		}
	})
}

// yearOfTasks makes n tasks of the catalog's types received over the year before
// end, with the shares a busy team sees: a bot failing one run in twenty, one
// response in ten and one resolution in seven late, one task in twelve escalated,
// and the last fortnight's work partly still open. The seed is fixed.
func yearOfTasks(cat *catalog.Catalog, n int, end time.Time) []*taskFacts {
	rng := rand.New(rand.NewPCG(14, 3))
	people := map[string][]string{"marketing-ops": {"maya", "devon", "lena", "omar", "rosa"}, "analytics": {"priya", "tom", "ana"}}
	units := []string{"consumer", "growth", "enterprise", ""}
	triggers := []string{ledger.TriggerBreach, ledger.TriggerSeverity, ledger.TriggerDependencyBlock, ledger.TriggerCapacity}
	ids := cat.IDs()
	out := make([]*taskFacts, 0, n)
	for i := range n {
		tt, _ := cat.TaskType(ids[rng.IntN(len(ids))])
		received := end.Add(-time.Duration(rng.Int64N(int64(364 * 24 * time.Hour)))).Truncate(time.Minute)
		id := fmt.Sprintf("task-bench-%05d", i)
		lane := tt.Lane
		if lane == catalog.LaneAutomated && rng.IntN(20) > 0 {
			t := automated(id, tt.ID, tt.Team, tt.ManualMinutes, received, time.Duration(1+rng.IntN(30))*time.Minute)
			out = append(out, t.brief(units[rng.IntN(len(units))], rng.IntN(7) == 0, float64(rng.IntN(100))))
			continue
		}
		t := newTask(id, tt.ID, tt.Team, lane, tt.ManualMinutes, received).brief(units[rng.IntN(len(units))], rng.IntN(7) == 0, float64(rng.IntN(100)))
		at := received.Add(time.Duration(1+rng.IntN(10)) * time.Minute)
		if lane == catalog.LaneAutomated {
			t.automation(true, at)
			t.escalated(1, 1, ledger.TriggerRepeatedFailure, at)
			t.rerouted(catalog.LaneHuman, at)
		}
		team := people[tt.Team]
		t.booked(team[rng.IntN(len(team))], at)
		at = at.Add(time.Duration(5+rng.IntN(180)) * time.Minute)
		t.acknowledged(team[rng.IntN(len(team))], at)
		t.clock(ledger.ClockResponse, outcome(rng, 10), at)
		if rng.IntN(12) == 0 {
			t.escalated(2, 1+rng.IntN(3), triggers[rng.IntN(len(triggers))], at.Add(time.Hour))
		}
		done := at.Add(time.Duration(30+rng.IntN(5*24*60)) * time.Minute)
		if done.After(end) || (end.Sub(received) < 14*24*time.Hour && rng.IntN(3) == 0) {
			out = append(out, t) // still open
			continue
		}
		t.clock(ledger.ClockResolution, outcome(rng, 7), done)
		t.closed(false, float64(tt.ManualMinutes)/60*(0.5+rng.Float64()), done)
		out = append(out, t)
	}
	return out
}

// outcome is a clock breached one time in every.
func outcome(rng *rand.Rand, every int) string {
	if rng.IntN(every) == 0 {
		return ledger.ClockBreached
	}
	return ledger.ClockMet
}

// busyLive is both teams' rosters, loaded, and forty open tasks due over the next days.
func busyLive() *fakeLive {
	live := &fakeLive{rosters: map[string]workflows.RosterStatus{}}
	rng := rand.New(rand.NewPCG(8, 95))
	for team, ids := range map[string][]string{"marketing-ops": {"maya", "devon", "lena", "omar", "rosa"}, "analytics": {"priya", "tom", "ana"}} {
		st := workflows.RosterStatus{View: roster.View{Team: team, Waiting: rng.IntN(6)}}
		for _, id := range ids {
			p := roster.PersonView{ID: id, WeeklyHours: 38}
			for i, a := range catalog.Allocations() {
				capacity := 38 * []float64{0.4, 0.2, 0.2, 0.2}[i]
				booked := capacity * rng.Float64()
				p.Allocations = append(p.Allocations, roster.AllocationView{Allocation: a, Capacity: capacity, Booked: booked, Utilization: booked / capacity})
			}
			st.People = append(st.People, p)
		}
		live.rosters[team] = st
	}
	for i := range 40 {
		live.open = append(live.open, dashboard.OpenTask{
			ID: fmt.Sprintf("task-open-%02d", i), TaskType: "creative-stakeholder-review", Team: "marketing-ops", Assignee: "lena",
			Stage: "acknowledged", SLAState: "on_track", ResolveBy: now.Add(time.Duration(rng.IntN(9*24)-24) * time.Hour),
		})
	}
	return live
}
