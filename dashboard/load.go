package dashboard

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"sync"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sync/errgroup"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/reports"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// liveWait bounds each read of the live state, so a slow Temporal delays the
// page by seconds and never hides the ledger's numbers.
const liveWait = 5 * time.Second

// teamLoad is one team's roster now: each person's booked hours per allocation
// against the 95% line.
type teamLoad struct {
	Team string
	// Chart draws the load; empty when Problem says why there is none.
	Chart   template.HTML
	Problem string
	// People counts the team's people and Waiting the tasks in its queue.
	People  int
	Waiting int
	// Full lists the allocations at or over the line.
	Full []string
}

// load reads the rosters of the team chosen, or of every team.
func (s *server) load(ctx context.Context, v view) []teamLoad {
	teams := s.teamsOf(v)
	rosters, errs := s.rosters(ctx, teams)
	out := make([]teamLoad, len(teams))
	for i, team := range teams {
		switch err := errs[i]; {
		case errors.Is(err, ErrNoRoster):
			out[i] = teamLoad{Team: team, Problem: "No roster runs for this team: its work waits in role queues."}
		case err != nil:
			out[i] = teamLoad{Team: team, Problem: "The roster did not answer; the load shows again when Temporal does."}
		default:
			out[i] = loadOf(rosters[i].View)
		}
	}
	return out
}

// teamsOf is the team chosen, or every team.
func (s *server) teamsOf(v view) []string {
	if v.Team != "" {
		return []string{v.Team}
	}
	return s.teams
}

// rosters reads the teams' rosters, each with its error: ErrNoRoster for a team
// that runs none; one that did not answer is logged.
func (s *server) rosters(ctx context.Context, teams []string) ([]workflows.RosterStatus, []error) {
	// The rosters are asked at once, so a slow Temporal delays the page by liveWait, not by a wait per team.
	out, errs := make([]workflows.RosterStatus, len(teams)), make([]error, len(teams))
	var wg sync.WaitGroup
	for i, team := range teams {
		wg.Go(func() {
			rctx, cancel := context.WithTimeout(ctx, liveWait)
			defer cancel()
			out[i], errs[i] = s.cfg.Live.Roster(rctx, team)
			if errs[i] != nil && !errors.Is(errs[i], ErrNoRoster) {
				s.cfg.Logger.Warn("Dashboard could not read a roster", zap.String("team", team), zap.Error(errs[i]))
			}
		})
	}
	wg.Wait()
	return out, errs
}

// loadOf draws a roster's people, one row each, a bar per allocation.
func loadOf(v roster.View) teamLoad {
	l := teamLoad{Team: v.Team, People: len(v.People), Waiting: v.Waiting}
	c := chart{ID: "load-" + v.Team, Title: "Booked hours against each allocation's weekly capacity, " + v.Team, Horizontal: true, Max: 1,
		Line: &refLine{At: roster.UtilizationCap, Label: fmt.Sprintf("%s line: no new work goes there", percent(roster.UtilizationCap))}}
	for i, a := range catalog.Allocations() {
		c.Series = append(c.Series, series{Name: string(a), Class: fmt.Sprintf("a%d", i)})
	}
	// The capacity report's reading of the same state, so both name the same people at the line.
	loads := reports.Loads(v)
	for _, p := range v.People {
		label := p.ID
		if p.Name != "" {
			label = p.Name
		}
		if p.Away {
			label += " (away)"
		}
		g := group{Key: p.ID, Label: label}
		for range p.Allocations {
			a := loads[0]
			loads = loads[1:]
			val := num(a.Utilization, fmt.Sprintf("%s (%s of %sh)", percent(a.Utilization), hours(a.PlannedHours), hours(a.CapacityHours)))
			if a.CapacityHours <= 0 {
				// A 0% share: the roster books nothing there, which is not a full allocation.
				val = num(0, "no hours in this allocation")
			}
			if a.AtLine {
				val.Class = "over"
				l.Full = append(l.Full, fmt.Sprintf("%s: %s %s", label, a.Allocation, percent(a.Utilization)))
			}
			g.Values = append(g.Values, val)
		}
		c.Groups = append(c.Groups, g)
	}
	l.Chart = c.HTML()
	return l
}

// personHours is one person's actual hours against the estimates of the work
// they completed in the last 7 and 30 days.
type personHours struct {
	Person      string
	Week, Month hoursCell
}

// hoursCell is one period's figures, as printed.
type hoursCell struct {
	Completed           int
	Estimated, Actual   string
	ActualToEstimate    string
	OverHalfOffEstimate bool
}

// personHours reads the last 7 and 30 days up to now, for the team chosen, both at once.
func (s *server) personHours(ctx context.Context, v view, now time.Time) ([]personHours, error) {
	var week, month []ledger.PersonHours
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		week, err = s.cfg.Ledger.ActualHours(gctx, ledger.Period{From: now.AddDate(0, 0, -7), To: now}, v.filter())
		return err
	})
	g.Go(func() (err error) {
		month, err = s.cfg.Ledger.ActualHours(gctx, ledger.Period{From: now.AddDate(0, 0, -30), To: now}, v.filter())
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	rows := map[string]*personHours{}
	var order []string
	for i, got := range [][]ledger.PersonHours{week, month} {
		for _, h := range got {
			row := rows[h.Person]
			if row == nil {
				row = &personHours{Person: h.Person}
				rows[h.Person] = row
				order = append(order, h.Person)
			}
			cell := hoursCell{Completed: h.Completed, Estimated: hours(h.HoursEstimated) + "h", Actual: hours(h.HoursActual) + "h", ActualToEstimate: "–"}
			if h.HoursEstimated > 0 {
				r := h.ActualToEstimate()
				cell.ActualToEstimate = percent(r)
				cell.OverHalfOffEstimate = r > 1.5 || r < 0.5
			}
			if i == 0 {
				row.Week = cell
			} else {
				row.Month = cell
			}
		}
	}
	out := make([]personHours, 0, len(order))
	for _, p := range sortedStrings(order) {
		out = append(out, *rows[p])
	}
	return out, nil
}
