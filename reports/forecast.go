package reports

import (
	"cmp"
	"slices"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/roster"
)

// The forecast's reach: the next four ISO weeks, projected from the last four.
const (
	ForecastWeeks = 4
	LookbackWeeks = 4
)

// ScheduledRun is one task a recurring schedule will start.
type ScheduledRun struct {
	TaskType string
	At       time.Time
}

// ForecastWeek is one week's expected demand on one skill of one team, in the
// hours of one protected allocation, against the capacity the roster has there.
type ForecastWeek struct {
	Team string
	// Skill is the skill the work needs; empty is every skill: the team's whole
	// allocation, where people with several skills count once.
	Skill      string
	Allocation catalog.Allocation
	// Start and End bound the ISO week in the team's zone.
	Start time.Time
	End   time.Time
	// BaselineHours is the average week of the lookback: the estimated hours of
	// the requests people made that needed a person.
	BaselineHours float64
	// RecurringHours is the schedules' runs in the week, each the type's
	// estimate times the share of its recent tasks that needed a person.
	RecurringHours float64
	// OpenHours is the work open now, booked or queued, counted in the first week.
	OpenHours float64
	// CapacityHours sums the allocation's weekly hours of the people with the
	// skill, less the part of the week they are away.
	CapacityHours float64
	// Rostered is false for a team without a roster: it has no capacity to compare.
	Rostered bool
}

// DemandHours is the week's expected work: baseline, recurring and open.
func (w ForecastWeek) DemandHours() float64 {
	return w.BaselineHours + w.RecurringHours + w.OpenHours
}

// LineHours is the 95% line of the capacity: the roster books nobody past it.
func (w ForecastWeek) LineHours() float64 {
	return roster.UtilizationCap * w.CapacityHours
}

// Fits says the demand stays within the line. A team without a roster always fits:
// nothing measures its capacity.
func (w ForecastWeek) Fits() bool {
	return !w.Rostered || w.DemandHours() <= w.LineHours()+epsilon
}

// ForecastInput is what a team's forecast reads.
type ForecastInput struct {
	Team string
	// Zone is the team's, where its weeks start on Monday.
	Zone *time.Location
	// Now is when the forecast is made: it covers the four weeks after this one.
	Now time.Time
	// Types gives each type's skill, allocation, estimate and lane.
	Types *catalog.Catalog
	// History is the team's demand over the lookback weeks (ledger.Store.Demand).
	History []ledger.Demand
	// Roster is the team's roster now; nil when it has none.
	Roster *roster.View
	// Runs are the recurring schedules' runs; those of other teams' types are left out.
	Runs []ScheduledRun
}

// Weeks are the forecast's weeks from now: the next four ISO weeks in loc.
func Weeks(now time.Time, loc *time.Location) []ledger.Period {
	start := ledger.WeekStart(now, loc).AddDate(0, 0, 7)
	weeks := make([]ledger.Period, ForecastWeeks)
	for i := range weeks {
		weeks[i] = ledger.Period{From: start.AddDate(0, 0, 7*i), To: start.AddDate(0, 0, 7*(i+1))}
	}
	return weeks
}

// Lookback is the period the baseline averages: the four ISO weeks before now's.
func Lookback(now time.Time, loc *time.Location) ledger.Period {
	end := ledger.WeekStart(now, loc)
	return ledger.Period{From: end.AddDate(0, 0, -7*LookbackWeeks), To: end}
}

// need is a skill and allocation a forecast row is about.
type need struct {
	skill      string
	allocation catalog.Allocation
}

