package lanesworker

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ledger"
)

// The ledger is the SQLite default unless a variable says otherwise, and a DSN and a
// path together are refused with both names.
func TestLoadConfigReadsTheLedger(t *testing.T) {
	cfg, err := LoadConfig(env(nil))
	require.NoError(t, err)
	require.Equal(t, ledger.Config{}, cfg.Ledger, "empty: ledger.Open uses the SQLite default")

	dsn := "postgres://lanes@db.internal:5432/lanes?sslmode=require"
	cfg, err = LoadConfig(env(map[string]string{"LANES_LEDGER_DSN": dsn}))
	require.NoError(t, err)
	require.Equal(t, ledger.Config{DSN: dsn}, cfg.Ledger)

	_, err = LoadConfig(env(map[string]string{"LANES_LEDGER_DSN": dsn, "LANES_LEDGER_PATH": "facts.db"}))
	require.ErrorContains(t, err, "LANES_LEDGER_PATH: is set beside LANES_LEDGER_DSN")
}

// A ledger that cannot be opened stops start-up with an error naming the variable
// that chose it; a good one is created with its directory and migrated.
func TestOpenLedgerNamesTheVariable(t *testing.T) {
	ctx := context.Background()
	_, err := OpenLedger(ctx, ledger.Config{DSN: "postgres://lanes@127.0.0.1:1/lanes?connect_timeout=2"})
	require.ErrorContains(t, err, "open the task ledger (LANES_LEDGER_DSN)")
	_, err = OpenLedger(ctx, ledger.Config{DSN: "no such thing"})
	require.ErrorContains(t, err, "LANES_LEDGER_DSN")
	_, err = OpenLedger(ctx, ledger.Config{Path: "bad?name.db"})
	require.ErrorContains(t, err, "open the task ledger (LANES_LEDGER_PATH")

	store, err := OpenLedger(ctx, ledger.Config{Path: filepath.Join(t.TempDir(), "dev", "ledger.db")})
	require.NoError(t, err)
	require.NoError(t, store.Close())
}
