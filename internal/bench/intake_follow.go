package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/workflows"
)

// intakeTaskTimes is when the server started a task's workflow, when a worker first
// completed one of its workflow tasks, and when the task completed, from the task's
// history on the server's clock.
type intakeTaskTimes struct {
	started, firstTaskDone, completed time.Time
}

// followIntakeTasks waits until each task a 201 answered has completed, then reads its
// times. Whatever is still open at the end (a failure, or a task started by a request
// that got no answer) is terminated, so the bench leaves nothing running on its queues.
func followIntakeTasks(ctx context.Context, c client.Client, ids []string, answers []IntakeAnswer, limit int) ([]intakeTaskTimes, error) {
	times := make([]intakeTaskTimes, len(ids))
	closed := make([]bool, len(ids))
	// A minute, and more for a longer run: a worker behind its clients needs the time to catch up.
	wctx, cancel := context.WithTimeout(ctx, time.Minute+time.Duration(len(ids))*200*time.Millisecond)
	defer cancel()
	err := ForEach(len(ids), limit, func(i int) error {
		sub := answers[i].Submission
		if answers[i].Code != http.StatusCreated {
			return nil
		}
		if want := workflows.TaskWorkflowID(ids[i]); sub.TaskID != want {
			return fmt.Errorf("request %s: answered task %q, want %q", ids[i], sub.TaskID, want)
		}
		var res workflows.TaskResult
		if err := c.GetWorkflow(wctx, sub.TaskID, sub.RunID).Get(wctx, &res); err != nil {
			return fmt.Errorf("wait for %s: %w", sub.TaskID, err)
		}
		closed[i] = true
		var err error
		times[i], err = readIntakeTimes(wctx, c, sub.TaskID, sub.RunID)
		return err
	})
	var open []string
	for i, id := range ids {
		if !closed[i] {
			open = append(open, workflows.TaskWorkflowID(id))
		}
	}
	// Bounded, so a server that has stopped answering ends the bench instead of holding it.
	cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer ccancel()
	return times, errors.Join(err, terminateAll(cctx, c, open, "bench intake finished"))
}

// readIntakeTimes reads a completed task's start, first completed workflow task and completion.
func readIntakeTimes(ctx context.Context, c client.Client, id, runID string) (intakeTaskTimes, error) {
	var t intakeTaskTimes
	it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return t, fmt.Errorf("read history of %s: %w", id, err)
		}
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			t.started = e.GetEventTime().AsTime()
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if t.firstTaskDone.IsZero() {
				t.firstTaskDone = e.GetEventTime().AsTime()
			}
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
			t.completed = e.GetEventTime().AsTime()
		}
	}
	if t.started.IsZero() || t.firstTaskDone.IsZero() || t.completed.IsZero() {
		return t, fmt.Errorf("history of %s lacks its start, a completed workflow task or its completion", id)
	}
	return t, nil
}

// terminateAll ends the workflows in ids that are still open.
func terminateAll(ctx context.Context, c client.Client, ids []string, reason string) error {
	return ForEach(len(ids), 20, func(i int) error {
		if err := c.TerminateWorkflow(ctx, ids[i], "", reason); err != nil && !IsNotFound(err) {
			return fmt.Errorf("terminate %s: %w", ids[i], err)
		}
		return nil
	})
}
