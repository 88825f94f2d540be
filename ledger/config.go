package ledger

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The databases the ledger runs on: one schema and the same queries on both.
const (
	// DriverSQLite is the embedded default: a single file, no server, no cgo.
	DriverSQLite = "sqlite"
	// DriverPostgres is for production: a PostgreSQL server reached by a DSN.
	DriverPostgres = "postgres"
)

// EnvDSN names the environment variable that carries the PostgreSQL DSN in
// production; error messages name it so an operator knows what to change.
const EnvDSN = "LANES_LEDGER_DSN"

// EnvPath names the environment variable that moves the SQLite file from its default.
const EnvPath = "LANES_LEDGER_PATH"

// DefaultSQLitePath is where the embedded ledger lives beside the dev server's data.
const DefaultSQLitePath = ".lanes/dev/ledger.db"

// Config says which database holds the ledger.
type Config struct {
	// Driver is DriverSQLite or DriverPostgres. Empty means DriverPostgres when
	// DSN is set and DriverSQLite otherwise.
	Driver string
	// Path is the SQLite file (DriverSQLite only); empty means DefaultSQLitePath.
	// Its directory is created if missing.
	Path string
	// DSN is the PostgreSQL connection string (DriverPostgres only), as a URL
	// (postgres://lanes@db.internal:5432/lanes?sslmode=require) or key=value pairs.
	DSN string
}

// ConfigError is a ledger configuration that cannot work: it names the Config
// field (and the environment variable that usually sets it) and how to fix it.
type ConfigError struct {
	// Field is the Config field at fault: "Driver", "Path" or "DSN".
	Field string
	// Problem says what is wrong with it and how to fix it.
	Problem string
}

// Error says which field is wrong and how to fix it.
func (e *ConfigError) Error() string {
	return "ledger config: " + e.Field + ": " + e.Problem
}

// resolved fills in the defaults and checks that the fields fit together.
func (c Config) resolved() (Config, error) {
	if c.Driver == "" {
		c.Driver = DriverSQLite
		if c.DSN != "" {
			c.Driver = DriverPostgres
		}
	}
	switch c.Driver {
	case DriverSQLite:
		if c.DSN != "" {
			return c, &ConfigError{Field: "DSN", Problem: "is set but Driver is " + DriverSQLite + "; unset the DSN (" + EnvDSN + ") to use the SQLite file, or set Driver to " + DriverPostgres}
		}
		if c.Path == "" {
			c.Path = DefaultSQLitePath
		}
		if strings.ContainsAny(c.Path, "?#") {
			return c, &ConfigError{Field: "Path", Problem: fmt.Sprintf("%q holds '?' or '#', which the SQLite driver would read as options; choose a file name without them", c.Path)}
		}
	case DriverPostgres:
		if c.Path != "" {
			return c, &ConfigError{Field: "Path", Problem: "is set but Driver is " + DriverPostgres + "; a PostgreSQL ledger is named by its DSN alone, so leave Path empty"}
		}
		if c.DSN == "" {
			return c, &ConfigError{Field: "DSN", Problem: "is empty; set " + EnvDSN + " to a PostgreSQL connection string such as postgres://lanes@db.internal:5432/lanes?sslmode=require"}
		}
		// pgx redacts the password in its parse errors, so the message is safe to log.
		if _, err := pgx.ParseConfig(c.DSN); err != nil {
			return c, &ConfigError{Field: "DSN", Problem: "is not a PostgreSQL connection string (" + err.Error() + "); set " + EnvDSN + " to a URL such as postgres://lanes@db.internal:5432/lanes?sslmode=require or key=value pairs such as host=db.internal dbname=lanes"}
		}
	default:
		return c, &ConfigError{Field: "Driver", Problem: fmt.Sprintf("%q is not a ledger driver; use %q (with Path) or %q (with DSN)", c.Driver, DriverSQLite, DriverPostgres)}
	}
	return c, nil
}
