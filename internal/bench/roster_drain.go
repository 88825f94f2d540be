package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/lanes-dev/lanes/workflows"
)

// awaitTold waits until the roster has placed every task and each has its notice. It
// reads the roster's history every five seconds once the query says every task is
// placed, so the bench's own reading weighs little on the server it measures; the
// figures come from the history's times, not from when the bench looked.
func (b *waitingBench) awaitTold(ctx context.Context, out io.Writer, asked time.Time) error {
	var checked time.Time
	for {
		rs, err := b.status(ctx)
		if err != nil {
			return err
		}
		placed := rs.Counts.Assigned+rs.Counts.Queued >= len(b.ids)
		if placed && time.Since(checked) > 5*time.Second {
			checked = time.Now()
			history, _, err := HistoryAcrossRuns(ctx, b.c, b.rosterID, b.firstRun)
			if err != nil {
				return err
			}
			_, delivered, _, err := RosterAnswers(history, b.dc)
			if err != nil {
				return err
			}
			if len(delivered) >= len(b.ids) {
				fmt.Fprintf(out, "Every task told its booking or place by %s after the first ask.\n", time.Since(asked).Round(time.Second))
				return nil
			}
		}
		if err := pause(ctx, 250*time.Millisecond); err != nil {
			return fmt.Errorf("the roster placed %d of %d: %w", rs.Counts.Assigned+rs.Counts.Queued, len(b.ids), err)
		}
	}
}

// drain plays the people: each round completes every booking whose notice has reached
// its task (a person works only on a task that names them), until every task was
// booked and released.
func (b *waitingBench) drain(ctx context.Context, out io.Writer) error {
	start := time.Now()
	released := map[string]bool{}
	for rounds := 1; ; rounds++ {
		rs, err := b.status(ctx)
		if err != nil {
			return err
		}
		if rs.Counts.Released >= len(b.ids) {
			fmt.Fprintf(out, "Released all %d in %d rounds, %s.\n\n", len(b.ids), rounds-1, time.Since(start).Round(time.Millisecond))
			return nil
		}
		var round []string
		for _, p := range rs.People {
			for _, bk := range p.OpenTasks {
				if !released[bk.TaskID] && !bk.Notifying {
					round = append(round, bk.TaskID)
				}
			}
		}
		if len(round) == 0 {
			rounds--
			if err := pause(ctx, 50*time.Millisecond); err != nil {
				return fmt.Errorf("released %d of %d: %w", rs.Counts.Released, len(b.ids), err)
			}
			continue
		}
		for _, id := range round {
			released[id] = true
		}
		if err := b.Release(ctx, round); err != nil {
			return err
		}
	}
}

// status queries the roster; while its workflow task keeps failing, it says so. A
// query that fails otherwise is tried again a second later by the caller's loop: the
// zero status returned meanwhile moves no loop on.
func (b *waitingBench) status(ctx context.Context) (workflows.RosterStatus, error) {
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	rs, err := QueryRoster(qctx, b.c, b.rosterID)
	if err == nil {
		return rs, nil
	}
	desc, derr := b.c.DescribeWorkflowExecution(ctx, b.rosterID, "")
	if derr == nil && desc.GetPendingWorkflowTask().GetAttempt() >= 3 {
		return rs, fmt.Errorf("the roster's workflow task failed %d times in a row (query: %w)", desc.GetPendingWorkflowTask().GetAttempt()-1, err)
	}
	return rs, pause(ctx, time.Second)
}

func pause(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
