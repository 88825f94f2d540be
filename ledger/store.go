// Package ledger is Lanes' own relational store of task facts: the read model
// that leaders' numbers come from (DOMAIN.md §9 and §11). Temporal stays the
// source of truth; each task writes what happened at its milestones here, once,
// so a month's review or a quarter's SLA attainment can be summed and grouped
// long after Temporal's retention has forgotten the closed tasks.
//
// The ledger runs on an embedded SQLite file by default and on PostgreSQL in
// production, with one schema, versioned migrations applied by Open, and the
// same queries on both.
package ledger

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	// The database/sql drivers: pgx for PostgreSQL and modernc's pure-Go SQLite, so
	// the worker still builds without cgo.
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// schemaVersionTable is goose's record of the migrations applied, named for the ledger
// so it cannot be mistaken for another tool's table in a shared database.
const schemaVersionTable = "ledger_schema_versions"

// sqliteOptions wait for a busy file rather than fail, let readers run beside a
// writer (WAL), enforce the milestone foreign keys, and take the write lock when a
// transaction begins, so two writers queue instead of deadlocking on upgrade.
const sqliteOptions = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"

// connectTimeout bounds the first contact with the database, so a wrong host stops
// start-up with an error instead of hanging it.
const connectTimeout = 15 * time.Second

// Store is an open ledger. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// Open connects to the ledger that cfg names, applies any migrations it lacks,
// and refuses a ledger migrated by a newer Lanes. A bad Config is a *ConfigError
// naming the field.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	return openWith(ctx, cfg, migrate)
}

// OpenToRead connects to the ledger that cfg names for reports and pages: it
// applies no migration (the workers own the schema; a reader run from a laptop
// must not change a production database ahead of them) and refuses a ledger at
// another schema version than this Lanes reads, saying which side to update.
func OpenToRead(ctx context.Context, cfg Config) (*Store, error) {
	return openWith(ctx, cfg, func(ctx context.Context, db *sql.DB, driver string) error {
		provider, err := migrations(db, driver)
		if err != nil {
			return err
		}
		return schemaReadable(ctx, provider)
	})
}

// openWith connects and runs check on the schema (migrate it, or read its version)
// before the store is handed out.
func openWith(ctx context.Context, cfg Config, check func(context.Context, *sql.DB, string) error) (*Store, error) {
	cfg, err := cfg.resolved()
	if err != nil {
		return nil, err
	}
	db, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := check(ctx, db, cfg.Driver); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return &Store{db: db}, nil
}

// schemaReadable accepts a ledger at exactly the newest schema this Lanes knows.
func schemaReadable(ctx context.Context, provider *goose.Provider) error {
	current, err := provider.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("ledger: read the schema version: %w", err)
	}
	sources := provider.ListSources()
	switch newest := sources[len(sources)-1].Version; {
	case current > newest:
		return newerSchema(current, newest)
	case current < newest:
		return fmt.Errorf("ledger: the database is at schema version %d, and this Lanes reads version %d: start this version's worker, which migrates the ledger at start-up, then read it again", current, newest)
	}
	return nil
}

func newerSchema(current, newest int64) error {
	return fmt.Errorf("ledger: the database is at schema version %d, but this Lanes knows versions up to %d: a newer Lanes migrated it; run that version, or point the ledger at another database", current, newest)
}

// Close releases the ledger's connections.
func (s *Store) Close() error {
	return s.db.Close()
}

// connect opens the database and checks that it answers.
func connect(ctx context.Context, cfg Config) (*sql.DB, error) {
	var db *sql.DB
	var err error
	var where string
	switch cfg.Driver {
	case DriverSQLite:
		if mkErr := os.MkdirAll(filepath.Dir(cfg.Path), 0o755); mkErr != nil {
			return nil, &ConfigError{Field: "Path", Problem: fmt.Sprintf("cannot create the directory of %q (%v); choose a writable place for the ledger file", cfg.Path, mkErr)}
		}
		db, err = sql.Open("sqlite", cfg.Path+sqliteOptions)
		where = "the SQLite ledger " + cfg.Path
	case DriverPostgres:
		db, err = sql.Open("pgx", cfg.DSN)
		where = "the PostgreSQL ledger named by " + EnvDSN
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: open %s: %w", where, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		return nil, errors.Join(fmt.Errorf("ledger: connect to %s: %w", where, err), db.Close())
	}
	return db, nil
}

// migrate brings the schema up to the newest embedded migration. On PostgreSQL an
// advisory lock lets several workers start at once without racing.
func migrate(ctx context.Context, db *sql.DB, driver string) error {
	provider, err := migrations(db, driver)
	if err != nil {
		return err
	}
	current, err := provider.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("ledger migrations: read the schema version: %w", err)
	}
	sources := provider.ListSources()
	if newest := sources[len(sources)-1].Version; current > newest {
		return newerSchema(current, newest)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("ledger migrations: %w", err)
	}
	return nil
}

// migrations is goose's view of the ledger's embedded migrations on db.
func migrations(db *sql.DB, driver string) (*goose.Provider, error) {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("ledger migrations: %w", err)
	}
	dialect := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithTableName(schemaVersionTable), goose.WithDisableGlobalRegistry(true)}
	if driver == DriverPostgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("ledger migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	provider, err := goose.NewProvider(dialect, db, files, opts...)
	if err != nil {
		return nil, fmt.Errorf("ledger migrations: %w", err)
	}
	return provider, nil
}
