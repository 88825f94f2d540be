package ledger

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
)

// A task's actions, accepted and refused, land in the actions table with the
// identity each came through, on both databases.
func TestLedgerRecordsActionsWithTheirIdentity(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		testActionsRecorded(t, Config{Driver: DriverSQLite, Path: filepath.Join(t.TempDir(), "ledger.db")})
	})
	t.Run("postgres", func(t *testing.T) {
		testActionsRecorded(t, startPostgres(t).freshLedger(t))
	})
}

func testActionsRecorded(t *testing.T, cfg Config) {
	s := open(t, cfg)
	task := newScript("task-acted", "creative-stakeholder-review", "creative", "human", 60, march(3, 9, 0))
	task.add(Fact{Kind: KindAction, At: march(3, 9, 5), Action: &Action{
		Name: "complete", Actor: "maya", IdentityKind: IdentitySystem, System: "jira", Reason: "actor: only the assignee, ben, may complete the task",
	}})
	task.add(Fact{Kind: KindAction, At: march(3, 9, 10), Action: &Action{
		Name: "acknowledge", Actor: "ben", IdentityKind: IdentityPerson, Subject: "00u1ben", Issuer: "https://login.example.com", Accepted: true,
	}})
	task.add(Fact{Kind: KindAction, At: march(3, 9, 20), Action: &Action{Name: "resume", Actor: "ops", IdentityKind: IdentityOperator, Accepted: true}})
	recordAll(t, s, task.facts)
	recordAll(t, s, task.facts) // a retried write adds nothing

	rows, err := s.db.Query(`SELECT action, actor, identity_kind, identity_subject, identity_issuer, identity_system, accepted, reason
		FROM actions WHERE task_id = $1 ORDER BY at_ms`, task.taskID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var action, actor, kind, subject, issuer, system, reason string
		var accepted int
		if err := rows.Scan(&action, &actor, &kind, &subject, &issuer, &system, &accepted, &reason); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{action, actor, kind, subject, issuer, system, map[int]string{0: "refused", 1: "accepted"}[accepted], reason}, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"complete|maya|system|||jira|refused|actor: only the assignee, ben, may complete the task",
		"acknowledge|ben|person|00u1ben|https://login.example.com||accepted|",
		"resume|ops|operator||||accepted|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("actions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An action fact without its details, without a name or with an unknown identity is
// refused naming the field, and writes nothing.
func TestLedgerRefusesMalformedActions(t *testing.T) {
	s := open(t, Config{Driver: DriverSQLite, Path: filepath.Join(t.TempDir(), "ledger.db")})
	at := march(3, 9, 0)
	for _, tc := range []struct {
		fact Fact
		want string
	}{
		{Fact{Kind: KindAction, At: at}, "an action fact needs Action"},
		{Fact{Kind: KindAction, At: at, Action: &Action{IdentityKind: IdentityOperator}}, "Action.Name is empty"},
		{Fact{Kind: KindAction, At: at, Action: &Action{Name: "approve", IdentityKind: "admin"}}, `Action.IdentityKind "admin" is not person, system or operator`},
		{Fact{Kind: KindAcknowledged, At: at, Person: "ben", Action: &Action{Name: "acknowledge", IdentityKind: IdentityOperator}}, "carries Action, which belongs in an action fact"},
	} {
		tc.fact.TaskID, tc.fact.Milestone = "task-bad", "action-1"
		err := s.Record(context.Background(), tc.fact)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Record(%+v) = %v, want an error containing %q", tc.fact, err, tc.want)
		}
	}
	if got := count(t, s, "SELECT COUNT(*) FROM milestones"); got != 0 {
		t.Errorf("refused facts left %d milestones", got)
	}
}

// A ledger created before the actions table (schema version 1), with facts in it,
// gains the table on open and keeps its facts.
func TestLedgerOfVersionOneGainsTheActionsTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := sql.Open("sqlite", "file:"+path+sqliteOptions)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	provider, err := goose.NewProvider(goose.DialectSQLite3, db, files, goose.WithTableName(schemaVersionTable), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := provider.UpTo(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO milestones (task_id, milestone_key, kind, at_ms) VALUES ('task-old', 'queued-1', 'queued', 1)`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s := open(t, Config{Driver: DriverSQLite, Path: path})
	recordAll(t, s, []Fact{{TaskID: "task-old", Milestone: "action-1", Kind: KindAction, At: march(3, 9, 0),
		Action: &Action{Name: "resume", Actor: "ops", IdentityKind: IdentityOperator, Accepted: true}}})
	if got := count(t, s, "SELECT COUNT(*) FROM milestones WHERE task_id = 'task-old'"); got != 2 {
		t.Errorf("task-old has %d milestones after the upgrade, want its old one and the action", got)
	}
	if got := count(t, s, "SELECT COUNT(*) FROM actions"); got != 1 {
		t.Errorf("%d actions recorded, want 1", got)
	}
}
