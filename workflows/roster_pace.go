package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

// How much one workflow task and one run of a roster take on.

// maxMessagesPerTask bounds the asks, releases and changes one workflow task applies,
// so a burst of thousands is spread over workflow tasks of a few milliseconds each,
// and the roster answers queries between them.
const maxMessagesPerTask = 100

// pace counts the messages applied in the current workflow task. Past
// maxMessagesPerTask, with more waiting, it lets the workflow task complete and goes
// on in the next: the one a short timer brings, or any that comes first (a signal, a
// notice landing), as a busy server can fire even a 1ms timer late.
func (r *rosterRun) pace(ctx workflow.Context) {
	if at := workflow.GetInfo(ctx).GetCurrentHistoryLength(); at != r.taskAt {
		r.taskAt, r.handled = at, 0
	}
	r.handled++
	if r.handled < maxMessagesPerTask || !r.sel.HasPending() {
		return
	}
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timer := workflow.NewTimerWithOptions(tctx, time.Millisecond, workflow.TimerOptions{Summary: "let this workflow task end; the next applies the messages still waiting"})
	at := r.taskAt
	// Only a cancelled context fails the wait, and the roster's is disconnected.
	_ = workflow.Await(ctx, func() bool { return timer.IsReady() || workflow.GetInfo(ctx).GetCurrentHistoryLength() != at })
}

// closingWait is how long a closing run waits for its notices on their way to land; a
// server too busy to deliver them by then leaves them to the next run.
const closingWait = 10 * time.Second

// maxSignalsPerRun keeps a run's asks and releases under Temporal's default limit of
// 10,000 signals a workflow run may receive; past it, asks would be refused.
const maxSignalsPerRun = 8000

func (r *rosterRun) longEnough(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	r.history = info.GetCurrentHistoryLength()
	return r.history >= r.maxEvents() || info.GetContinueAsNewSuggested() || r.signalsInRun() >= maxSignalsPerRun
}

// signalsInRun counts the asks and releases this run received, applied or waiting.
func (r *rosterRun) signalsInRun() int {
	return r.signals + r.requests.Len() + r.releases.Len()
}

func (r *rosterRun) maxEvents() int {
	if r.in.MaxEvents <= 0 {
		return DefaultRosterMaxEvents
	}
	return r.in.MaxEvents
}
