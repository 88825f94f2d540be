package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"

	"github.com/lanes-dev/lanes/workflows"
)

// phaseFigures are one phase of the waiting bench, read from the roster's history.
type phaseFigures struct {
	name        string
	tasks       int
	first, last time.Time // the phase's first message in, and its last notice delivered
	// tasksRun are the roster's workflow tasks that started in the phase, Started → Completed.
	tasksRun []time.Duration
	failed   int // workflow tasks that failed or timed out
	// causes counts the failures by cause, such as UnhandledCommand (a message arrived
	// as the roster continued as new, so it applies it first).
	causes map[string]int
}

// waitingPhases splits the roster's history at the first release: the burst of asks
// before it, the queue draining after it.
func waitingPhases(history []*historypb.HistoryEvent, waiting, capacity int) []phaseFigures {
	phases := []phaseFigures{
		{name: "burst: asked → every task told", tasks: waiting + capacity},
		{name: "drain: released → next booked", tasks: waiting},
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
			if p := &phases[phase]; p.first.IsZero() && (name == workflows.SignalRequestPerson || name == workflows.SignalReleasePerson) {
				p.first = at
			}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			started[e.GetEventId()] = at
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if from, ok := started[e.GetWorkflowTaskCompletedEventAttributes().GetStartedEventId()]; ok {
				phases[phase].tasksRun = append(phases[phase].tasksRun, at.Sub(from))
			}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_FAILED:
			phases[phase].fail(e.GetWorkflowTaskFailedEventAttributes().GetCause().String())
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
			phases[phase].fail("TimedOut")
		case enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
			phases[phase].last = at
		}
	}
	return phases
}

func (p *phaseFigures) fail(cause string) {
	if p.causes == nil {
		p.causes = map[string]int{}
	}
	p.failed++
	p.causes[cause]++
}

// printWaitingFigures prints each phase's rate and workflow tasks, and the history's growth.
func printWaitingFigures(out io.Writer, waiting, capacity int, history []*historypb.HistoryEvent, runs int) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\ttasks\twindow\tper second\tworkflow tasks\tp50\tp99\tlongest\tfailed\t")
	phases := waitingPhases(history, waiting, capacity)
	for _, p := range phases {
		window := p.last.Sub(p.first)
		wft := slices.Sorted(slices.Values(p.tasksRun))
		if len(wft) == 0 {
			wft = []time.Duration{0}
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.1f\t%d\t%s\t%s\t%s\t%d\t\n", p.name, p.tasks, window.Round(time.Millisecond), float64(p.tasks)/window.Seconds(),
			len(p.tasksRun), wft[(len(wft)-1)*50/100].Round(time.Millisecond), wft[(len(wft)-1)*99/100].Round(time.Millisecond),
			wft[len(wft)-1].Round(time.Millisecond), p.failed)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "roster history\tevents\truns\tlargest run\tevents/assignment\t\t\t\t\t")
	largest, run := 0, 0
	for _, e := range history {
		if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED {
			run = 0
		}
		run++
		largest = max(largest, run)
	}
	fmt.Fprintf(tw, "asks, bookings and releases\t%d\t%d\t%d\t%.1f\t\t\t\t\t\n", len(history), runs, largest, float64(len(history))/float64(waiting+capacity))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range phases {
		for _, cause := range slices.Sorted(maps.Keys(p.causes)) {
			fmt.Fprintf(out, "%s: %d workflow tasks failed: %s\n", p.name, p.causes[cause], cause)
		}
	}
	return nil
}
