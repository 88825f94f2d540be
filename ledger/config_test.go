package ledger

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenRefusesBadConfig(t *testing.T) {
	notADirectory := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(notADirectory, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		cfg   Config
		field string
		says  []string
	}{
		{"unknown driver", Config{Driver: "mysql"}, "Driver", []string{`"mysql"`, DriverSQLite, DriverPostgres}},
		{"a DSN on SQLite", Config{Driver: DriverSQLite, DSN: "host=db"}, "DSN", []string{EnvDSN}},
		{"a path on PostgreSQL", Config{Driver: DriverPostgres, Path: "x.db", DSN: "host=db"}, "Path", []string{"leave Path empty"}},
		{"PostgreSQL without a DSN", Config{Driver: DriverPostgres}, "DSN", []string{EnvDSN, "postgres://"}},
		{"a DSN that is not one", Config{DSN: "postgres://lanes:secret@db:notaport/lanes"}, "DSN", []string{EnvDSN}},
		{"a SQLite path with options in it", Config{Path: "ledger.db?mode=ro"}, "Path", []string{"'?'"}},
		{"a SQLite path that cannot be made", Config{Path: filepath.Join(notADirectory, "ledger.db")}, "Path", []string{"writable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.cfg)
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded")
			}
			var cfgErr *ConfigError
			if !errors.As(err, &cfgErr) || cfgErr.Field != tt.field {
				t.Fatalf("Open: %v; want a ConfigError naming %s", err, tt.field)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Open: %v; want it to say %s", err, s)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("Open: %v; the error shows the DSN's password", err)
			}
		})
	}
}

func TestOpenNamesTheVariableWhenPostgresIsUnreachable(t *testing.T) {
	// Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := Open(ctx, Config{DSN: "postgres://lanes:secret@127.0.0.1:1/lanes?sslmode=disable&connect_timeout=5"})
	if err == nil || !strings.Contains(err.Error(), EnvDSN) || strings.Contains(err.Error(), "secret") {
		t.Fatalf("Open on an unreachable server: %v; want an error naming %s without the password", err, EnvDSN)
	}
}

func TestFactsThatCannotBeRecorded(t *testing.T) {
	at := march(2, 9, 0)
	tests := []struct {
		name string
		fact Fact
		says string
	}{
		{"no task", Fact{Milestone: "m", Kind: KindQueued, At: at}, "TaskID"},
		{"no milestone", Fact{TaskID: "t", Kind: KindQueued, At: at}, "Milestone"},
		{"no time", Fact{TaskID: "t", Milestone: "m", Kind: KindQueued}, "At"},
		{"unknown kind", Fact{TaskID: "t", Milestone: "m", Kind: "paused", At: at}, `"paused"`},
		{"details missing", Fact{TaskID: "t", Milestone: "m", Kind: KindClosed, At: at}, "needs Closure"},
		{"details of another kind", Fact{TaskID: "t", Milestone: "m", Kind: KindQueued, At: at, Closure: &Closure{Outcome: OutcomeCompleted}}, "belongs in a closed fact"},
		{"booked without a person", Fact{TaskID: "t", Milestone: "m", Kind: KindBooked, At: at}, "Person"},
		{"escalation level 4", Fact{TaskID: "t", Milestone: "m", Kind: KindEscalated, At: at, Escalation: &Escalation{Trigger: TriggerBreach, Level: 4}}, "Level"},
		{"escalation on mood", Fact{TaskID: "t", Milestone: "m", Kind: KindEscalated, At: at, Escalation: &Escalation{Trigger: "mood", Level: 1}}, "Trigger"},
		{"clock without an outcome", Fact{TaskID: "t", Milestone: "m", Kind: KindSLAClock, At: at, Clock: &SLAClock{Name: ClockResponse}}, "Outcome"},
	}
	s := open(t, Config{Path: filepath.Join(t.TempDir(), "ledger.db")})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Record(context.Background(), tt.fact)
			var factErr *FactError
			if !errors.As(err, &factErr) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("Record: %v; want a FactError that says %s", err, tt.says)
			}
		})
	}
}

func TestPeriodsThatCannotBeReported(t *testing.T) {
	s := open(t, Config{Path: filepath.Join(t.TempDir(), "ledger.db")})
	tests := []struct {
		name   string
		period Period
		field  string
	}{
		{"no start", Period{To: march2026.To}, "From"},
		{"no end", Period{From: march2026.From}, "To"},
		{"inverted", Period{From: march2026.To, To: march2026.From}, "To"},
		{"longer than one report reads", Period{From: march2026.From, To: march2026.From.Add(MaxPeriod + time.Hour)}, "To"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.FlowTimes(context.Background(), tt.period, Filter{})
			var periodErr *PeriodError
			if !errors.As(err, &periodErr) || periodErr.Field != tt.field {
				t.Fatalf("FlowTimes: %v; want a PeriodError naming %s", err, tt.field)
			}
		})
	}
}
