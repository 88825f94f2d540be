package activities

import (
	"context"
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/ledger"
)

// ErrLedgerNotConfigured means the worker runs the ledger activity without a store: a
// wiring mistake, which a retry does not fix on this worker but may on another.
const ErrLedgerNotConfigured = "LedgerNotConfigured"

// Ledger is the activity struct that writes tasks' facts to the task ledger; the
// workflow calls (*Ledger).RecordFacts.
type Ledger struct {
	// Store is the ledger the worker opened at start-up.
	Store *ledger.Store
}

// RecordFactsRequest is the facts one task decided and has not written yet, in the
// order they happened; each carries its task and milestone key.
type RecordFactsRequest struct {
	TaskID string        `json:"taskId"`
	Facts  []ledger.Fact `json:"facts"`
}

// RecordFactsResult says what became of the facts: all are in the ledger (written now
// or by an earlier attempt) but those Refused, which the ledger can never take.
type RecordFactsResult struct {
	Recorded int           `json:"recorded"`
	Refused  []RefusedFact `json:"refused,omitempty"`
}

// RefusedFact is a fact the ledger will not record, and why: a fault in the
// workflow's fact, which retrying cannot fix.
type RefusedFact struct {
	Milestone string `json:"milestone"`
	Problem   string `json:"problem"`
}

// RecordFacts writes the facts in order, each in its own transaction keyed by task
// and milestone, so a retry after a lost answer (or a write cut off half-way) adds
// nothing twice. A database error ends the attempt; Temporal retries it until the
// database is back. A fact the ledger refuses is returned, not retried, so it cannot
// hold back the task's later facts.
func (l *Ledger) RecordFacts(ctx context.Context, req RecordFactsRequest) (RecordFactsResult, error) {
	if l.Store == nil {
		return RecordFactsResult{}, temporal.NewApplicationError("the worker runs the ledger activity without a ledger store", ErrLedgerNotConfigured)
	}
	var res RecordFactsResult
	for _, f := range req.Facts {
		err := l.Store.Record(ctx, f)
		var refused *ledger.FactError
		switch {
		case errors.As(err, &refused):
			res.Refused = append(res.Refused, RefusedFact{Milestone: f.Milestone, Problem: refused.Problem})
		case err != nil:
			return RecordFactsResult{}, err
		default:
			res.Recorded++
		}
	}
	return res, nil
}
