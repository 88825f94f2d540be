package reports

import (
	"fmt"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// intakeTables are the intake part of the review: the totals, business units,
// tiers, weekdays, hours of day and busiest dates.
func intakeTables(in ledger.Intake) []Table {
	total := Table{
		Name: "intake", Title: "Intake: requests received, and the rush share of them against the rush share of their value (priority score)",
		Columns: []Column{
			col("requests", "REQUESTS", Count), col("rush", "RUSH", Count), col("rush_share", "RUSH SHARE", Share),
			col("score", "VALUE", Number), col("rush_value_share", "RUSH VALUE SHARE", Share),
		},
	}
	total.add(in.Requests, in.Rush, in.RushShare(), in.Score, in.RushValueShare())
	units := Table{
		Name: "intake_business_units", Title: "Requests by business unit, most first", Empty: "no request",
		Columns: []Column{
			col("business_unit", "BUSINESS UNIT", Text), col("requests", "REQUESTS", Count), col("share", "SHARE", Share),
			col("rush", "RUSH", Count), col("score", "VALUE", Number),
		},
	}
	for _, u := range in.ByBusinessUnit {
		units.add(u.BusinessUnit, u.Requests, share(u.Requests, in.Requests), u.Rush, u.Score)
	}
	tiers := Table{
		Name: "intake_tiers", Title: "Requests by service tier", Empty: "no request",
		Columns: []Column{col("tier", "TIER", Text), col("requests", "REQUESTS", Count)},
	}
	for _, tier := range catalog.TiersMostServiceFirst() {
		if n := in.ByTier[tier]; n > 0 {
			tiers.add(string(tier), n)
		}
	}
	days := Table{
		Name: "intake_weekdays", Title: "Requests by weekday", Empty: "no request",
		Columns: []Column{col("weekday", "WEEKDAY", Text), col("requests", "REQUESTS", Count)},
	}
	for i := range 7 {
		day := time.Weekday((i + 1) % 7) // Monday first
		if in.Requests > 0 {
			days.add(day.String(), in.ByWeekday[day])
		}
	}
	hours := Table{
		Name: "intake_hours", Title: "Requests by hour of day (hours with requests)", Empty: "no request",
		Columns: []Column{col("hour", "HOUR", Text), col("requests", "REQUESTS", Count)},
	}
	for h, n := range in.ByHour {
		if n > 0 {
			hours.add(fmt.Sprintf("%02d:00", h), n)
		}
	}
	busiest := Table{
		Name: "intake_busiest_days", Title: "The busiest dates", Empty: "no request",
		Columns: []Column{col("date", "DATE", Date), col("requests", "REQUESTS", Count)},
	}
	for _, d := range in.BusiestDays {
		busiest.add(d.Date, d.Requests)
	}
	return []Table{total, units, tiers, days, hours, busiest}
}
