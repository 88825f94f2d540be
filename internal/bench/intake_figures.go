package bench

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"text/tabwriter"
	"time"
)

// intakeFigures is what the intake bench measured.
type intakeFigures struct {
	requests int
	// window runs from the first POST sent to the last answer; done to the last task completed.
	window, done time.Duration
	// codes counts the answers by HTTP status; noAnswer the requests that got none.
	codes      map[int]int
	noAnswer   int
	firstError string
	// withStatus counts the 201 answers that carried the task's status.
	withStatus int
	spans      []intakeSpan
}

// intakeSpan is one measured stretch, one sorted latency per request.
type intakeSpan struct {
	name      string
	latencies []time.Duration
}

// intakeFiguresOf reads the figures from each request's answer and its task's times;
// a task's times are zero when its request did not start it.
func intakeFiguresOf(answers []IntakeAnswer, times []intakeTaskTimes) intakeFigures {
	f := intakeFigures{requests: len(answers), codes: map[int]int{}}
	post := intakeSpan{name: "POST → answer"}
	started := intakeSpan{name: "POST → workflow started"}
	picked := intakeSpan{name: "POST → first workflow task completed"}
	completed := intakeSpan{name: "POST → task completed"}
	var first, last, lastDone time.Time
	for i, a := range answers {
		if first.IsZero() || a.Sent.Before(first) {
			first = a.Sent
		}
		if a.Answered.After(last) {
			last = a.Answered
		}
		if a.Code == 0 || a.Err != nil {
			f.noAnswer++
			if f.firstError == "" {
				f.firstError = fmt.Sprint(a.Err)
			}
			continue
		}
		f.codes[a.Code]++
		if a.Code >= 300 {
			continue // a quick refusal is not throughput; it is counted under Answers
		}
		post.latencies = append(post.latencies, a.Answered.Sub(a.Sent))
		if a.Code == http.StatusCreated && a.Submission.Status != nil {
			f.withStatus++
		}
		if t := times[i]; !t.started.IsZero() {
			started.latencies = append(started.latencies, t.started.Sub(a.Sent))
			picked.latencies = append(picked.latencies, t.firstTaskDone.Sub(a.Sent))
			completed.latencies = append(completed.latencies, t.completed.Sub(a.Sent))
			if t.completed.After(lastDone) {
				lastDone = t.completed
			}
		}
	}
	f.window = last.Sub(first)
	if !lastDone.IsZero() {
		f.done = lastDone.Sub(first)
	}
	for _, s := range []intakeSpan{post, started, picked, completed} {
		slices.Sort(s.latencies)
		f.spans = append(f.spans, s)
	}
	return f
}

// percentile is the q-th percentile of sorted latencies, as the other benches read it; 0 for none.
func percentile(sorted []time.Duration, q int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*q/100]
}

// printIntakeFigures prints the rate, the answers and the latency table. Times run
// from a round's first POST: to its last answer (the window) and to its last task
// completed, summed over the rounds the figures add up.
func printIntakeFigures(out io.Writer, f intakeFigures) error {
	fmt.Fprintf(out, "%d requests in %s: %.1f requests/s answered 2xx (first POST sent to last answer)\n",
		f.requests, f.window.Round(time.Millisecond), f.answeredRate())
	fmt.Fprintf(out, "Answers: %s (%d of the 201s with the task's status); errors: %d", answerCounts(f.codes),
		f.withStatus, f.requests-f.codes[http.StatusCreated])
	if f.noAnswer > 0 {
		fmt.Fprintf(out, ", %d without an answer (first: %s)", f.noAnswer, f.firstError)
	}
	if tasks := len(f.spans[len(f.spans)-1].latencies); tasks > 0 {
		fmt.Fprintf(out, "\nTasks: %d completed, the last %s after the first POST: %.1f tasks/s end to end",
			tasks, f.done.Round(time.Millisecond), f.taskRate())
	}
	fmt.Fprint(out, "\n\n")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "from → to\trequests\tp50\tp99\tmax\t")
	for _, s := range f.spans {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", s.name, len(s.latencies), percentile(s.latencies, 50).Round(time.Millisecond),
			percentile(s.latencies, 99).Round(time.Millisecond), percentile(s.latencies, 100).Round(time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(out, "\nSend and answer times are this process's clock, workflow times the server's: they agree when both run on one machine.")
	return err
}
