package dashboard

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// monthlyReview is the review page: ledger.MonthlyReview drawn.
type monthlyReview struct {
	Month                 string
	Tiles                 []tile
	Volume, Escalation    template.HTML
	Touches, AutomateNext template.HTML
	Rescore               []rescoreRow
	Units, Rush           template.HTML
	Weekdays, Hours       template.HTML
	BusiestDays           []string
	Forecast              forecastView
	// Previous and Next link the neighbouring months.
	Previous, Next link
}

// rescoreRow is one re-score candidate as printed.
type rescoreRow struct {
	TaskType string
	Signs    string
}

func (s *server) review(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	v, err := s.reviewView(r.URL.Query(), now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rv, err := s.cfg.Ledger.Review(r.Context(), v.Month, v.Zone, v.filter(), s.cfg.Catalog)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	forecast, err := s.forecast(r.Context(), v, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	content := s.reviewOf(rv, v)
	content.Forecast = forecast
	title := "Monthly review, " + v.Period.From.Format("January 2006")
	if v.Team != "" {
		title += ", " + v.Team
	}
	s.render(w, r, http.StatusOK, "review", page{
		Title: title, Nav: "review", View: v, Refresh: int(s.cfg.Refresh.Seconds()),
		Updated: now.In(v.Zone).Format(whenLayout), Content: content,
	})
}

// reviewOf draws the review's lists.
func (s *server) reviewOf(rv *ledger.MonthlyReview, v view) monthlyReview {
	in := rv.Intake
	out := monthlyReview{
		Month: v.Period.From.Format("January 2006"),
		Tiles: []tile{
			{Key: "requests", Figure: fmt.Sprint(in.Requests), Caption: "requests received"},
			{Key: "rush-share", Figure: percent(in.RushShare()), Caption: fmt.Sprintf("of requests were rush (%d of %d)", in.Rush, in.Requests)},
			{Key: "rush-value", Figure: percent(in.RushValueShare()), Caption: "of the value (priority score) was in rush requests"},
		},
		Previous: link{Label: "← " + v.Period.From.AddDate(0, -1, 0).Format("January"), URL: pageURL(ReviewPath, v.Team, paramMonth, v.Period.From.AddDate(0, -1, 0).Format(monthLayout))},
		Next:     link{Label: v.Period.To.Format("January") + " →", URL: pageURL(ReviewPath, v.Team, paramMonth, v.Period.To.Format(monthLayout))},
	}
	volume := chart{ID: "top-volume", Title: "Top task types by tasks completed", Horizontal: true, Series: []series{{Name: "Completed", Class: "c0"}}}
	for _, h := range rv.ByVolume {
		volume.Groups = append(volume.Groups, group{Key: h.TaskType, Label: s.typeName(h.TaskType), Values: []value{num(float64(h.Completed), fmt.Sprint(h.Completed))}})
	}
	escalation := chart{ID: "top-escalation", Title: "Top task types by escalation rate", Horizontal: true, Max: 1, Series: []series{{Name: "Escalation rate", Class: "l2"}}}
	for _, h := range rv.ByEscalationRate {
		escalation.Groups = append(escalation.Groups, group{Key: h.TaskType, Label: s.typeName(h.TaskType), Values: []value{
			num(h.EscalationRate(), fmt.Sprintf("%s (%d of %d)", percent(h.EscalationRate()), h.Escalated, h.Completed))}})
	}
	touches := chart{ID: "top-touches", Title: "Top task types by manual touches per task", Horizontal: true, Series: []series{{Name: "Touches per task", Class: "c1"}}}
	for _, h := range rv.ByManualTouches {
		touches.Groups = append(touches.Groups, group{Key: h.TaskType, Label: s.typeName(h.TaskType), Values: []value{
			num(h.TouchesPerTask(), fmt.Sprintf("%s per task (%d in %d)", hours(h.TouchesPerTask()), h.ManualTouches, h.Completed))}})
	}
	automate := chart{ID: "automate-next", Title: "Automate next: manual minutes a month automation would give back", Horizontal: true, Series: []series{{Name: "Minutes a month", Class: "c2"}}}
	for _, a := range rv.AutomateNext {
		automate.Groups = append(automate.Groups, group{Key: a.TaskType, Label: s.typeName(a.TaskType), Values: []value{
			num(float64(a.ManualMinutes), fmt.Sprintf("%s (%s, automation score %d)", minutes(a.ManualMinutes), plural(a.Tasks, "task"), a.AutomationScore))}})
	}
	for _, c := range rv.Rescore {
		out.Rescore = append(out.Rescore, rescoreRow{TaskType: s.typeName(c.TaskType), Signs: rescoreSigns(c)})
	}
	out.Volume, out.Escalation, out.Touches, out.AutomateNext = volume.HTML(), escalation.HTML(), touches.HTML(), automate.HTML()
	out.Units, out.Rush, out.Weekdays, out.Hours = unitsChart(in).HTML(), rushChart(in).HTML(), weekdayChart(in).HTML(), hourChart(in).HTML()
	for _, d := range in.BusiestDays {
		out.BusiestDays = append(out.BusiestDays, d.Date.Format("Mon 2 Jan")+": "+plural(d.Requests, "request"))
	}
	return out
}

// rescoreSigns says which signs a type showed, with their numbers.
func rescoreSigns(c ledger.Rescore) string {
	var signs []string
	for _, r := range c.Reasons {
		switch r {
		case ledger.RescoreReclassified:
			signs = append(signs, fmt.Sprintf("re-scored into another bucket or lane (%d of %d tasks)", c.Reclassified, c.Completed))
		case ledger.RescoreEscalatedRepeatedly:
			signs = append(signs, fmt.Sprintf("escalated more than once (%d of %d tasks)", c.EscalatedRepeatedly, c.Completed))
		case ledger.RescoreAutomationFails:
			signs = append(signs, fmt.Sprintf("automation failed %d of %d runs", c.Failed, c.Runs))
		case ledger.RescoreHoursOffEstimate:
			signs = append(signs, fmt.Sprintf("%sh reported against %sh estimated", hours(c.HoursActual), hours(c.HoursEstimated)))
		}
	}
	return strings.Join(signs, "; ")
}

// unitsChart is the requests and rush requests of each business unit.
func unitsChart(in ledger.Intake) chart {
	c := chart{ID: "business-units", Title: "Requests by business unit", Horizontal: true,
		Series: []series{{Name: "Requests", Class: "c0"}, {Name: "Rush", Class: "c4"}}}
	for _, u := range in.ByBusinessUnit {
		label := u.BusinessUnit
		if label == "" {
			label = "(none named)"
		}
		c.Groups = append(c.Groups, group{Key: u.BusinessUnit, Label: label, Values: []value{
			num(float64(u.Requests), fmt.Sprintf("%d (%s)", u.Requests, percent(ratio(u.Requests, in.Requests)))), num(float64(u.Rush), fmt.Sprint(u.Rush))}})
	}
	return c
}

// rushChart sets the rush share of requests against the rush share of value.
func rushChart(in ledger.Intake) chart {
	c := chart{ID: "rush", Title: "Rush requests against the value they carry", Horizontal: true, Max: 1, Series: []series{{Name: "Rush share", Class: "c4"}}}
	if in.Requests == 0 {
		return c
	}
	c.Groups = []group{
		{Key: "requests", Label: "share of requests", Values: []value{num(in.RushShare(), percent(in.RushShare()))}},
		{Key: "value", Label: "share of value", Values: []value{num(in.RushValueShare(), percent(in.RushValueShare()))}},
	}
	return c
}

// weekdayChart is the requests by day of the week, Monday first.
func weekdayChart(in ledger.Intake) chart {
	c := chart{ID: "weekdays", Title: "Requests by day of the week", Series: []series{{Name: "Requests", Class: "c0"}}}
	if in.Requests == 0 {
		return c
	}
	for i := range 7 {
		d := time.Weekday((i + 1) % 7)
		c.Groups = append(c.Groups, group{Key: d.String(), Label: d.String()[:3], Values: []value{num(float64(in.ByWeekday[d]), fmt.Sprint(in.ByWeekday[d]))}})
	}
	return c
}

// hourChart is the requests by hour of the day.
func hourChart(in ledger.Intake) chart {
	c := chart{ID: "hours", Title: "Requests by hour of the day", Series: []series{{Name: "Requests", Class: "c0"}}}
	if in.Requests == 0 {
		return c
	}
	for h, n := range in.ByHour {
		c.Groups = append(c.Groups, group{Key: fmt.Sprint(h), Label: fmt.Sprint(h), Values: []value{num(float64(n), fmt.Sprint(n))}})
	}
	return c
}
