package lanesworker_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/activities"
)

// blockingEndpoint plays an RPA orchestrator whose jobs run until the test releases
// them. It records every call's key, task and arrival, and the calls whose caller
// went away before the answer.
type blockingEndpoint struct {
	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every record
	release   chan struct{}
	released  sync.Once
	arrivals  map[string][]time.Time    // task → arrival of each call
	keys      map[string]map[string]int // idempotency key → task → calls
	abandoned int
}

func newBlockingEndpoint() *blockingEndpoint {
	return &blockingEndpoint{changed: make(chan struct{}), release: make(chan struct{}),
		arrivals: map[string][]time.Time{}, keys: map[string]map[string]int{}}
}

func (e *blockingEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req activities.AutomationRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad automation request", http.StatusBadRequest)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	e.record(func() {
		e.arrivals[req.TaskID] = append(e.arrivals[req.TaskID], time.Now())
		if e.keys[key] == nil {
			e.keys[key] = map[string]int{}
		}
		e.keys[key][req.TaskID]++
	})
	select {
	case <-e.release:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(activities.AutomationResult{Summary: "synced for " + key})
	case <-r.Context().Done():
		e.record(func() { e.abandoned++ })
	}
}

func (e *blockingEndpoint) record(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f()
	close(e.changed)
	e.changed = make(chan struct{})
}

// waitFor waits until ok holds over the records, or ctx ends.
func (e *blockingEndpoint) waitFor(ctx context.Context, ok func() bool) error {
	for {
		e.mu.Lock()
		done, changed := ok(), e.changed
		e.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// waitCalls waits until every task has called at least n times.
func (e *blockingEndpoint) waitCalls(ctx context.Context, tasks []string, n int) error {
	return e.waitFor(ctx, func() bool {
		for _, id := range tasks {
			if len(e.arrivals[id]) < n {
				return false
			}
		}
		return true
	})
}

func (e *blockingEndpoint) waitAbandoned(ctx context.Context, n int) error {
	return e.waitFor(ctx, func() bool { return e.abandoned >= n })
}

func (e *blockingEndpoint) arrival(task string, call int) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.arrivals[task][call]
}

func (e *blockingEndpoint) releaseAll() {
	e.released.Do(func() { close(e.release) })
}

// checkKeys requires that each key was only ever sent for its own task, and returns
// how many calls repeated a key already sent.
func (e *blockingEndpoint) checkKeys(t *testing.T, action string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	repeats := 0
	for key, byTask := range e.keys {
		require.Len(t, byTask, 1, "key %s sent for two tasks: %v", key, byTask)
		for task, n := range byTask {
			require.Equal(t, task+"/"+action, key)
			repeats += n - 1
		}
	}
	require.Len(t, e.keys, killedTasks, "one key per task")
	return repeats
}
