package ledger

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// ledgerTests run on both databases: the same schema and queries must give the
// same answers on SQLite and on PostgreSQL.
var ledgerTests = []struct {
	name string
	run  func(t *testing.T, cfg Config)
}{
	{"migrations apply on open and again on re-open", testMigrationsOnOpen},
	{"a ledger migrated by a newer Lanes is refused", testNewerSchemaRefused},
	{"a reader opens only a ledger at its schema, migrating nothing", testOpenToRead},
	{"a retried fact counts once", testRetriedFactCountsOnce},
	{"concurrent writers of one milestone record it once", testConcurrentRetries},
	{"a batch is one write, its refused facts left out", testBatchRecordsOnce},
	{"holders run from booking to handoff to close", testHolderTimes},
	{"flow times", testFlowTimes},
	{"SLA attainment", testSLAAttainment},
	{"automation rates", testAutomationRates},
	{"weekly throughput and backlog", testWeeklyFlow},
	{"breaches", testBreaches},
	{"exceptions by executor action", testExceptions},
	{"handoffs, escalations, touches and rework", testHandling},
	{"actual hours against estimates", testActualHours},
	{"who held how many tasks when", testHoldings},
	{"weekly demand", testDemand},
	{"monthly review", testReview},
	{"monthly review refuses a bad month or zone", testReviewRefusesBadInput},
}

func TestLedger(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		for _, lt := range ledgerTests {
			t.Run(lt.name, func(t *testing.T) {
				lt.run(t, Config{Driver: DriverSQLite, Path: filepath.Join(t.TempDir(), "ledger.db")})
			})
		}
	})
	t.Run("postgres", func(t *testing.T) {
		cluster := startPostgres(t)
		for _, lt := range ledgerTests {
			t.Run(lt.name, func(t *testing.T) { lt.run(t, cluster.freshLedger(t)) })
		}
	})
}

// open opens the ledger and closes it when the test ends.
func open(t testing.TB, cfg Config) *Store {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// count runs a COUNT(*) query on the ledger's own tables.
func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func testMigrationsOnOpen(t *testing.T, cfg Config) {
	first := open(t, cfg)
	applied := count(t, first, "SELECT COUNT(*) FROM "+schemaVersionTable)
	if applied < 2 { // goose's version 0 and the first migration
		t.Fatalf("after the first open, %d schema versions are recorded, want the initial one and migration 1", applied)
	}
	task := newScript("task-kept", "utm-naming-validation", "marketing-ops", "automated", 20, march(2, 9, 0))
	recordAll(t, first, task.facts)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	again := open(t, cfg)
	if got := count(t, again, "SELECT COUNT(*) FROM "+schemaVersionTable); got != applied {
		t.Errorf("re-open recorded %d schema versions, want the same %d: migrations ran twice", got, applied)
	}
	if got := count(t, again, "SELECT COUNT(*) FROM milestones WHERE task_id = $1", "task-kept"); got != 1 {
		t.Errorf("after re-open the ledger holds %d milestones of task-kept, want 1", got)
	}
}

func testNewerSchemaRefused(t *testing.T, cfg Config) {
	s := open(t, cfg)
	if _, err := s.db.Exec("INSERT INTO "+schemaVersionTable+" (version_id, is_applied) VALUES ($1, $2)", 99, true); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "schema version 99") || !strings.Contains(err.Error(), "newer Lanes") {
		t.Fatalf("Open on a ledger at schema version 99: %v; want a refusal naming the version and a newer Lanes", err)
	}
}

