package activities

import (
	"context"

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

// RecordFacts writes the facts in order in one transaction, each keyed by task and
// milestone, so a retry after a lost answer (or a write cut off half-way) adds
// nothing twice. The task calls it first as a local activity, within the workflow
// task that decided the facts, and as a regular activity retried from the server
// only when that fails. A database error ends the attempt; a fact the ledger
// refuses is returned, not retried, so it cannot hold back the task's later facts.
func (l *Ledger) RecordFacts(ctx context.Context, req RecordFactsRequest) (RecordFactsResult, error) {
	if l.Store == nil {
		return RecordFactsResult{}, temporal.NewApplicationError("the worker runs the ledger activity without a ledger store", ErrLedgerNotConfigured)
	}
	refused, err := l.Store.RecordAll(ctx, req.Facts)
	if err != nil {
		return RecordFactsResult{}, err
	}
	res := RecordFactsResult{Recorded: len(req.Facts) - len(refused)}
	for _, r := range refused {
		res.Refused = append(res.Refused, RefusedFact{Milestone: r.Milestone, Problem: r.Problem})
	}
	return res, nil
}
