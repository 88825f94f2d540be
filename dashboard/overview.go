package dashboard

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/lanes-dev/lanes/ledger"
)

// overview is the main page: this period's flow and SLAs, and the load and risk now.
type overview struct {
	Tiles       []tile
	Load        []teamLoad
	SLA         template.HTML
	Automation  template.HTML
	Minutes     template.HTML
	Cycle       template.HTML
	CycleLanes  []laneCycle
	Escalations template.HTML
	Triggers    template.HTML
	Risk        risk
	Hours       []personHours
	// Presets are links to common periods.
	Presets []link
}

// tile is one headline number.
type tile struct {
	Key     string
	Figure  string
	Caption string
	// Warn marks a number that asks for attention.
	Warn bool
}

// link is a labelled URL.
type link struct {
	Label, URL string
}

func (s *server) overview(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	v, err := s.overviewView(r.URL.Query(), now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	content, err := s.overviewOf(r.Context(), v, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Lanes: the leaders' view"
	if v.Team != "" {
		title += " of " + v.Team
	}
	s.render(w, r, http.StatusOK, "overview", page{
		Title: title, Nav: "overview", View: v, Refresh: int(s.cfg.Refresh.Seconds()),
		Updated: now.In(v.Zone).Format(whenLayout), Content: content,
	})
}

// overviewOf reads the period's numbers from the ledger and the live state from
// Temporal. The reads are independent, so they run at once: the page waits for
// the slowest rather than for their sum.
func (s *server) overviewOf(ctx context.Context, v view, now time.Time) (overview, error) {
	var (
		weeks    []ledger.WeekOutcomes
		spread   ledger.CycleSpread
		handling []ledger.Handling
		hours    []personHours
		load     []teamLoad
		risk     risk
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		weeks, err = s.cfg.Ledger.WeeklyOutcomes(gctx, v.Period, v.Zone, v.filter())
		return err
	})
	g.Go(func() (err error) {
		spread, err = s.cfg.Ledger.CycleSpread(gctx, v.Period, v.filter(), cycleEdges)
		return err
	})
	g.Go(func() (err error) {
		handling, err = s.cfg.Ledger.Handling(gctx, v.Period, v.filter())
		return err
	})
	g.Go(func() (err error) {
		hours, err = s.personHours(gctx, v, now)
		return err
	})
	g.Go(func() error {
		load = s.load(gctx, v)
		return nil
	})
	g.Go(func() error {
		risk = s.risk(gctx, v, now)
		return nil
	})
	if err := g.Wait(); err != nil {
		return overview{}, err
	}
	types := byType(handling)
	return overview{
		Tiles:       tiles(weeks, types, load, risk),
		Load:        load,
		SLA:         slaChart(weeks).HTML(),
		Automation:  automationChart(weeks).HTML(),
		Minutes:     minutesChart(weeks).HTML(),
		Cycle:       cycleChart(spread).HTML(),
		CycleLanes:  laneCycles(spread),
		Escalations: s.escalationChart(types).HTML(),
		Triggers:    triggerChart(types).HTML(),
		Risk:        risk,
		Hours:       hours,
		Presets:     presets(v, now),
	}, nil
}

// tiles sums the period and the live state into the headline numbers.
func tiles(weeks []ledger.WeekOutcomes, types []typeEscalations, load []teamLoad, r risk) []tile {
	var response, resolution ledger.Clocks
	var sum ledger.WeekOutcomes
	for _, w := range weeks {
		response.Met, response.Breached = response.Met+w.Response.Met, response.Breached+w.Response.Breached
		resolution.Met, resolution.Breached = resolution.Met+w.Resolution.Met, resolution.Breached+w.Resolution.Breached
		sum.Completed += w.Completed
		sum.ByAutomation += w.ByAutomation
		sum.ManualMinutesSaved += w.ManualMinutesSaved
	}
	escalated, completed := 0, 0
	for _, t := range types {
		escalated += t.Escalated
		completed += t.Completed
	}
	full := 0
	for _, l := range load {
		full += len(l.Full)
	}
	return []tile{
		{Key: "completed", Figure: fmt.Sprint(sum.Completed), Caption: "tasks completed"},
		{Key: "response", Figure: attainment(response), Caption: fmt.Sprintf("response SLA met (%d of %d clocks)", response.Met, response.Met+response.Breached)},
		{Key: "resolution", Figure: attainment(resolution), Caption: fmt.Sprintf("resolution SLA met (%d of %d clocks)", resolution.Met, resolution.Met+resolution.Breached)},
		{Key: "automation", Figure: percent(sum.AutomationRate()), Caption: fmt.Sprintf("closed by automation (%d of %d)", sum.ByAutomation, sum.Completed)},
		{Key: "minutes-saved", Figure: minutes(sum.ManualMinutesSaved), Caption: fmt.Sprintf("manual time saved by automation (%s)", plural(sum.ManualMinutesSaved, "minute"))},
		{Key: "escalation", Figure: percent(ratio(escalated, completed)), Caption: fmt.Sprintf("escalated (%d of %d)", escalated, completed)},
		{Key: "full", Figure: fmt.Sprint(full), Caption: "allocations at or over the 95% line now", Warn: full > 0},
		{Key: "at-risk", Figure: fmt.Sprint(r.Breached), Caption: fmt.Sprintf("open tasks past their resolution deadline; %d more due within %s", r.Due, days(riskHorizon)), Warn: r.Breached > 0},
	}
}

// presets links the common periods ending today.
func presets(v view, now time.Time) []link {
	today := midnight(now.In(v.Zone))
	var out []link
	for _, weeks := range []int{4, 12, 26, 52} {
		from := today.AddDate(0, 0, 1-7*weeks)
		out = append(out, link{Label: fmt.Sprintf("%d weeks", weeks), URL: pageURL(Path, v.Team, paramFrom, from.Format(dateLayout), paramTo, today.Format(dateLayout))})
	}
	return out
}
