package activities

import (
	"context"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
)

// AutomationHeartbeatTimeout is how long Temporal waits without a heartbeat before
// it counts an automation's attempt as lost (its worker died) and retries it on
// another worker, instead of waiting out the type's whole timeout.
const AutomationHeartbeatTimeout = 20 * time.Second

// automationHeartbeatEvery is how often a running automation says it is alive; the
// SDK sends at most one heartbeat per 80% of the timeout, so this only needs to be
// well inside it.
const automationHeartbeatEvery = 5 * time.Second

// Heartbeating runs an automation and heartbeats while it works, such as while a
// webhook call is in flight, so a worker's death is noticed within
// AutomationHeartbeatTimeout. The worker registers every automation this way.
type Heartbeating struct {
	Automation Automation
	// Every is the heartbeat period; 0 means every five seconds.
	Every time.Duration
}

var _ Automation = Heartbeating{}

// Run runs the automation, heartbeating until it returns.
func (h Heartbeating) Run(ctx context.Context, req AutomationRequest) (AutomationResult, error) {
	every := h.Every
	if every <= 0 {
		every = automationHeartbeatEvery
	}
	done := make(chan struct{})
	var beating sync.WaitGroup
	beating.Add(1)
	go func() {
		defer beating.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	defer func() {
		close(done)
		beating.Wait()
	}()
	return h.Automation.Run(ctx, req)
}