func testOpenToRead(t *testing.T, cfg Config) {
	// A database the workers never migrated: refused, and left as it was.
	_, err := OpenToRead(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "schema version 0, and this Lanes reads version") || !strings.Contains(err.Error(), "start this version's worker") {
		t.Fatalf("OpenToRead on an empty database: %v; want a refusal saying to start the worker first", err)
	}
	s := open(t, cfg) // the worker's Open migrates
	if n := count(t, s, "SELECT COUNT(*) FROM tasks"); n != 0 {
		t.Fatalf("tasks: %d rows; want none", n)
	}
	reader, err := OpenToRead(context.Background(), cfg)
	if err != nil {
		t.Fatalf("OpenToRead on a migrated ledger: %v", err)
	}
	defer func() { _ = reader.Close() }()
	if _, err := reader.FlowTimes(context.Background(), Period{From: time.Unix(0, 0), To: time.Unix(1, 0)}, Filter{}); err != nil {
		t.Fatalf("a read through the reader: %v", err)
	}
	if _, err := s.db.Exec("INSERT INTO "+schemaVersionTable+" (version_id, is_applied) VALUES ($1, $2)", 99, true); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenToRead(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "newer Lanes") {
		t.Fatalf("OpenToRead on a ledger at schema version 99: %v; want a refusal naming a newer Lanes", err)
	}
}

func testRetriedFactCountsOnce(t *testing.T, cfg Config) {
	s := open(t, cfg)
	task := newScript("task-retried", "utm-naming-validation", "marketing-ops", "automated", 20, march(2, 9, 0))
	task.automation("utm-validate", false, march(2, 9, 1))
	task.closed(OutcomeCompleted, true, 0, march(2, 9, 2))
	recordAll(t, s, task.facts)
	recordAll(t, s, task.facts)
	// A retry that carries other values under the same key is still the first write.
	changed := task.facts[len(task.facts)-1]
	changed.Closure = &Closure{Outcome: OutcomeCancelled}
	recordAll(t, s, []Fact{changed})

	for _, c := range []struct {
		table string
		want  int
	}{{"milestones", 3}, {"tasks", 1}, {"automation_attempts", 1}} {
		if got := count(t, s, "SELECT COUNT(*) FROM "+c.table); got != c.want {
			t.Errorf("%s holds %d rows, want %d", c.table, got, c.want)
		}
	}
	rates, err := s.AutomationRates(context.Background(), march2026, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 1 || rates[0].Completed != 1 || rates[0].ByAutomation != 1 || rates[0].ManualMinutesSaved != 20 {
		t.Errorf("after each fact was recorded twice, automation rates = %+v, want one task closed by automation saving 20 minutes", rates)
	}
	keys, err := s.Milestones(context.Background(), "task-retried")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || !keys["classified-1"] || !keys["automation-2"] || !keys["closed-3"] {
		t.Errorf("the task's milestones are %v, want the script's three keys, once each", keys)
	}
}

func testConcurrentRetries(t *testing.T, cfg Config) {
	s := open(t, cfg)
	task := newScript("task-raced", "creative-stakeholder-review", "creative", "human", 90, march(2, 9, 0))
	task.booked("ana", march(2, 9, 30))
	recordAll(t, s, task.facts[:1])
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() { errs <- s.Record(context.Background(), task.facts[1]) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Record: %v", err)
		}
	}
	if got := count(t, s, "SELECT COUNT(*) FROM holders"); got != 1 {
		t.Errorf("four writers of one booking left %d holder rows, want 1", got)
	}
}

func testHolderTimes(t *testing.T, cfg Config) {
	s := open(t, cfg)
	task := newScript("task-handed-back", "creative-stakeholder-review", "creative", "human", 90, march(3, 9, 0))
	task.booked("ben", march(3, 9, 10))
	task.handoff(HandoffHandBack, "ben", "", "", march(3, 10, 0))
	task.booked("ana", march(3, 11, 0))
	task.handoff(HandoffReassign, "ana", "cy", "", march(3, 12, 0))
	task.closed(OutcomeCompleted, false, 0, march(3, 17, 0))
	recordAll(t, s, task.facts)

	rows, err := s.db.Query("SELECT person, held_from_ms, held_to_ms FROM holders ORDER BY held_from_ms")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	var got []string
	for rows.Next() {
		var person string
		var from, to int64
		if err := rows.Scan(&person, &from, &to); err != nil {
			t.Fatal(err)
		}
		got = append(got, person+" "+clock(from)+"–"+clock(to))
	}
	want := []string{"ben 09:10–10:00", "ana 11:00–12:00", "cy 12:00–17:00"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("holders = %v, want %v", got, want)
	}
}

// clock prints a stored time as the test zone's wall clock.
func clock(millis int64) string {
	return time.UnixMilli(millis).In(testZone).Format("15:04")
}
