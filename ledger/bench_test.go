package ledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// benchTasks is the ledger's size in the review benchmark (issue 14: the
// monthly review's p50 under 300 ms over 100,000 tasks), spread over 2026 so
// the month reviewed holds about a twelfth of them.
const benchTasks = 100_000

// BenchmarkReview times the monthly review of June 2026 over a ledger of
// benchTasks generated tasks, on SQLite and on PostgreSQL when it is installed,
// and reports the p50 of the calls.
func BenchmarkReview(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		benchReview(b, Config{Driver: DriverSQLite, Path: filepath.Join(b.TempDir(), "ledger.db")})
	})
	b.Run("postgres", func(b *testing.B) { benchReview(b, startPostgres(b).freshLedger(b)) })
}

func benchReview(b *testing.B, cfg Config) {
	benchRead(b, cfg, func(s *Store, types *catalog.Catalog) error {
		_, err := s.Review(context.Background(), "2026-06", testZone, Filter{}, types)
		return err
	})
}

// BenchmarkActualHours times the dashboard's and the capacity report's read of
// actual against estimated hours over 30 days, over the same ledger as BenchmarkReview.
func BenchmarkActualHours(b *testing.B) {
	june := Period{From: time.Date(2026, time.June, 1, 0, 0, 0, 0, testZone), To: time.Date(2026, time.July, 1, 0, 0, 0, 0, testZone)}
	read := func(s *Store, _ *catalog.Catalog) error {
		_, err := s.ActualHours(context.Background(), june, Filter{})
		return err
	}
	b.Run("sqlite", func(b *testing.B) {
		benchRead(b, Config{Driver: DriverSQLite, Path: filepath.Join(b.TempDir(), "ledger.db")}, read)
	})
	b.Run("postgres", func(b *testing.B) { benchRead(b, startPostgres(b).freshLedger(b), read) })
}

// benchRead fills a ledger with benchTasks generated tasks, then times read and
// reports the p50 of its calls.
func benchRead(b *testing.B, cfg Config, read func(*Store, *catalog.Catalog) error) {
	types, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	s := open(b, cfg)
	started := time.Now()
	if err := generate(context.Background(), s, types, benchTasks); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d tasks generated in %s", benchTasks, time.Since(started).Round(time.Millisecond))
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := read(s, types); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[(len(took)-1)/2].Microseconds())/1000, "p50-ms")
}

// generate records n tasks of the catalog's types received through 2026, in
// transactions of a thousand tasks each through the ledger's own write path,
// so the derived tables hold what real facts would have made of them.
func generate(ctx context.Context, s *Store, types *catalog.Catalog, n int) error {
	rng := rand.New(rand.NewPCG(14, 2026))
	year := time.Date(2026, time.January, 1, 0, 0, 0, 0, testZone)
	step := time.Date(2027, time.January, 1, 0, 0, 0, 0, testZone).Sub(year) / time.Duration(n)
	for first := 0; first < n; first += 1000 {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for i := first; i < min(first+1000, n); i++ {
			t := types.TaskTypes[rng.IntN(len(types.TaskTypes))]
			for _, f := range generated(rng, t, i, year.Add(time.Duration(i)*step)).facts {
				if err := record(ctx, tx, f); err != nil {
					return errors.Join(err, tx.Rollback())
				}
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// generated is one task's life, drawn at random in the proportions a busy team
// might see: most work done first time, some automation failing over to people,
// some handed back, escalated or re-scored, a few cancelled or still open.
func generated(rng *rand.Rand, t catalog.TaskType, i int, received time.Time) *script {
	task := newScript(fmt.Sprintf("task-%d", i), t.ID, t.Team, t.Lane, t.ManualMinutes, received)
	task.brief([]string{"brand", "growth", "paid", "lifecycle", ""}[rng.IntN(5)], rng.IntN(5) == 0,
		float64(rng.IntN(100))/10, fmt.Sprintf("campaign-%d", rng.IntN(3000)))
	at := received.Add(time.Duration(1+rng.IntN(30)) * time.Minute)
	person := func() string { return fmt.Sprintf("person-%d", rng.IntN(25)) }
	if t.Automation != nil {
		failed := rng.IntN(10) == 0
		task.automation(t.Automation.Action, failed, at)
		if !failed && t.Lane == catalog.LaneAutomated {
			task.acknowledged("", at)
			task.closed(OutcomeCompleted, true, 0, at.Add(time.Minute))
			return task
		}
		if failed {
			task.escalation(1, 1, TriggerRepeatedFailure, at)
			task.handoff(HandoffReroute, "", "", catalog.LaneHuman, at)
		}
	}
	holder := person()
	task.booked(holder, at.Add(10*time.Minute))
	task.acknowledged(holder, at.Add(20*time.Minute))
	if rng.IntN(10) == 0 {
		task.handoff(HandoffHandBack, holder, "", "", at.Add(time.Hour))
		holder = person()
		task.booked(holder, at.Add(2*time.Hour))
	}
	if rng.IntN(12) == 0 {
		task.sla(ClockResolution, ClockBreached, at.Add(3*time.Hour))
		task.escalation(2, 1, TriggerBreach, at.Add(3*time.Hour))
		task.escalation(2, 1+rng.IntN(3), TriggerBreach, at.Add(4*time.Hour))
	} else {
		task.sla(ClockResolution, ClockMet, at.Add(3*time.Hour))
	}
	switch done := at.Add(time.Duration(4+rng.IntN(48)) * time.Hour); rng.IntN(50) {
	case 0:
		task.closed(OutcomeCancelled, false, 0, done)
	case 1: // still open
	default:
		task.completedWithHours(float64(t.ManualMinutes)/60*(0.5+rng.Float64()), done)
	}
	return task
}
