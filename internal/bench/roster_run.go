package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// rosterBench follows the bench's tasks through their roster and reads the histories.
type rosterBench struct {
	c                  client.Client
	in                 *intake.Client
	ids                []string
	limit              int
	rosterID, firstRun string
	// holdQueue is the roster's own queue in -backlog mode, polled once every task has asked.
	holdQueue string
	// dc decodes the payloads of the histories the bench reads, as the client does.
	dc converter.DataConverter
}

// run assigns every task, reads the figures, releases every task and prints.
func (b *rosterBench) run(ctx context.Context, out io.Writer) error {
	stopRoster, err := b.assign(ctx, out)
	if err != nil {
		return err
	}
	defer stopRoster()
	spans, assigned, err := b.figures(ctx)
	if err != nil {
		return err
	}
	if err := b.release(ctx, out); err != nil {
		return err
	}
	cycle, _, err := HistoryAcrossRuns(ctx, b.c, b.rosterID, b.firstRun)
	if err != nil {
		return err
	}
	return printRosterFigures(out, len(b.ids), spans, assigned, cycle)
}

// assign submits every task at once and waits until the roster has answered each. In
// -backlog mode it first waits until every ask is in the roster's history, then starts
// the roster's worker; it returns what stops that worker.
func (b *rosterBench) assign(ctx context.Context, out io.Writer) (func(), error) {
	stopRoster := func() {}
	start := time.Now()
	err := ForEach(len(b.ids), b.limit, func(i int) error {
		_, err := b.in.Submit(ctx, workflows.TaskRequest{RequestID: b.ids[i][len("task-"):], TaskType: ReviewType, Title: "bench review"})
		return err
	})
	if err != nil {
		return stopRoster, err
	}
	submitted := time.Since(start)
	if b.holdQueue != "" {
		if err := b.awaitAsks(ctx); err != nil {
			return stopRoster, err
		}
		stop, err := startRosterWorker(b.c, b.holdQueue)
		if err != nil {
			return stopRoster, err
		}
		stopRoster = stop
	}
	var booked atomic.Int64
	err = ForEach(len(b.ids), b.limit, func(i int) error {
		st, err := b.in.WaitFor(ctx, b.ids[i], func(st workflows.TaskStatus) bool {
			return st.Staffing != nil && (st.Staffing.Person != "" || st.Staffing.Position > 0)
		})
		if err == nil && st.Staffing.Person != "" {
			booked.Add(1)
		}
		return err
	})
	if err != nil {
		return stopRoster, err
	}
	fmt.Fprintf(out, "Submitted %d in %s; the roster booked %d and queued %d.\n", len(b.ids), submitted.Round(time.Millisecond), booked.Load(), int64(len(b.ids))-booked.Load())
	return stopRoster, nil
}

// awaitAsks waits until the held roster's history holds an ask from every task.
func (b *rosterBench) awaitAsks(ctx context.Context) error {
	for {
		events, _, err := HistoryAcrossRuns(ctx, b.c, b.rosterID, b.firstRun)
		if err != nil {
			return err
		}
		asks := 0
		for _, e := range events {
			if e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName() == workflows.SignalRequestPerson {
				asks++
			}
		}
		if asks >= len(b.ids) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d of %d tasks asked the roster: %w", asks, len(b.ids), ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// release plays each booked person, who acknowledges and completes at once, and waits
// until the roster has every booking back.
func (b *rosterBench) release(ctx context.Context, out io.Writer) error {
	start := time.Now()
	err := ForEach(len(b.ids), b.limit, func(i int) error {
		id := b.ids[i]
		st, err := b.in.WaitFor(ctx, id, func(st workflows.TaskStatus) bool {
			return st.Staffing != nil && st.Staffing.Person != "" && st.Assignee == st.Staffing.Person
		})
		if err != nil {
			return err
		}
		person := st.Staffing.Person
		if err := b.c.SignalWorkflow(ctx, id, "", workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{Actor: person}}); err != nil {
			return err
		}
		complete := workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{Actor: person}, Outcome: workflows.OutcomeResolved, Hours: st.Staffing.EstimatedHours}
		if err := b.c.SignalWorkflow(ctx, id, "", workflows.SignalComplete, complete); err != nil {
			return err
		}
		var res workflows.TaskResult
		if err := b.c.GetWorkflow(ctx, id, "").Get(ctx, &res); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		if sf := res.Status.Staffing; res.Status.Stage != workflows.StageCompleted || sf == nil || !sf.Released {
			return fmt.Errorf("%s ended at stage %s without giving its capacity back", id, res.Status.Stage)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for {
		rs, err := QueryRoster(ctx, b.c, b.rosterID)
		if err != nil {
			return err
		}
		if rs.Counts.Released >= len(b.ids) && len(rs.Queue) == 0 {
			fmt.Fprintf(out, "Completed all %d and the roster took every booking back in %s.\n\n", len(b.ids), time.Since(start).Round(time.Millisecond))
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("roster released %d of %d: %w", rs.Counts.Released, len(b.ids), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// startRosterWorker serves a roster's own queue with c: the roster workflow and its activities only.
func startRosterWorker(c client.Client, queue string) (func(), error) {
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflow(workflows.TeamRosterWorkflow)
	w.RegisterActivity(&activities.Rosters{Temporal: c})
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("start roster worker: %w", err)
	}
	return w.Stop, nil
}

// ForEach runs do for every i below n, at most limit at once, and joins their errors.
func ForEach(n, limit int, do func(i int) error) error {
	sem := make(chan struct{}, limit)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = do(i)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// IsNotFound says whether err is Temporal's answer that a workflow does not exist.
func IsNotFound(err error) bool {
	var notFound *serviceerror.NotFound
	return errors.As(err, &notFound)
}
