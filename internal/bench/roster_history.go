package bench

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/workflows"
)

// timeSpan is one measured stretch per task, read from server timestamps in the histories.
type timeSpan struct {
	name        string
	first, last time.Time
	latencies   []time.Duration
}

func (s *timeSpan) add(from, to time.Time) {
	if s.first.IsZero() || from.Before(s.first) {
		s.first = from
	}
	if to.After(s.last) {
		s.last = to
	}
	s.latencies = append(s.latencies, to.Sub(from))
}

// figures reads, per task, when it started and when the roster's notice reached it, and
// from the roster's history when each ask arrived and when its answer was delivered.
func (b *rosterBench) figures(ctx context.Context) ([]timeSpan, []*historypb.HistoryEvent, error) {
	started, told := make([]time.Time, len(b.ids)), make([]time.Time, len(b.ids))
	err := ForEach(len(b.ids), b.limit, func(i int) error {
		events, _, err := HistoryAcrossRuns(ctx, b.c, b.ids[i], "")
		if err != nil {
			return err
		}
		started[i] = events[0].GetEventTime().AsTime()
		for _, e := range events {
			if e.GetWorkflowExecutionSignaledEventAttributes().GetSignalName() == workflows.SignalRosterNotice {
				told[i] = e.GetEventTime().AsTime()
				return nil
			}
		}
		return fmt.Errorf("%s: no %s signal in its history", b.ids[i], workflows.SignalRosterNotice)
	})
	if err != nil {
		return nil, nil, err
	}
	history, _, err := HistoryAcrossRuns(ctx, b.c, b.rosterID, b.firstRun)
	if err != nil {
		return nil, nil, err
	}
	asked, delivered, working, err := RosterAnswers(history, b.dc)
	if err != nil {
		return nil, nil, err
	}
	taskSide := timeSpan{name: "task started → told"}
	rosterSide := timeSpan{name: "roster asked → notice delivered"}
	if b.holdQueue != "" {
		taskSide.name += " (held)"
		rosterSide.name = "roster backlog start → delivered"
	}
	for i, id := range b.ids {
		taskSide.add(started[i], told[i])
		from := asked[id]
		if b.holdQueue != "" {
			from = working
		}
		if from.IsZero() || delivered[id].IsZero() {
			return nil, nil, fmt.Errorf("%s: the roster's history lacks its ask or its answer", id)
		}
		rosterSide.add(from, delivered[id])
	}
	return []timeSpan{taskSide, rosterSide}, history, nil
}

// RosterAnswers reads a roster's history: when each task's first ask arrived, when its
// first notice was delivered, and when the roster first started working. dc decodes
// the asks: the converter of the client that read the history, which decrypts them
// when LANES_PAYLOAD_KEYS encrypts payloads.
func RosterAnswers(history []*historypb.HistoryEvent, dc converter.DataConverter) (asked, delivered map[string]time.Time, working time.Time, err error) {
	asked, delivered = map[string]time.Time{}, map[string]time.Time{}
	var notices map[int64]string // initiated event ID → task, per run
	for _, e := range history {
		at := e.GetEventTime().AsTime()
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			notices = map[int64]string{}
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			if working.IsZero() {
				working = at
			}
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
			a := e.GetWorkflowExecutionSignaledEventAttributes()
			if a.GetSignalName() != workflows.SignalRequestPerson {
				continue
			}
			var s workflows.RequestPersonSignal
			if err := dc.FromPayloads(a.GetInput(), &s); err != nil {
				return nil, nil, working, fmt.Errorf("decode %s signal: %w", workflows.SignalRequestPerson, err)
			}
			if asked[s.Request.TaskID].IsZero() {
				asked[s.Request.TaskID] = at
			}
		case enumspb.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
			if a := e.GetSignalExternalWorkflowExecutionInitiatedEventAttributes(); a.GetSignalName() == workflows.SignalRosterNotice {
				notices[e.GetEventId()] = a.GetWorkflowExecution().GetWorkflowId()
			}
		case enumspb.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
			id := notices[e.GetExternalWorkflowExecutionSignaledEventAttributes().GetInitiatedEventId()]
			if id != "" && delivered[id].IsZero() {
				delivered[id] = at
			}
		}
	}
	return asked, delivered, working, nil
}

// HistoryAcrossRuns reads a workflow's history from runID (empty: the latest run) on
// through each continue-as-new, and counts the runs.
func HistoryAcrossRuns(ctx context.Context, c client.Client, id, runID string) ([]*historypb.HistoryEvent, int, error) {
	var events []*historypb.HistoryEvent
	for runs := 1; ; runs++ {
		next := ""
		it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			e, err := it.Next()
			if err != nil {
				return nil, 0, fmt.Errorf("read history of %s: %w", id, err)
			}
			events = append(events, e)
			if a := e.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				next = a.GetNewExecutionRunId()
			}
		}
		if next == "" {
			return events, runs, nil
		}
		runID = next
	}
}

// printRosterFigures prints the throughput and history tables.
func printRosterFigures(out io.Writer, n int, spans []timeSpan, assigned, cycle []*historypb.HistoryEvent) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "from → to\ttasks\twindow\tassignments/s\tp50\tp99\tmax\t")
	for _, s := range spans {
		lat := slices.Sorted(slices.Values(s.latencies))
		window := s.last.Sub(s.first)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.1f\t%s\t%s\t%s\t\n", s.name, len(lat), window.Round(time.Millisecond),
			float64(len(lat))/window.Seconds(), lat[(len(lat)-1)*50/100].Round(time.Millisecond),
			lat[(len(lat)-1)*99/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "roster history\tevents\truns\tlargest run\tevents/task\t\t\t")
	for _, row := range []struct {
		name   string
		events []*historypb.HistoryEvent
	}{{"after assignments", assigned}, {"after assign + release", cycle}} {
		var runs []int // events per run, each starting at its WorkflowExecutionStarted
		for _, e := range row.events {
			if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED {
				runs = append(runs, 0)
			}
			runs[len(runs)-1]++
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f\t\t\t\n", row.name, len(row.events), len(runs), slices.Max(runs), float64(len(row.events))/float64(n))
	}
	return tw.Flush()
}
