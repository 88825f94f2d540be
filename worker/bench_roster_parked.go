package main

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// parkedTaskType is the workflow type of the stand-in tasks. Nobody polls their queue,
// so they never run: they exist only to take the roster's notices.
const parkedTaskType = "LanesParkedTask"

// parkedTasks stand in for thousands of review tasks: parked workflows that take the
// roster's notices, whose asks and releases are sent straight to the roster, the same
// signals the task workflow sends. A roster then meets a burst as large as a bulk
// import while the server does little besides the roster's own work.
type parkedTasks struct {
	c        client.Client
	rosterID string
	queue    string // polled by nobody
	ids      []string
	limit    int // calls in flight at once
	// request is what each stand-in asks, but for its ID and time.
	request roster.Request
}

// newParkedTasks plans n stand-ins for reviews of the catalog's review type.
func newParkedTasks(c client.Client, cat *catalog.Catalog, rosterID, prefix string, n, limit int) (*parkedTasks, error) {
	tt, ok := cat.TaskType(reviewType)
	if !ok {
		return nil, fmt.Errorf("catalog %s lacks %q", cat.Ref(), reviewType)
	}
	bucket := catalog.ClassifyBucket(tt.Scores)
	p := &parkedTasks{c: c, rosterID: rosterID, queue: prefix + "-parked", ids: make([]string, n), limit: limit,
		request: roster.Request{
			TaskType: tt.ID, Title: "parked review", Skill: tt.Skill, Senior: catalog.NeedsSenior(bucket, false),
			Allocation: catalog.AllocationFor(tt, bucket, false), Hours: float64(tt.ManualMinutes) / 60,
			Priority: workflows.QueuePriority(bucket, tt.Scores), Reason: "new task", Seq: 1,
		}}
	for i := range p.ids {
		p.ids[i] = workflows.TaskWorkflowID(fmt.Sprintf("%s-%05d", prefix, i))
	}
	return p, nil
}

// park starts every stand-in; they time out on their own after six hours.
func (p *parkedTasks) park(ctx context.Context) error {
	return forEach(len(p.ids), p.limit, func(i int) error {
		_, err := p.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: p.ids[i], TaskQueue: p.queue, WorkflowExecutionTimeout: 6 * time.Hour,
			StaticSummary: "stand-in review: parked, takes its roster's notices",
		}, parkedTaskType)
		if err != nil {
			return fmt.Errorf("park %s: %w", p.ids[i], err)
		}
		return nil
	})
}

// askAll sends every stand-in's ask at once, as each task would when it starts.
func (p *parkedTasks) askAll(ctx context.Context) error {
	return p.ask(ctx, p.ids)
}

// ask sends the asks of some stand-ins at once.
func (p *parkedTasks) ask(ctx context.Context, ids []string) error {
	return forEach(len(ids), p.limit, func(i int) error {
		req := p.request
		req.TaskID, req.At = ids[i], time.Now().UTC()
		if err := p.c.SignalWorkflow(ctx, p.rosterID, "", workflows.SignalRequestPerson, workflows.RequestPersonSignal{Request: req}); err != nil {
			return fmt.Errorf("ask for %s: %w", ids[i], err)
		}
		return nil
	})
}

// release gives back the bookings of tasks as completions, as each task would.
func (p *parkedTasks) release(ctx context.Context, ids []string) error {
	return forEach(len(ids), p.limit, func(i int) error {
		err := p.c.SignalWorkflow(ctx, p.rosterID, "", workflows.SignalReleasePerson, workflows.ReleasePersonSignal{
			TaskID: ids[i], Completed: true, ActualHours: p.request.Hours, Reason: "completed", Seq: p.request.Seq})
		if err != nil {
			return fmt.Errorf("release %s: %w", ids[i], err)
		}
		return nil
	})
}

// end terminates the roster, then the stand-ins, so the roster never sees them gone.
func (p *parkedTasks) end(ctx context.Context) error {
	if err := p.c.TerminateWorkflow(ctx, p.rosterID, "", "stand-ins finished"); err != nil && !isNotFound(err) {
		return fmt.Errorf("terminate %s: %w", p.rosterID, err)
	}
	return forEach(len(p.ids), p.limit, func(i int) error {
		if err := p.c.TerminateWorkflow(ctx, p.ids[i], "", "stand-ins finished"); err != nil && !isNotFound(err) {
			return fmt.Errorf("terminate %s: %w", p.ids[i], err)
		}
		return nil
	})
}
