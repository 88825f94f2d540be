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
	// maxRefusedActionFacts bounds the refused actions a task writes to the ledger:
	// the first ones tell who tried; a flood of them adds no rows (the status counts all).
	maxRefusedActionFacts = 50
	// maxActionFacts bounds all the actions a task writes, so toggling a condition
	// back and forth cannot grow the ledger without end either.
	maxActionFacts = 200
)

// A batch is written first by the worker itself, as a local activity within the
// workflow task that decided its facts: one marker in the history and no round trip
// to the server. A batch is one transaction of milliseconds; its attempts together
// get 3 s, far within the 8 s the SDK lets a workflow task wait on local activities
// before heartbeating it with events of its own (80% of the default 10 s workflow
// task timeout). So a quick refusal (a dropped connection) is tried once more, and a
// locked SQLite file, which would wait out its 10 s busy timeout, is given up on after
// 3 s. A failed local write goes to a regular activity that the server retries, 1 s
// apart at first and at most a minute, for as long as the database is down.
const (
	localWriteTimeout  = 3 * time.Second
	localWriteAttempts = 2
	ledgerWriteTimeout = 30 * time.Second
)

// ledgerOutbox is the task's facts for the ledger (the leaders' read model), decided
// in the order they happened and not yet written. The writer takes every fact pending
// (up to a batch) once the task blocks waiting for its next event, so a workflow task
// writes what it decided in one local activity; while the database is down the batch
// retries as an activity and the task goes on, its facts kept here until they land.
type ledgerOutbox struct {
	on      bool // the run records facts: it started on code that has the ledger
	actions bool // the run records people's actions: it started on code that does
	acted   int  // actions recorded so far
	refused int  // refused actions recorded so far
	taskID  string
	pending []ledger.Fact       // in order; the first ones may be in the write in flight
	counts  map[ledger.Kind]int // facts numbered so far per kind, for keys like booked-2
	holder  string              // the person the ledger last heard holds the task
	dropped int                 // facts left out because the outbox was full
	closing bool                // the task completed: its facts wait for the close's write
	logger  log.Logger
}

// open decides, once for the run, whether the task records its facts: runs started
// before the ledger existed do not, to their end. A recording run starts the writer,
// on a context a cancellation does not reach, so a cancelled task's facts land too.
func (o *ledgerOutbox) open(ctx workflow.Context, taskID string, logger log.Logger, v workflow.Version) {
	if v == workflow.DefaultVersion {
		return
	}
	o.on, o.taskID, o.counts, o.logger = true, taskID, map[ledger.Kind]int{}, logger
	o.actions = v >= ledgerWithActions
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

// write sends the pending facts, a batch at a time, until the run ends. A workflow's
// coroutines run one at a time, so the writer runs once the task's loop has blocked
// waiting for its next event (or the close for its record): a batch is what the
// workflow task decided, written before that workflow task completes. A batch is
// taken off the outbox only once it is written.
func (o *ledgerOutbox) write(ctx workflow.Context) {
	for {
		_ = workflow.Await(ctx, func() bool { return len(o.pending) > 0 && !o.closing }) // the context is never cancelled
		req := activities.RecordFactsRequest{TaskID: o.taskID, Facts: o.pending[:min(len(o.pending), maxFactsPerWrite)]}
		res, err := o.record(ctx, req)
		if err != nil {
			// Only a retry policy the server cut short ends here: send the batch again later.
			o.logger.Warn("Ledger write failed; retrying", "error", err)
			_ = workflow.Sleep(ctx, time.Minute)
			continue
		}
		for _, r := range res.Refused {
			o.logger.Error("The ledger refused a fact", "milestone", r.Milestone, "problem", r.Problem)
		}
		o.pending = slices.Clone(o.pending[len(req.Facts):])
	}
}

// record writes a batch from the worker, and when the ledger does not answer it
// there, through the activity the server retries while the task goes on.
func (o *ledgerOutbox) record(ctx workflow.Context, req activities.RecordFactsRequest) (activities.RecordFactsResult, error) {
	var l *activities.Ledger
	var res activities.RecordFactsResult
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		ScheduleToCloseTimeout: localWriteTimeout, // every attempt
		StartToCloseTimeout:    localWriteTimeout,
		RetryPolicy:            &temporal.RetryPolicy{InitialInterval: 100 * time.Millisecond, MaximumAttempts: localWriteAttempts},
		Summary:                "record the task's facts in the ledger",
	})
	err := workflow.ExecuteLocalActivity(lctx, l.RecordFacts, req).Get(ctx, &res)
	if err == nil {
		return res, nil
	}
	o.logger.Warn("Ledger write from the worker failed; retrying it until the ledger answers", "error", err)
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: ledgerWriteTimeout,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute},
		Summary:             "record the task's facts in the ledger once it answers again",
	})
	err = workflow.ExecuteActivity(actx, l.RecordFacts, req).Get(ctx, &res)
	return res, err
}

// holdForClose keeps the facts decided from now on until the close: the task has
// completed and waits only for its last notices and signals, which end within a
// workflow task or a few retries, so its close writes them in one batch with its own.
func (o *ledgerOutbox) holdForClose() {
	o.closing = true
}

// flush writes every fact decided and waits until they are written, so the task
// closes only after its last record; ctx is disconnected from a cancellation.
func (o *ledgerOutbox) flush(ctx workflow.Context) error {
	o.closing = false
	return workflow.Await(ctx, func() bool { return len(o.pending) == 0 })
}
