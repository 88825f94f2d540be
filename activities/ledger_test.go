package activities

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ledger"
)

// A batch lands in one call: the fact the ledger refuses comes back with its problem,
// the others are recorded, and the same batch again (a retry) records them once.
func TestRecordFactsReturnsTheRefused(t *testing.T) {
	store, err := ledger.Open(context.Background(), ledger.Config{Path: filepath.Join(t.TempDir(), "ledger.db")})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, store.Close()) })
	env := newActivityEnv()
	env.RegisterActivity(&Ledger{Store: store})
	at := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	req := RecordFactsRequest{TaskID: "task-1", Facts: []ledger.Fact{
		{TaskID: "task-1", Milestone: "queued-1", Kind: ledger.KindQueued, At: at, Note: "in the role:reviewer queue"},
		{TaskID: "task-1", Milestone: "booked-1", Kind: ledger.KindBooked, At: at}, // names nobody
		{TaskID: "task-1", Milestone: "fallback", Kind: ledger.KindFallback, At: at, Note: "pause"},
	}}

	for range 2 {
		val, err := env.ExecuteActivity("RecordFacts", req)
		require.NoError(t, err)
		var res RecordFactsResult
		require.NoError(t, val.Get(&res))
		require.Equal(t, RecordFactsResult{Recorded: 2, Refused: []RefusedFact{{Milestone: "booked-1", Problem: "a booked fact names the Person booked"}}}, res)
	}
}