// Forecast projects the team's next four weeks per skill and allocation, and
// per allocation across skills; only needs with some demand are listed.
func Forecast(in ForecastInput) []ForecastWeek {
	weeks := Weeks(in.Now, in.Zone)
	baseline, shares := baselineOf(in.History, in.Types)
	demand := make([]map[need]*ForecastWeek, len(weeks))
	for i, w := range weeks {
		demand[i] = map[need]*ForecastWeek{}
		row := func(n need) *ForecastWeek {
			if demand[i][n] == nil {
				demand[i][n] = &ForecastWeek{Team: in.Team, Skill: n.skill, Allocation: n.allocation, Start: w.From, End: w.To, Rostered: in.Roster != nil}
			}
			return demand[i][n]
		}
		for n, hours := range baseline {
			row(n).BaselineHours += hours
		}
		for _, run := range in.Runs {
			t, ok := in.Types.TaskType(run.TaskType)
			if !ok || t.Team != in.Team || run.At.Before(w.From) || !run.At.Before(w.To) {
				continue
			}
			hours := float64(t.ManualMinutes) / 60 * staffedShare(t, shares)
			for _, n := range needsOf(t.Skill, catalog.AllocationFor(t, catalog.ClassifyBucket(t.Scores), false)) {
				row(n).RecurringHours += hours
			}
		}
		if i == 0 && in.Roster != nil {
			for _, open := range openWork(*in.Roster) {
				for _, n := range needsOf(open.Skill, open.Allocation) {
					row(n).OpenHours += open.Hours
				}
			}
		}
	}
	needs := map[need]bool{}
	for _, week := range demand {
		for n, f := range week {
			needs[n] = needs[n] || f.DemandHours() > epsilon
		}
	}
	var out []ForecastWeek
	for n, some := range needs {
		if !some {
			continue
		}
		for i, w := range weeks {
			f := demand[i][n]
			if f == nil {
				f = &ForecastWeek{Team: in.Team, Skill: n.skill, Allocation: n.allocation, Start: w.From, End: w.To, Rostered: in.Roster != nil}
			}
			if in.Roster != nil {
				f.CapacityHours = capacityOf(*in.Roster, n, w)
			}
			out = append(out, *f)
		}
	}
	slices.SortFunc(out, func(a, b ForecastWeek) int {
		// A skill's rows first, by name; the team's whole allocation after them.
		return cmp.Or(cmp.Compare(wholeLast(a.Skill), wholeLast(b.Skill)), cmp.Compare(a.Skill, b.Skill),
			cmp.Compare(slices.Index(catalog.Allocations(), a.Allocation), slices.Index(catalog.Allocations(), b.Allocation)),
			a.Start.Compare(b.Start))
	})
	return out
}

// wholeLast orders a skill's rows (0) before the whole allocation's (1).
func wholeLast(skill string) int {
	if skill == "" {
		return 1
	}
	return 0
}

// needsOf is the skill's row and the team's whole-allocation row the work counts in.
func needsOf(skill string, a catalog.Allocation) []need {
	if skill == "" {
		return []need{{"", a}}
	}
	return []need{{skill, a}, {"", a}}
}

// baselineOf averages the lookback's weekly hours per need over the requests
// people made, and counts per type how many of its tasks needed a person.
func baselineOf(history []ledger.Demand, types *catalog.Catalog) (map[need]float64, map[string][2]int) {
	baseline := map[need]float64{}
	shares := map[string][2]int{} // type: staffed, received
	for _, d := range history {
		s := shares[d.TaskType]
		shares[d.TaskType] = [2]int{s[0] + d.Staffed, s[1] + d.Received}
		if d.Scheduled {
			continue // the schedules' runs are counted from the schedules
		}
		t, _ := types.TaskType(d.TaskType) // a type the catalog dropped counts in its allocation by bucket
		for _, n := range needsOf(t.Skill, catalog.AllocationFor(t, d.Bucket, d.Exception)) {
			baseline[n] += d.StaffedHours / LookbackWeeks
		}
	}
	return baseline, shares
}

// staffedShare is the share of a type's recent tasks that needed a person; with
// none to go by, all of them unless the type is in the automated lane.
func staffedShare(t catalog.TaskType, shares map[string][2]int) float64 {
	if s := shares[t.ID]; s[1] > 0 {
		return float64(s[0]) / float64(s[1])
	}
	if t.Lane == catalog.LaneAutomated {
		return 0
	}
	return 1
}
