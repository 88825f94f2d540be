package dashboard

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"go.uber.org/zap"
)

// riskHorizon is how far ahead the at-risk list looks: tasks due later are not near breach.
const riskHorizon = 7 * 24 * time.Hour

// riskShown is how many of the nearest tasks the list shows.
const riskShown = 25

// riskScanned bounds the open tasks read from visibility for one page.
const riskScanned = 2000

// risk is the open tasks nearest their resolution deadline.
type risk struct {
	Tasks []riskRow
	// Breached counts the open tasks past their deadline and Due those due
	// within the horizon, of the ones read.
	Breached, Due int
	// Problem says why the list is missing or partial.
	Problem string
}

// riskRow is one open task as the list shows it.
type riskRow struct {
	ID, TaskType, Team, Holder, Stage, SLAState string
	// Link opens the task in the Temporal UI.
	Link string
	// Due is the deadline in the page's zone; Left the time to it, or how long ago it passed.
	Due, Left string
	Breached  bool
	Level     int
}

// risk lists the open tasks due within the horizon, nearest first.
func (s *server) risk(ctx context.Context, v view, now time.Time) risk {
	rctx, cancel := context.WithTimeout(ctx, liveWait)
	defer cancel()
	tasks, more, err := s.cfg.Live.DueBefore(rctx, v.Team, now.Add(riskHorizon), riskScanned)
	if err != nil {
		s.cfg.Logger.Warn("Dashboard could not list the open tasks", zap.Error(err))
		return risk{Problem: "Temporal's visibility did not answer; the list shows again when it does."}
	}
	slices.SortFunc(tasks, func(a, b OpenTask) int { return cmp.Or(a.ResolveBy.Compare(b.ResolveBy), cmp.Compare(a.ID, b.ID)) })
	var r risk
	if more {
		r.Problem = fmt.Sprintf("More than %d open tasks are due within %s; the list shows the nearest of the first %d read.", riskScanned, days(riskHorizon), riskScanned)
	}
	for _, t := range tasks {
		breached := !t.ResolveBy.After(now)
		if breached {
			r.Breached++
		} else {
			r.Due++
		}
		if len(r.Tasks) == riskShown {
			continue
		}
		left := "in " + span(t.ResolveBy.Sub(now))
		if breached {
			left = span(now.Sub(t.ResolveBy)) + " ago"
		}
		holder := t.Assignee
		if holder == "" {
			holder = "automation"
		}
		r.Tasks = append(r.Tasks, riskRow{
			ID: t.ID, TaskType: t.TaskType, Team: t.Team, Holder: holder, Stage: t.Stage, SLAState: t.SLAState,
			Link: s.taskLink(t.ID), Due: t.ResolveBy.In(v.Zone).Format(whenLayout), Left: left, Breached: breached, Level: t.EscalationLevel,
		})
	}
	return r
}

// taskLink is the task's page in the Temporal UI, as the notices link it.
func (s *server) taskLink(id string) string {
	return fmt.Sprintf("%s/namespaces/%s/workflows/%s", s.cfg.TemporalUI, url.PathEscape(s.cfg.Namespace), url.PathEscape(id))
}
