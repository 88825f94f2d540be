package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// outageTask is one bench task: when it was submitted, when its response SLA ran out,
// when its escalation started and when level 1 was told.
type outageTask struct {
	id, escalationID                   string
	notices                            <-chan activities.Notification
	submitted, deadline, started, told time.Time
}

// Escalation measures how late escalations start, and reach level 1, when many
// response SLAs run out at once.
func Escalation(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flags("escalation", "  submit N outages at once and print how late their escalations start after the response deadlines", stdout)
	n := fs.Int("n", 100, "outage tasks submitted at once")
	response := fs.Duration("response", 10*time.Second, "response SLA of the bench's outage type; long enough to submit every task before it runs out")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *n < 1:
		return errors.New("-n: must be at least 1")
	case *response < time.Second:
		return errors.New("-response: must be at least 1s")
	}
	cfg, c, err := dial(ctx, getenv, "esc-")
	if err != nil {
		return err
	}
	defer c.Close()
	if cfg.Catalog, err = WithOutageTimings(cfg.Catalog, catalog.SLA(response.String()), "1h", time.Minute); err != nil {
		return err
	}
	cfg.Pools = []string{lanesworker.PoolTasks}
	cfg.RosterPath = lanesworker.RosterOff // role queues, as the lifecycles bench does; the server's real rosters stay untouched
	l, err := startLocalLanes(ctx, cfg, c)
	if err != nil {
		return err
	}
	defer l.stop()

	fmt.Fprintf(stdout, "Lanes escalation bench: %d %s tasks at once, response SLA %s, server %s, namespace %s\n\n",
		*n, OutageType, *response, cfg.Temporal.Address, cfg.Temporal.Namespace)
	tasks := make([]outageTask, *n)
	defer func() {
		if err := closeTasks(context.WithoutCancel(ctx), c, tasks); err != nil {
			cfg.Logger.Warn("Some bench tasks were left open", zap.Error(err))
		}
	}()
	start := time.Now()
	if err := runOutages(ctx, l.in, l.board, cfg.QueuePrefix, tasks); err != nil {
		return err
	}
	return printLateness(stdout, tasks, start)
}

// runOutages submits every task at once and follows each until level 1 of its escalation is told.
func runOutages(ctx context.Context, in *intake.Client, board *NoticeBoard, prefix string, tasks []outageTask) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for i := range tasks {
		t := &tasks[i]
		req := workflows.TaskRequest{RequestID: fmt.Sprintf("%s-outage-%d", prefix, i), TaskType: OutageType,
			Title: "bench outage", CampaignID: fmt.Sprintf("cmp-bench-%d", i)}
		t.id = workflows.TaskWorkflowID(req.RequestID)
		t.escalationID, t.notices = workflows.EscalationWorkflowID(t.id, 1), board.Follow(t.id)
		wg.Go(func() {
			if err := runOutage(ctx, in, t, req); err != nil {
				cancel(err) // the first failure stops the rest
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// runOutage submits one task, reads its deadline, and waits for its escalation to tell level 1.
func runOutage(ctx context.Context, in *intake.Client, t *outageTask, req workflows.TaskRequest) error {
	if _, err := in.Submit(ctx, req); err != nil {
		return err
	}
	st, err := in.WaitFor(ctx, t.id, func(st workflows.TaskStatus) bool { return !st.Response.Deadline.IsZero() })
	if err != nil {
		return err
	}
	t.submitted, t.deadline = time.Now(), st.Response.Deadline
	// Told is read on this clock and the deadline on the server's: the figure assumes they agree, as on a dev server.
	if t.told, err = AwaitNotice(ctx, t.notices, "escalation", t.deadline.Add(time.Minute)); err != nil {
		return fmt.Errorf("%s: %w", t.id, err)
	}
	desc, err := in.Temporal.DescribeWorkflowExecution(ctx, t.escalationID, "")
	if err != nil {
		return fmt.Errorf("describe escalation of %s: %w", t.id, err)
	}
	t.started = desc.GetWorkflowExecutionInfo().GetStartTime().AsTime()
	return nil
}

// AwaitNotice waits until a notice of kind arrives, and says when.
func AwaitNotice(ctx context.Context, notices <-chan activities.Notification, kind string, giveUp time.Time) (time.Time, error) {
	ctx, cancel := context.WithDeadline(ctx, giveUp)
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("no %s notice by %s: %w", kind, giveUp.Format(time.TimeOnly), ctx.Err())
		case n := <-notices:
			if n.Kind == kind {
				return time.Now(), nil
			}
		}
	}
}

// printLateness prints the lateness figures in the layout of bench's.
func printLateness(out io.Writer, tasks []outageTask, start time.Time) error {
	started, told := make([]time.Duration, len(tasks)), make([]time.Duration, len(tasks))
	perSecond := map[int64]int{}
	busiest, early := 0, 0
	last := slices.MaxFunc(tasks, func(a, b outageTask) int { return a.submitted.Compare(b.submitted) }).submitted
	for i, t := range tasks {
		started[i], told[i] = t.started.Sub(t.deadline), t.told.Sub(t.deadline)
		perSecond[t.deadline.Unix()]++
		busiest = max(busiest, perSecond[t.deadline.Unix()])
		if t.deadline.Before(last) {
			early++
		}
	}
	fmt.Fprintf(out, "All %d submitted and classified in %s; their response deadlines fell in %d distinct second(s), at most %d in one.\n",
		len(tasks), last.Sub(start).Round(time.Millisecond), len(perSecond), busiest)
	if early > 0 {
		fmt.Fprintf(out, "%d deadlines passed before the last task was submitted; raise -response to keep submission out of the figures.\n", early)
	}
	fmt.Fprintln(out, "Lateness is how long after its task's response deadline an escalation started, and told level 1.")
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "lateness\ttasks\tp50\tp99\tmax\t")
	for _, row := range []struct {
		name string
		late []time.Duration
	}{{"escalation started", started}, {"level 1 told", told}} {
		slices.Sort(row.late)
		n := len(row.late)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", row.name, n, row.late[(n-1)*50/100].Round(time.Millisecond),
			row.late[(n-1)*99/100].Round(time.Millisecond), row.late[n-1].Round(time.Millisecond))
	}
	return tw.Flush()
}

// closeTasks cancels the bench's tasks, which cancels their escalations, and waits for
// both to end while the worker still runs; whatever is still open after a minute is terminated.
func closeTasks(ctx context.Context, c client.Client, tasks []outageTask) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, t := range tasks {
		wg.Go(func() {
			err := c.CancelWorkflow(ctx, t.id, "")
			var notFound *serviceerror.NotFound
			switch {
			case errors.As(err, &notFound):
				return // never started
			case err != nil:
				errs[i] = fmt.Errorf("cancel %s: %w", t.id, err)
				return
			}
			for _, id := range []string{t.id, t.escalationID} {
				// A cancelled workflow's result is its cancellation; only running out of time matters here.
				_ = c.GetWorkflow(ctx, id, "").Get(ctx, nil)
				if ctx.Err() == nil {
					continue
				}
				err := c.TerminateWorkflow(context.WithoutCancel(ctx), id, "", "bench escalation finished")
				if err != nil && !errors.As(err, &notFound) {
					errs[i] = errors.Join(errs[i], fmt.Errorf("terminate %s: %w", id, err))
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
