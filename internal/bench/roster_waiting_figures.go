package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/workflows"
)

// PhaseFigures are one phase of the waiting bench, read from the roster's history.
type PhaseFigures struct {
	Name        string
	Tasks       int
	First, Last time.Time // the phase's first message in, and its last notice delivered
	// TasksRun are the roster's workflow tasks that started in the phase, Started → Completed.
	TasksRun []time.Duration
	Failed   int // workflow tasks that failed or timed out
	// Causes counts the failures by cause, such as UnhandledCommand (a message arrived
	// as the roster continued as new, so it applies it first).
	Causes map[string]int
}

// WaitingPhases splits the roster's history at the first release: the burst of asks
// before it, the queue draining after it.
func WaitingPhases(history []*historypb.HistoryEvent, waiting, capacity int) []PhaseFigures {
	phases := []PhaseFigures{
		{Name: "burst: asked → every task told", Tasks: waiting + capacity},
		{Name: "drain: released → next booked", Tasks: waiting},
	}
	phase := 0
	var started map[int64]time.Time // started event ID → time, per run
	for _, e := range history {
		at := e.GetEventTime().AsTime()
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			started = map[int64]time.Time{}
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			name := e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName()
			if name == workflows.SignalReleasePerson && phase == 0 {
				phase = 1
			}
			if p := &phases[phase]; p.First.IsZero() && (name == workflows.SignalRequestPerson || name == workflows.SignalReleasePerson) {
				p.First = at
			}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			started[e.GetEventId()] = at
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if from, ok := started[e.GetWorkflowTaskCompletedEventAttributes().GetStartedEventId()]; ok {
				phases[phase].TasksRun = append(phases[phase].TasksRun, at.Sub(from))
			}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
			phases[phase].fail(e.GetWorkflowTaskFailedEventAttributes().GetCause().String())
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
			phases[phase].fail("TimedOut")
		case enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
			phases[phase].Last = at
		}
	}
	return phases
}

func (p *PhaseFigures) fail(cause string) {
	if p.Causes == nil {
		p.Causes = map[string]int{}
	}
	p.Failed++
	p.Causes[cause]++
}

// printWaitingFigures prints each phase's rate and workflow tasks, and the history's growth.
func printWaitingFigures(out io.Writer, waiting, capacity int, history []*historypb.HistoryEvent, runs int, dc converter.DataConverter) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\ttasks\twindow\tper second\tworkflow tasks\tp50\tp99\tlongest\tfailed\t")
	phases := WaitingPhases(history, waiting, capacity)
	for _, p := range phases {
		window := p.Last.Sub(p.First)
		wft := slices.Sorted(slices.Values(p.TasksRun))
		if len(wft) == 0 {
			wft = []time.Duration{0}
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.1f\t%d\t%s\t%s\t%s\t%d\t\n", p.Name, p.Tasks, window.Round(time.Millisecond), float64(p.Tasks)/window.Seconds(),
			len(p.TasksRun), wft[(len(wft)-1)*50/100].Round(time.Millisecond), wft[(len(wft)-1)*99/100].Round(time.Millisecond),
			wft[len(wft)-1].Round(time.Millisecond), p.Failed)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "roster history\tevents\truns\tlargest run\tevents/assignment\t\t\t\t\t")
	fmt.Fprintf(tw, "asks, bookings and releases\t%d\t%d\t%d\t%.1f\t\t\t\t\t\n", len(history), runs, len(largestRun(history)), float64(len(history))/float64(waiting+capacity))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range phases {
		for _, cause := range slices.Sorted(maps.Keys(p.Causes)) {
			fmt.Fprintf(out, "%s: %d workflow tasks failed: %s\n", p.Name, p.Causes[cause], cause)
		}
	}
	printSlowTasks(out, history)
	return printLargestReplay(out, history, dc)
}
