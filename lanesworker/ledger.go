package lanesworker

import (
	"context"
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/ledger"
)

// LedgerFromEnv reads which database holds the task ledger: PostgreSQL when
// LANES_LEDGER_DSN is set, otherwise the SQLite file LANES_LEDGER_PATH (empty is
// ledger.DefaultSQLitePath). The worker and starter's ledger commands read it alike,
// so both reach the same ledger.
func LedgerFromEnv(getenv func(string) string) (ledger.Config, error) {
	c := ledger.Config{DSN: strings.TrimSpace(getenv(ledger.EnvDSN)), Path: strings.TrimSpace(getenv(ledger.EnvPath))}
	if c.DSN != "" && c.Path != "" {
		return ledger.Config{}, fmt.Errorf("%s: is set beside %s; set %s for a PostgreSQL ledger or %s for a SQLite file, not both", ledger.EnvPath, ledger.EnvDSN, ledger.EnvDSN, ledger.EnvPath)
	}
	return c, nil
}

// OpenLedger opens the task ledger and applies its migrations; its errors say which
// variable chose the database, so an operator knows what to change.
func OpenLedger(ctx context.Context, cfg ledger.Config) (*ledger.Store, error) {
	store, err := ledger.Open(ctx, cfg)
	return store, ledgerError(cfg, err)
}

// OpenLedgerToRead opens the task ledger for reports and the dashboard, without
// migrating it (the workers do), with the same errors naming the variable.
func OpenLedgerToRead(ctx context.Context, cfg ledger.Config) (*ledger.Store, error) {
	store, err := ledger.OpenToRead(ctx, cfg)
	return store, ledgerError(cfg, err)
}

func ledgerError(cfg ledger.Config, err error) error {
	if err == nil {
		return nil
	}
	chosenBy := ledger.EnvDSN
	if cfg.DSN == "" {
		chosenBy = ledger.EnvPath + ", default " + ledger.DefaultSQLitePath
	}
	return fmt.Errorf("open the task ledger (%s): %w", chosenBy, err)
}
