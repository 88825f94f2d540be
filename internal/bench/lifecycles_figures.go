package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"text/tabwriter"
	"time"

	"go.temporal.io/sdk/client"
)

// benchFigures are one lane's figures.
type benchFigures struct {
	lane          string
	perSecond     float64
	p50, p99      time.Duration
	eventsPerTask float64
}

// laneRound is one round of a lane's lifecycles: each one's ID and latency, and the round's time.
type laneRound struct {
	ids       []string
	latencies []time.Duration
	elapsed   time.Duration
}

// runRound runs n lifecycles, at most concurrency at once; first numbers them.
func runRound(ctx context.Context, lane string, first, n, concurrency int, one func(context.Context, int) (string, error)) (laneRound, error) {
	r := laneRound{ids: make([]string, n), latencies: make([]time.Duration, n)}
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
				r.ids[i], errs[i] = one(ctx, first+i)
				r.latencies[i] = time.Since(t0)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	r.elapsed = time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return laneRound{}, fmt.Errorf("%s lifecycles: %w", lane, err)
	}
	return r, nil
}

// figuresOf reads a lane's figures over its rounds: lifecycles a second over the
// rounds' summed time, latencies over all of them, events per task from the histories.
func figuresOf(ctx context.Context, c client.Client, lane string, rounds []laneRound) (benchFigures, error) {
	var ids []string
	var latencies []time.Duration
	var elapsed time.Duration
	for _, r := range rounds {
		ids, latencies, elapsed = append(ids, r.ids...), append(latencies, r.latencies...), elapsed+r.elapsed
	}
	events, err := eventsPerTask(ctx, c, ids)
	if err != nil {
		return benchFigures{}, err
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	n := len(latencies)
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
