package bench

import (
	"fmt"
	"io"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
)

// slowWorkflowTask is the roster's goal: no workflow task longer, with 10,000 waiting.
const slowWorkflowTask = 200 * time.Millisecond

// SlowTask is one roster workflow task that took longer than the goal, Started to
// Completed or Failed, and what came before it, which says why it was slow.
type SlowTask struct {
	Took time.Duration
	// After is "a run's start" (the first workflow task reads the carried state), "a
	// failed workflow task" (the worker replays the run from its start) or "" (the
	// roster's own work).
	After string
	At    time.Time
}

// SlowWorkflowTasks lists the workflow tasks in the history that took longer than over.
func SlowWorkflowTasks(history []*historypb.HistoryEvent, over time.Duration) []SlowTask {
	var out []SlowTask
	started := map[int64]time.Time{} // started event ID → time, per run
	after := ""
	end := func(startedID int64, at time.Time) {
		if from, ok := started[startedID]; ok && at.Sub(from) > over {
			out = append(out, SlowTask{Took: at.Sub(from), After: after, At: from})
		}
	}
	for _, e := range history {
		at := e.GetEventTime().AsTime()
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			started, after = map[int64]time.Time{}, "a run's start"
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			started[e.GetEventId()] = at
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			end(e.GetWorkflowTaskCompletedEventAttributes().GetStartedEventId(), at)
			after = ""
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
			end(e.GetWorkflowTaskFailedEventAttributes().GetStartedEventId(), at)
			after = "a failed workflow task"
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
			after = "a failed workflow task"
		}
	}
	return out
}

// printSlowTasks says how many of the roster's workflow tasks missed the goal, and after what.
func printSlowTasks(out io.Writer, history []*historypb.HistoryEvent) {
	slow := SlowWorkflowTasks(history, slowWorkflowTask)
	fmt.Fprintf(out, "Roster workflow tasks over %s (Started to Completed or Failed): %d\n", slowWorkflowTask, len(slow))
	for _, s := range slow {
		what := "the roster's own work"
		if s.After != "" {
			what = "after " + s.After
		}
		fmt.Fprintf(out, "  %s at %s, %s\n", s.Took.Round(time.Millisecond), s.At.Format(time.TimeOnly), what)
	}
}
