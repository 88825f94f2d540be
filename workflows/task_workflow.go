package workflows

import (
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// CampaignTaskWorkflow runs one marketing-ops task: it classifies the request from
// the catalog, routes it to a lane, holds its SLA clocks, and waits for the
// automations and people that finish it.
func CampaignTaskWorkflow(ctx workflow.Context, in TaskRequest) (TaskResult, error) {
	t := &taskRun{in: in}
	if err := t.setup(ctx); err != nil {
		return TaskResult{}, err
	}
	if err := t.run(ctx); err != nil {
		return TaskResult{}, err
	}
	return TaskResult{Status: t.view()}, nil
}

// taskRun is one task while its workflow runs: the request, and the parts that each
// own a concern of it. A part's step changes its own state, and the other parts it
// is given as arguments; the task runs the loop and answers what the parts call back for.
type taskRun struct {
	in     TaskRequest
	logger log.Logger

	task        taskState     // what was asked, who holds it, how it ended
	loop        eventLoop     // the selector and the work in flight
	actions     actionQueue   // people's actions in the order they happened
	log         signalLog     // the actions received, accepted or not
	answers     answers       // the updates waiting for their action's record
	clocks      clocks        // the SLA clocks, their timers and warnings
	escalations escalations   // the climbs, one at a time
	staffing    staffing      // the roster's booking of a person
	early       earlyAcks     // the acknowledges waiting for the roster's answer
	governance  governance    // the approval and the completion held for it
	announced   announcements // the notices sent and the search attributes published
	automation  automation    // the type's automation and its run
	ledger      ledgerOutbox  // the facts for the leaders' ledger, not written yet
}

// run routes the task to its lane and handles events until it completes and
// nothing is in flight, or until the task is cancelled; then it closes the task.
func (t *taskRun) run(ctx workflow.Context) error {
	t.listen(ctx)
	t.governance.requireFor(t.task.Scores.Criticality)
	if why, ok := selfService(t.in.Triage); ok {
		t.finish(ctx, OutcomeSelfService, "intake", why, completion("intake")) // intake's triage closes it at once
	} else {
		t.route(ctx)
	}
	t.publish(ctx)
	for !t.loop.cancelled() && (t.task.Stage != StageCompleted || t.loop.busy()) {
		if t.task.Stage == StageCompleted {
			t.ledger.holdForClose() // only work in flight is left; the close writes the last facts
		}
		t.handleEvent(ctx)
	}
	return t.close(ctx)
}

// listen opens the loop to what reaches the task from outside: people's actions,
// signals of unknown names, the escalations' level reports and the roster's notices.
func (t *taskRun) listen(ctx workflow.Context) {
	t.loop.open(ctx)
	t.actions.listen(ctx, &t.loop, t.task.ReceivedAt, func(woke workflow.ReceiveChannel) {
		// This one and any others waiting, in the order they happened, up to the first
		// timer that fired and is not handled yet: later ones wait for its handler.
		t.actions.collect(ctx, woke)
		t.applyActions(ctx, t.actions.firstDue())
	})
	t.log.watchUnknown(ctx, t.logger, &t.answers, &t.ledger, t.task.TaskID)
	t.escalations.listen(ctx, &t.loop, t)
	t.staffing.listen(ctx, &t.loop, func(n roster.Notice) {
		t.staffing.onNotice(ctx, &t.loop, t, &t.task, &t.governance, &t.escalations, n)
	})
}

// handleEvent handles the next event, then what it let through: the actions a
// timer's catch-up left for later, and the acknowledges held for the roster's answer.
func (t *taskRun) handleEvent(ctx workflow.Context) {
	if more := t.loop.handleNext(ctx); !more {
		t.applyActions(ctx, time.Time{})
	}
	t.settleHeldAcks(ctx)
	// The lists that grow with what happens to the task stay bounded, as the status shows them.
	t.task.Notices = boundNotices(t.task.Notices)
	t.escalations.bound()
}

// close ends the run: a task cancelled while open closes as cancelled, and the
// actions that arrived with the end are refused, so none is lost silently and every
// update is answered. A task cancelled after it completed keeps its outcome.
func (t *taskRun) close(ctx workflow.Context) error {
	var err error
	if t.loop.cancelled() && t.task.Outcome == "" {
		// The workflow ends as cancelled; its timers and activities are cancelled with it.
		t.task.cancel(workflow.Now(ctx))
		dctx, _ := workflow.NewDisconnectedContext(ctx)
		t.publish(dctx)
		if f := t.staffing.giveBack(dctx, &t.loop, &t.task, false, 0, "cancelled"); f != nil {
			_ = f.Get(dctx, nil) // a roster that missed it finds the task closed at its next check
		}
		err = ctx.Err()
	}
	// The signals that arrived with the completion are refused, and the level reports
	// and notices dropped: nothing is left to update.
	t.actions.collect(ctx, nil)
	t.applyActions(ctx, time.Time{})
	t.escalations.drain()
	t.staffing.drain()
	t.settleHeldAcks(ctx) // refused: the task is closed
	// The updates those refusals answered return their records before the task closes.
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	if werr := workflow.Await(dctx, func() bool { return workflow.AllHandlersFinished(dctx) }); werr != nil {
		return werr
	}
	// The task closes only once the ledger holds its last fact, this one.
	t.record(ctx, closedFact(&t.task, t.clocks.resolution().PausedFor))
	if werr := t.ledger.flush(dctx); werr != nil {
		return werr
	}
	return err
}

// route starts the SLA clocks and hands the task to its lane.
func (t *taskRun) route(ctx workflow.Context) {
	t.clocks.startResponse(ctx, t, &t.task, t.task.Lane == catalog.LaneAutomated || t.task.Lane == catalog.LaneHybrid)
	t.clocks.start(ctx, t, &t.task, "resolution", t.clocks.resolution())
	// A rostered team books a person by the rules; the named assignee is only a preference.
	first := RoleAssignee(t.task.OwnerRole)
	if t.in.Assignee != "" && !t.staffing.staffed() {
		first = t.in.Assignee
	}
	switch t.task.Lane {
	case catalog.LaneAutomated:
		t.automation.start(ctx, &t.loop, t, &t.task, &t.clocks, &t.governance, &t.escalations)
	case catalog.LaneHybrid:
		t.automation.start(ctx, &t.loop, t, &t.task, &t.clocks, &t.governance, &t.escalations)
		t.assign(ctx, StepConfirm, first)
	default:
		t.assign(ctx, StepWork, first)
	}
}

// view is the task's status as its query answers it, with who may approve now.
func (t *taskRun) view() TaskStatus {
	st := t.current()
	st.Approvers = t.governance.approvers(&t.task)
	boundLists(&st)
	return st
}

// current is the task's status as its parts hold it now.
func (t *taskRun) current() TaskStatus {
	var st TaskStatus
	t.task.show(&st)
	t.automation.show(&st)
	t.clocks.show(&st)
	t.escalations.show(&st)
	t.staffing.show(&st)
	t.governance.show(&st)
	t.log.show(&st)
	return st
}
