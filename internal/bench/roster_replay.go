package bench

import (
	"fmt"
	"io"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/workflows"
)

// replayRounds is how many times the largest run is replayed; the median is printed.
const replayRounds = 5

// printLargestReplay replays the roster's largest run in this process, as a worker does
// after a rejected continue-as-new or a lost sticky queue, and prints how long the
// worker's share takes: the server's fetch of the history comes on top.
func printLargestReplay(out io.Writer, history []*historypb.HistoryEvent, dc converter.DataConverter) error {
	run := largestRun(history)
	if len(run) == 0 {
		return nil
	}
	replayer, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: dc})
	if err != nil {
		return err
	}
	replayer.RegisterWorkflow(workflows.TeamRosterWorkflow)
	id := run[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowId()
	took := make([]time.Duration, 0, replayRounds)
	for range replayRounds {
		start := time.Now()
		err = replayer.ReplayWorkflowHistoryWithOptions(nil, &historypb.History{Events: run}, worker.ReplayWorkflowHistoryOptions{
			OriginalExecution: workflow.Execution{ID: id},
		})
		if err != nil {
			return fmt.Errorf("replay the roster's largest run: %w", err)
		}
		took = append(took, time.Since(start))
	}
	median := slices.Sorted(slices.Values(took))[len(took)/2]
	_, err = fmt.Fprintf(out, "Replaying the largest run (%d events) in this process: %s (median of %d), %.1fµs an event.\n",
		len(run), median.Round(time.Millisecond), replayRounds, float64(median.Microseconds())/float64(len(run)))
	return err
}

// largestRun is the run with the most events, from its WorkflowExecutionStarted on.
func largestRun(history []*historypb.HistoryEvent) []*historypb.HistoryEvent {
	var largest []*historypb.HistoryEvent
	from := 0
	for i, e := range history {
		if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED {
			from = i
		}
		if run := history[from : i+1]; len(run) > len(largest) {
			largest = run
		}
	}
	return largest
}
