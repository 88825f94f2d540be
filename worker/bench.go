package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// benchLane is one kind of lifecycle the bench runs N times.
type benchLane struct {
	name     string
	taskType string
	payload  string
	// cue is the notice after which the bench's person acknowledges and completes; empty for no person.
	cue string
	// approver signs off before completion, for critical work (criticality 4 or more needs it).
	approver string
}

func benchLanes() []benchLane {
	return []benchLane{
		{name: "automated", taskType: "utm-naming-validation", payload: `{"urls":["https://example.com/?utm_source=news&utm_medium=email&utm_campaign=spring"]}`},
		{name: "human", taskType: "creative-stakeholder-review", cue: "assigned"},
		{name: "hybrid", taskType: "pause-paid-campaign-404-spike", cue: "automation-done", approver: "bench-approver"},
	}
}

type benchFigures struct {
	lane          string
	perSecond     float64
	p50, p99      time.Duration
	eventsPerTask float64
}

func runBench(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := commandFlags("bench", "  run N task lifecycles per lane and a baseline against the configured server, and print the figures", stdout)
	n := fs.Int("n", 50, "complete lifecycles per lane")
	concurrency := fs.Int("concurrency", 10, "lifecycles in flight at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *n < 1 || *concurrency < 1 {
		return errors.New("-n and -concurrency: must be at least 1")
	}
	cfg, logger, cat, c, err := benchSetup(ctx, getenv)
	if err != nil {
		return err
	}
	defer c.Close()
	cfg.QueuePrefix = "lanes-bench-" + uuid.NewString()[:8]
	cfg.Pools = []string{poolTasks, poolRPA, poolCloud}
	// The lanes are measured without rosters, so the figures compare across releases and
	// never book the server's real people; bench-roster measures the roster.
	cfg.RosterPath = RosterOff
	board, stop, err := startBenchWorker(ctx, &cfg, c, cat, logger)
	if err != nil {
		return err
	}
	defer stop()
	baselineQueue := cfg.QueuePrefix + "-baseline"
	bw := worker.New(c, baselineQueue, worker.Options{})
	bw.RegisterWorkflow(BaselineWorkflow)
	bw.RegisterActivity(BaselineActivity)
	if err := bw.Start(); err != nil {
		return fmt.Errorf("start baseline worker: %w", err)
	}
	defer bw.Stop()

	// The scripted person reads each answer soon after it comes, so the lifecycle is the task's, not the polling's.
	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks, PollInterval: 5 * time.Millisecond}
	fmt.Fprintf(stdout, "Lanes bench: %d lifecycles per lane, %d at once, server %s, namespace %s\n\n", *n, *concurrency, cfg.Temporal.Address, cfg.Temporal.Namespace)
	baseline, err := measure(ctx, c, "baseline (1 activity)", *n, *concurrency, func(ctx context.Context, i int) (string, error) {
		id := fmt.Sprintf("%s-baseline-%d", cfg.QueuePrefix, i)
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: baselineQueue}, BaselineWorkflow, BaselineInput{ID: id})
		if err != nil {
			return "", err
		}
		return id, run.Get(ctx, nil)
	})
	if err != nil {
		return err
	}
	figures := []benchFigures{baseline}
	for _, lane := range benchLanes() {
		f, err := measure(ctx, c, lane.name, *n, *concurrency, func(ctx context.Context, i int) (string, error) {
			return lifecycle(ctx, in, board, lane, fmt.Sprintf("%s-%s-%d", cfg.QueuePrefix, lane.name, i))
		})
		if err != nil {
			return err
		}
		figures = append(figures, f)
	}
	return printFigures(stdout, figures)
}

// lifecycle submits one task and plays its person, acting as soon as the cue arrives.
func lifecycle(ctx context.Context, in *intake.Client, board *noticeBoard, lane benchLane, requestID string) (string, error) {
	taskID := workflows.TaskWorkflowID(requestID)
	notices := board.follow(taskID)
	defer board.forget(taskID)
	req := benchRequest(lane, requestID)
	sub, err := in.Submit(ctx, req)
	if err != nil {
		return "", err
	}
	if lane.cue != "" {
		if err := actOnCue(ctx, in, taskID, lane, notices); err != nil {
			return "", err
		}
	}
	var res workflows.TaskResult
	if err := in.Temporal.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res); err != nil {
		return "", err
	}
	if res.Status.Stage != workflows.StageCompleted {
		return "", fmt.Errorf("task %s ended at stage %s", taskID, res.Status.Stage)
	}
	return taskID, nil
}

