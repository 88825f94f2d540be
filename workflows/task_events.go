package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

// track adds a future to the event loop, so the task never completes with work in flight.
func (t *taskRun) track(f workflow.Future, handle func(workflow.Future)) {
	t.inflight++
	t.sel.AddFuture(f, func(f workflow.Future) {
		t.inflight--
		handle(f)
	})
}

func (t *taskRun) listen(ctx workflow.Context) {
	for _, name := range HumanActions() {
		sc := signalChannel{name: name, ch: workflow.GetSignalChannel(ctx, name)}
		t.signals = append(t.signals, sc)
		t.sel.AddReceive(sc.ch, func(c workflow.ReceiveChannel, _ bool) {
			t.takeActions(ctx, c) // this one and any others waiting, in the order they happened
		})
	}
}

// rejectLateSignals records signals that arrived with the completion, so none is lost silently.
func (t *taskRun) rejectLateSignals(ctx workflow.Context) {
	t.collectActions(ctx, nil)
	t.applyActions(ctx, time.Time{})
	// A level report that arrives as the task closes has nothing left to update.
	for t.levelReports != nil && t.levelReports.ReceiveAsync(nil) {
	}
	for t.rosterNotices != nil && t.rosterNotices.ReceiveAsync(nil) {
	}
	t.settleHeldAcks(ctx) // refused: the task is closed
}
