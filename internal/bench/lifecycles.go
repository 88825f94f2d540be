package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/lanesworker"
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
		{name: "automated", taskType: "utm-naming-validation", payload: UTMPayload},
		{name: "human", taskType: "creative-stakeholder-review", cue: "assigned"},
		{name: "hybrid", taskType: "pause-paid-campaign-404-spike", cue: "automation-done", approver: "bench-approver"},
	}
}

// Lifecycles runs N task lifecycles per lane and a baseline against the configured
// server, and prints the figures.
func Lifecycles(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flags("", "  run N task lifecycles per lane and a baseline against the configured server, and print the figures", stdout)
	n := fs.Int("n", 50, "complete lifecycles per lane and round")
	concurrency := fs.Int("concurrency", 10, "lifecycles in flight at once")
	rounds := fs.Int("rounds", 3, "rounds of every lane; each round starts at the next lane, so none always runs first")
	warmup := fs.Int("warmup", 10, "lifecycles each lane runs first, not counted, so no measured round pays for a cold server or worker (0: none)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 || *concurrency < 1 || *rounds < 1 {
		return errors.New("-n, -concurrency and -rounds: must be at least 1")
	}
	if *warmup < 0 {
		return errors.New("-warmup: must be 0 or more")
	}
	cfg, c, err := dial(ctx, getenv, "")
	if err != nil {
		return err
	}
	defer c.Close()
	cfg.Pools = []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud}
	// The lanes are measured without rosters, so the figures compare across releases and
	// never book the server's real people; the roster bench measures the roster.
	cfg.RosterPath = lanesworker.RosterOff
	l, err := startLocalLanes(ctx, cfg, c)
	if err != nil {
		return err
	}
	defer l.stop()
	baselineQueue := cfg.QueuePrefix + "-baseline"
	bw := worker.New(c, baselineQueue, worker.Options{})
	bw.RegisterWorkflow(BaselineWorkflow)
	bw.RegisterActivity(BaselineActivity)
	if err := bw.Start(); err != nil {
		return fmt.Errorf("start baseline worker: %w", err)
	}
	defer bw.Stop()

	// The scripted person reads each answer soon after it comes, so the lifecycle is the task's, not the polling's.
	l.in.PollInterval = 5 * time.Millisecond
	fmt.Fprintf(stdout, "Lanes bench: %d lifecycles per lane in each of %d rounds (lanes in turn, each round starting at the next), %d at once, after %d per lane not counted; server %s, namespace %s\n\n",
		*n, *rounds, *concurrency, *warmup, cfg.Temporal.Address, cfg.Temporal.Namespace)
	lanes := []measuredLane{{"baseline (1 activity)", func(ctx context.Context, i int) (string, error) {
		id := fmt.Sprintf("%s-baseline-%d", cfg.QueuePrefix, i)
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: baselineQueue}, BaselineWorkflow, BaselineInput{ID: id})
		if err != nil {
			return "", err
		}
		return id, run.Get(ctx, nil)
	}}}
	for _, lane := range benchLanes() {
		lanes = append(lanes, measuredLane{lane.name, func(ctx context.Context, i int) (string, error) {
			return lifecycle(ctx, l.in, l.board, lane, fmt.Sprintf("%s-%s-%d", cfg.QueuePrefix, lane.name, i))
		}})
	}
	if *warmup > 0 {
		for _, lane := range lanes {
			if _, err := runRound(ctx, lane.name, 0, *warmup, *concurrency, lane.one); err != nil {
				return err
			}
		}
	}
	// Round r runs the lanes from lane r on, so a server that warms up or slows down as
	// the run goes weighs on every lane alike.
	byLane := make([][]laneRound, len(lanes))
	for r := range *rounds {
		for k := range lanes {
			i := (r + k) % len(lanes)
			round, err := runRound(ctx, lanes[i].name, *warmup+r**n, *n, *concurrency, lanes[i].one)
			if err != nil {
				return err
			}
			byLane[i] = append(byLane[i], round)
		}
	}
	figures := make([]benchFigures, len(lanes))
	for i, lane := range lanes {
		f, err := figuresOf(ctx, c, lane.name, byLane[i])
		if err != nil {
			return err
		}
		figures[i] = f
	}
	return printFigures(stdout, figures)
}

// measuredLane is a row of the bench: its name, and one lifecycle numbered i.
type measuredLane struct {
	name string
	one  func(ctx context.Context, i int) (string, error)
}

// lifecycle submits one task and plays its person, acting as soon as the cue arrives.
func lifecycle(ctx context.Context, in *intake.Client, board *NoticeBoard, lane benchLane, requestID string) (string, error) {
	taskID := workflows.TaskWorkflowID(requestID)
	notices := board.Follow(taskID)
	defer board.Forget(taskID)
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
			if err := accepted(intake.Send(ctx, in, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}})); err != nil {
				return err
			}
			if lane.approver != "" {
				if err := accepted(intake.Send(ctx, in, taskID, workflows.SignalApprove, workflows.ApproveSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: lane.approver}})); err != nil {
					return err
				}
			}
			return accepted(intake.Send(ctx, in, taskID, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}, Outcome: workflows.OutcomeResolved}))
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