// benchRequest is the lane's request as intake takes it: the campaign a pause
// fallback needs, the payload an automation needs, the approver critical work needs.
func benchRequest(lane benchLane, requestID string) workflows.TaskRequest {
	req := workflows.TaskRequest{RequestID: requestID, TaskType: lane.taskType, Title: "bench " + lane.name, CampaignID: "cmp-" + requestID}
	if lane.payload != "" {
		req.Payload = json.RawMessage(lane.payload)
	}
	if lane.approver != "" {
		req.DACI = &workflows.Governance{Approver: lane.approver}
	}
	return req
}

// actOnCue plays the person once the cue arrives. Each action waits for the task's
// answer before the next is sent: the task reads each signal name on its own
// channel, so actions sent together could be taken out of order.
func actOnCue(ctx context.Context, in *intake.Client, taskID string, lane benchLane, notices <-chan activities.Notification) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case n := <-notices:
			if n.Kind != lane.cue {
				continue
			}
			const person = "bench-person"
			if err := accepted(intake.Send(ctx, in, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{SignalID: intake.NewSignalID(), Actor: person})); err != nil {
				return err
			}
			if lane.approver != "" {
				if err := accepted(intake.Send(ctx, in, taskID, workflows.SignalApprove, workflows.ApproveSignal{SignalID: intake.NewSignalID(), Actor: lane.approver})); err != nil {
					return err
				}
			}
			return accepted(intake.Send(ctx, in, taskID, workflows.SignalComplete, workflows.CompleteSignal{SignalID: intake.NewSignalID(), Actor: person, Outcome: workflows.OutcomeResolved}))
		}
	}
}

// accepted turns a refused action into an error.
func accepted(rec workflows.SignalRecord, err error) error {
	if err == nil && !rec.Accepted {
		err = fmt.Errorf("%s refused: %s", rec.Name, rec.Reason)
	}
	return err
}

// measure runs n lifecycles, at most concurrency at once, and reads their figures.
func measure(ctx context.Context, c client.Client, lane string, n, concurrency int, one func(context.Context, int) (string, error)) (benchFigures, error) {
	latencies := make([]time.Duration, n)
	ids := make([]string, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				ids[i], errs[i] = one(ctx, i)
				latencies[i] = time.Since(t0)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return benchFigures{}, fmt.Errorf("%s lifecycles: %w", lane, err)
	}
	events, err := eventsPerTask(ctx, c, ids)
	if err != nil {
		return benchFigures{}, err
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return benchFigures{
		lane: lane, perSecond: float64(n) / elapsed.Seconds(), eventsPerTask: events,
		p50: latencies[(n-1)*50/100], p99: latencies[(n-1)*99/100],
	}, nil
}

func eventsPerTask(ctx context.Context, c client.Client, ids []string) (float64, error) {
	total := 0
	for _, id := range ids {
		it := c.GetWorkflowHistory(ctx, id, "", false, 0)
		for it.HasNext() {
			if _, err := it.Next(); err != nil {
				return 0, fmt.Errorf("read history of %s: %w", id, err)
			}
			total++
		}
	}
	return float64(total) / float64(len(ids)), nil
}

func printFigures(out io.Writer, figures []benchFigures) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "lane\tlifecycles/s\tvs baseline\tp50\tp99\tevents/task\t")
	base := figures[0].perSecond
	for _, f := range figures {
		fmt.Fprintf(tw, "%s\t%.1f\t%.2f×\t%s\t%s\t%.1f\t\n", f.lane, f.perSecond, f.perSecond/base,
			f.p50.Round(time.Millisecond), f.p99.Round(time.Millisecond), f.eventsPerTask)
	}
	return tw.Flush()
}
