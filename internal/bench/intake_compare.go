package bench

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// mergeIntakeFigures adds up a setting's rounds: requests, answers and latencies
// together, and each round's window and time to its last task summed, so the rates
// count only the time the rounds ran, not the pauses between them.
func mergeIntakeFigures(rounds []intakeFigures) intakeFigures {
	m := intakeFigures{codes: map[int]int{}}
	for _, r := range rounds {
		m.requests += r.requests
		m.window += r.window
		m.done += r.done
		m.noAnswer += r.noAnswer
		m.withStatus += r.withStatus
		if m.firstError == "" {
			m.firstError = r.firstError
		}
		for code, n := range r.codes {
			m.codes[code] += n
		}
		for i, s := range r.spans {
			if i == len(m.spans) {
				m.spans = append(m.spans, intakeSpan{name: s.name})
			}
			m.spans[i].latencies = append(m.spans[i].latencies, s.latencies...)
		}
	}
	for _, s := range m.spans {
		slices.Sort(s.latencies)
	}
	return m
}

// answeredRate is the 2xx answers per second of the figures' window; 0 for none.
func (f intakeFigures) answeredRate() float64 {
	if f.window <= 0 {
		return 0
	}
	return float64(f.codes[http.StatusCreated]+f.codes[http.StatusOK]) / f.window.Seconds()
}

// taskRate is the tasks completed per second from the first POST to the last task; 0 for none.
func (f intakeFigures) taskRate() float64 {
	if f.done <= 0 || len(f.spans) == 0 {
		return 0
	}
	return float64(len(f.spans[len(f.spans)-1].latencies)) / f.done.Seconds()
}

// printIntakeComparison prints each setting's rounds and their figures together,
// then, when both ran, the encrypted setting's figures against those in clear.
func printIntakeComparison(out io.Writer, settings []intakeSetting, measured [][]intakeFigures) error {
	merged := make([]intakeFigures, len(settings))
	for i, s := range settings {
		if len(measured[i]) == 0 {
			continue
		}
		rates := make([]string, len(measured[i]))
		for r, f := range measured[i] {
			rates[r] = fmt.Sprintf("%.1f", f.answeredRate())
		}
		fmt.Fprintf(out, "%s: %s (%s requests/s)\n", capitalized(s.name), rounds(len(measured[i])), strings.Join(rates, ", "))
		merged[i] = mergeIntakeFigures(measured[i])
		if err := printIntakeFigures(out, merged[i]); err != nil {
			return err
		}
		fmt.Fprintln(out)
	}
	if len(settings) < 2 || len(measured[0]) == 0 || len(measured[1]) == 0 {
		return nil
	}
	inClear, encrypted := merged[0], merged[1]
	fmt.Fprintf(out, "%s against %s, the rounds alternating in this run (ratio: encrypted / clear):\n", capitalized(settings[1].name), settings[0].name)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "figure\tin clear\tencrypted\tratio\t")
	row := func(name string, a, b float64, show func(float64) string) {
		ratio := "-"
		if a > 0 {
			ratio = fmt.Sprintf("×%.2f", b/a)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, show(a), show(b), ratio)
	}
	perSecond := func(v float64) string { return fmt.Sprintf("%.1f/s", v) }
	row("requests answered 2xx", inClear.answeredRate(), encrypted.answeredRate(), perSecond)
	row("tasks completed end to end", inClear.taskRate(), encrypted.taskRate(), perSecond)
	for i, s := range inClear.spans {
		for _, q := range []int{50, 99} {
			a, b := percentile(s.latencies, q), percentile(encrypted.spans[i].latencies, q)
			row(fmt.Sprintf("%s p%d", s.name, q), float64(a), float64(b), func(v float64) string {
				return time.Duration(v).Round(time.Millisecond).String()
			})
		}
	}
	return tw.Flush()
}

// answerCounts lists the answers by status, such as "500 × 201"; "none" when there are none.
func answerCounts(codes map[int]int) string {
	var answers []string
	for _, code := range slices.Sorted(maps.Keys(codes)) {
		answers = append(answers, fmt.Sprintf("%d × %d", codes[code], code))
	}
	if len(answers) == 0 {
		return "none"
	}
	return strings.Join(answers, ", ")
}

// capitalized is s with its first letter a capital, to start a line.
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// rounds says how many rounds, as a line reads it: 1 round, 2 rounds.
func rounds(n int) string {
	if n == 1 {
		return "1 round"
	}
	return fmt.Sprintf("%d rounds", n)
}
