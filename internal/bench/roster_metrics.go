package bench

import (
	"slices"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
)

// workerClock reads the SDK's own metrics of the roster's worker: how long the worker
// spent on each workflow task, apart from the server's share of the history's
// Started → Completed time, and how often it had to replay a history it did not hold.
type workerClock struct {
	mu        sync.Mutex
	execution []time.Duration
	misses    int64
}

var _ client.MetricsHandler = (*workerClock)(nil)

// WithTags keeps one record whatever the tags: the worker runs only the roster.
func (w *workerClock) WithTags(map[string]string) client.MetricsHandler { return w }

// Counter counts sticky-cache misses: workflow tasks the worker replayed from the history.
func (w *workerClock) Counter(name string) client.MetricsCounter {
	if name != "temporal_sticky_cache_miss" {
		return client.MetricsNopHandler.Counter(name)
	}
	return counterFunc(func(d int64) {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.misses += d
	})
}

// Gauge records nothing.
func (w *workerClock) Gauge(name string) client.MetricsGauge {
	return client.MetricsNopHandler.Gauge(name)
}

// Timer records each workflow task's execution time.
func (w *workerClock) Timer(name string) client.MetricsTimer {
	if name != "temporal_workflow_task_execution_latency" {
		return client.MetricsNopHandler.Timer(name)
	}
	return timerFunc(func(d time.Duration) {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.execution = append(w.execution, d)
	})
}

// figures are the execution times sorted, and the replays.
func (w *workerClock) figures() ([]time.Duration, int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(slices.Values(w.execution)), w.misses
}

type counterFunc func(int64)

func (f counterFunc) Inc(d int64) { f(d) }

type timerFunc func(time.Duration)

func (f timerFunc) Record(d time.Duration) { f(d) }
