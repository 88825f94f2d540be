package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/ledger"
)

// Bounds of the ledger outbox: a task writes a few facts per event, so a batch
// holds what a busy moment decides, and the outbox what piles up while the
// database is down for a long time without the task's state growing without end.
const (
	maxFactsPerWrite = 50
	maxPendingFacts  = 200
)

// ledgerWriteTimeout bounds one write of a batch: each fact is one short transaction,
// and a locked SQLite file gives up after its busy timeout of 10 s.
const ledgerWriteTimeout = 30 * time.Second

// ledgerOutbox is the task's facts for the ledger (the leaders' read model), decided
// in the order they happened and not yet written. One write is in flight at a time
// and takes every fact pending (up to a batch), so a task adds a few events for its
// whole run rather than one activity per milestone; while the database is down the
// write retries with backoff and the task goes on, its facts kept here until they land.
type ledgerOutbox struct {
	on      bool // the run records facts: it started on code that has the ledger
	taskID  string
	pending []ledger.Fact       // in order; the first ones may be in the write in flight
	counts  map[ledger.Kind]int // facts numbered so far per kind, for keys like booked-2
	holder  string              // the person the ledger last heard holds the task
	dropped int                 // facts left out because the outbox was full
	logger  log.Logger
}

// open decides, once for the run, whether the task records its facts: runs started
// before the ledger existed do not, to their end. A recording run starts the writer,
// on a context a cancellation does not reach, so a cancelled task's facts land too.
func (o *ledgerOutbox) open(ctx workflow.Context, taskID string, logger log.Logger) {
	if workflow.GetVersion(ctx, versionTaskLedger, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	o.on, o.taskID, o.counts, o.logger = true, taskID, map[ledger.Kind]int{}, logger
	wctx, _ := workflow.NewDisconnectedContext(ctx)
	workflow.Go(wctx, o.write)
}

// add queues a fact. A fact without a milestone key gets its kind's next number
// (booked-1, handoff-2), which replays give again, so a retried write finds its rows.
// The booking of the person the ledger already has holding the task is no news.
func (o *ledgerOutbox) add(now time.Time, f ledger.Fact) {
	if !o.on || (f.Kind == ledger.KindBooked && f.Person == o.holder) {
		return
	}
	if len(o.pending) >= maxPendingFacts && f.Kind != ledger.KindClosed {
		o.dropped++ // the close is kept: it is what the numbers count a task by
		o.logger.Warn("Ledger outbox full while the ledger is unreachable; fact left out", "kind", f.Kind, "dropped", o.dropped)
		return
	}
	switch f.Kind {
	case ledger.KindBooked:
		o.holder = f.Person
	case ledger.KindHandoff:
		o.holder = f.Handoff.To
	}
	if f.Milestone == "" {
		o.counts[f.Kind]++
		f.Milestone = fmt.Sprintf("%s-%d", f.Kind, o.counts[f.Kind])
	}
	if f.At.IsZero() {
		f.At = now
	}
	f.TaskID = o.taskID
	o.pending = append(o.pending, f)
}

// write sends the pending facts, a batch at a time, until the run ends. The activity
// retries for as long as the database is down, at most a minute apart; a batch is
// taken off the outbox only once it is written.
func (o *ledgerOutbox) write(ctx workflow.Context) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: ledgerWriteTimeout,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute},
		Summary:             "record the task's facts in the ledger",
	})
	var l *activities.Ledger
	for {
		_ = workflow.Await(ctx, func() bool { return len(o.pending) > 0 }) // the context is never cancelled
		batch := o.pending[:min(len(o.pending), maxFactsPerWrite)]
		var res activities.RecordFactsResult
		err := workflow.ExecuteActivity(actx, l.RecordFacts, activities.RecordFactsRequest{TaskID: o.taskID, Facts: batch}).Get(ctx, &res)
		if err != nil {
			// Only a retry policy the server cut short ends here: send the batch again later.
			o.logger.Warn("Ledger write failed; retrying", "error", err)
			_ = workflow.Sleep(ctx, time.Minute)
			continue
		}
		for _, r := range res.Refused {
			o.logger.Error("The ledger refused a fact", "milestone", r.Milestone, "problem", r.Problem)
		}
		o.pending = slices.Clone(o.pending[len(batch):])
	}
}

// flush waits until every fact decided is written, so the task closes only after its
// last record; ctx is disconnected from a cancellation.
func (o *ledgerOutbox) flush(ctx workflow.Context) error {
	return workflow.Await(ctx, func() bool { return len(o.pending) == 0 })
}
