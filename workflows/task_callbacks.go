package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/ledger"
)

// What the parts' steps call back for: the steps of the task that span its parts.
// The task (taskRun) answers them all; each step takes the narrowest that covers what
// it asks, so its signature says what it may set off beyond the parts it is given.

// teller is how a step tells the world outside the task what it did: the search
// attributes and details it publishes, the notices it sends people, and the facts it
// records in the leaders' ledger, among them people's actions that reached the task
// through another workflow (acted).
type teller interface {
	publish(ctx workflow.Context)
	notify(ctx workflow.Context, recipient, kind, text string)
	record(ctx workflow.Context, f ledger.Fact)
	acted(rec SignalRecord)
}

// alarms is what a clock's timers ask of the task: to apply the actions sent before a
// timer was due before it acts (wake), and to decide what a breach leads to (breached).
type alarms interface {
	teller
	wake(ctx workflow.Context, timer workflow.Future, due time.Time, fired func())
	breached(ctx workflow.Context, clock *SLAClock)
}

// assigner is the task's step that hands it to a person or a role's queue: a roster
// that cannot take an ask, or books someone, ends in it.
type assigner interface {
	teller
	assign(ctx workflow.Context, step HumanStep, assignee string)
}

// finisher is the task's step that completes it (finish), beside handing it to a
// person or a queue (assign): what the automation's result and an approval lead to.
type finisher interface {
	assigner
	finish(ctx workflow.Context, outcome, by, note string, stop EscalationStopSignal)
}

// router is what a step that moves the task on asks of it: to re-arm its clocks'
// timers (alarms), and to hand it to a person or a queue (assign).
type router interface {
	alarms
	assign(ctx workflow.Context, step HumanStep, assignee string)
}
