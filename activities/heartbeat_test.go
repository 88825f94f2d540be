package activities

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
)

// slowAutomation works until it has seen beats heartbeats, so the test waits on
// heartbeats, not on the clock.
type slowAutomation struct {
	beats   *atomic.Int32
	waitFor int32
}

func (s slowAutomation) Run(ctx context.Context, req AutomationRequest) (AutomationResult, error) {
	for s.beats.Load() < s.waitFor {
		select {
		case <-ctx.Done():
			return AutomationResult{}, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return AutomationResult{Summary: "done for " + req.TaskID}, nil
}

func TestHeartbeatingBeatsWhileTheAutomationWorks(t *testing.T) {
	var beats atomic.Int32
	env := newActivityEnv()
	env.SetOnActivityHeartbeatListener(func(*activity.Info, converter.EncodedValues) { beats.Add(1) })
	a := Heartbeating{Automation: slowAutomation{beats: &beats, waitFor: 1}, Every: time.Millisecond}
	env.RegisterActivityWithOptions(a.Run, activity.RegisterOptions{Name: "sync-crm"})
	val, err := env.ExecuteActivity("sync-crm", testRequest())
	require.NoError(t, err)
	var res AutomationResult
	require.NoError(t, val.Get(&res))
	require.Equal(t, "done for "+testRequest().TaskID, res.Summary)
	after := beats.Load()
	// The SDK passes the first heartbeat on at once and throttles the rest (the
	// workflow's heartbeat timeout sets the pace), so one is what a test sees quickly.
	require.GreaterOrEqual(t, after, int32(1))
	time.Sleep(20 * time.Millisecond) // a beat after Run returned would show here
	require.Equal(t, after, beats.Load(), "no heartbeat once the automation has returned")
}

func TestHeartbeatingPassesTheAutomationsErrorAsIs(t *testing.T) {
	_, err := runAutomation(t, Heartbeating{Automation: &WebhookExecutor{Pool: "rpa"}}, "sync-crm", testRequest())
	requireAppError(t, err, ErrAutomationNotConfigured, false)
}
