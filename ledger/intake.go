package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// Intake is who asked for work in a period and when (DOMAIN.md §8 and §11). It
// counts requests by when intake received them, whatever became of them: open,
// completed or cancelled.
type Intake struct {
	// Requests counts the requests received; Rush those flagged rush.
	Requests int
	Rush     int
	// Score sums intake's priority score over the requests, RushScore over the
	// rush ones: the score is the value a request carries ("30% of requests were
	// rush jobs delivering 10% of the value").
	Score     float64
	RushScore float64
	// ByBusinessUnit counts the requests of each business unit, most first; an
	// empty BusinessUnit is requests that named none.
	ByBusinessUnit []BusinessUnitIntake
	// ByTier counts the requests by the service tier intake gave them; "" is a
	// task started before tiers.
	ByTier map[catalog.Tier]int
	// ByWeekday counts requests by the day of the week they came in
	// (ByWeekday[time.Monday]), and ByHour by the hour of day, both in the
	// review's time zone.
	ByWeekday [7]int
	ByHour    [24]int
	// BusiestDays are the five dates with the most requests, most first.
	BusiestDays []DayIntake
}

// BusinessUnitIntake is one business unit's requests.
type BusinessUnitIntake struct {
	BusinessUnit string
	Requests     int
	Rush         int
	// Score sums intake's priority score over the unit's requests.
	Score float64
}

// DayIntake is the requests received on one date.
type DayIntake struct {
	// Date is the day's midnight in the review's time zone.
	Date     time.Time
	Requests int
}

// RushShare is the share of requests flagged rush: Rush ÷ Requests.
func (in Intake) RushShare() float64 { return ratio(in.Rush, in.Requests) }

// RushValueShare is the share of the value rush requests carry: RushScore ÷ Score.
func (in Intake) RushValueShare() float64 {
	if in.Score == 0 {
		return 0
	}
	return in.RushScore / in.Score
}

// busiestDayCount is how many dates the review names.
const busiestDayCount = 5

// Intake reports who asked for work in the period and when: the requests
// received in it that the filter keeps, with days and hours counted in loc.
func (s *Store) Intake(ctx context.Context, p Period, loc *time.Location, f Filter) (Intake, error) {
	if err := p.validate(); err != nil {
		return Intake{}, err
	}
	if err := zoneError(loc); err != nil {
		return Intake{}, err
	}
	return s.intake(ctx, p, loc, f)
}

// intake reads the requests received in the period that the filter keeps.
func (s *Store) intake(ctx context.Context, p Period, loc *time.Location, f Filter) (Intake, error) {
	from, to := p.millis()
	where, args := f.and([]any{from, to})
	in := Intake{ByTier: map[catalog.Tier]int{}}
	units := map[string]*BusinessUnitIntake{}
	days := map[time.Time]int{}
	err := s.eachRow(ctx, `SELECT t.business_unit, t.rush, t.score, t.received_at_ms, t.service_tier FROM tasks t
		WHERE t.received_at_ms >= $1 AND t.received_at_ms < $2`+where, args, func(rows *sql.Rows) error {
		var unit string
		var rush bool
		var score float64
		var received int64
		var tier catalog.Tier
		if err := rows.Scan(&unit, &rush, &score, &received, &tier); err != nil {
			return err
		}
		in.ByTier[tier]++
		u := units[unit]
		if u == nil {
			u = &BusinessUnitIntake{BusinessUnit: unit}
			units[unit] = u
		}
		u.Requests++
		u.Score += score
		in.Requests++
		in.Score += score
		if rush {
			u.Rush++
			in.Rush++
			in.RushScore += score
		}
		at := time.UnixMilli(received).In(loc)
		in.ByWeekday[at.Weekday()]++
		in.ByHour[at.Hour()]++
		days[time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)]++
		return nil
	})
	if err != nil {
		return Intake{}, fmt.Errorf("intake: %w", err)
	}
	for _, u := range units {
		in.ByBusinessUnit = append(in.ByBusinessUnit, *u)
	}
	slices.SortFunc(in.ByBusinessUnit, func(a, b BusinessUnitIntake) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.BusinessUnit, b.BusinessUnit))
	})
	for date, n := range days {
		in.BusiestDays = append(in.BusiestDays, DayIntake{Date: date, Requests: n})
	}
	slices.SortFunc(in.BusiestDays, func(a, b DayIntake) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), a.Date.Compare(b.Date))
	})
	in.BusiestDays = in.BusiestDays[:min(len(in.BusiestDays), busiestDayCount)]
	return in, nil
}
