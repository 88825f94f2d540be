package bench

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

// ParkedTasks stand in for thousands of review tasks: parked workflows that take the
// roster's notices, whose asks and releases are sent straight to the roster, the same
// signals the task workflow sends. A roster then meets a burst as large as a bulk
// import while the server does little besides the roster's own work.
type ParkedTasks struct {
	c        client.Client
	rosterID string
	queue    string // polled by nobody
	ids      []string
	limit    int // calls in flight at once
	// request is what each stand-in asks, but for its ID and time.
	request roster.Request
}

// NewParkedTasks plans n stand-ins for reviews of the catalog's review type.
func NewParkedTasks(c client.Client, cat *catalog.Catalog, rosterID, prefix string, n, limit int) (*ParkedTasks, error) {
	tt, ok := cat.TaskType(ReviewType)
	if !ok {
		return nil, fmt.Errorf("catalog %s lacks %q", cat.Ref(), ReviewType)
	}
	bucket := catalog.ClassifyBucket(tt.Scores)
	p := &ParkedTasks{c: c, rosterID: rosterID, queue: prefix + "-parked", ids: make([]string, n), limit: limit,
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

// Park starts every stand-in; they time out on their own after six hours.
func (p *ParkedTasks) Park(ctx context.Context) error {
	return ForEach(len(p.ids), p.limit, func(i int) error {
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

// AskAll sends every stand-in's ask at once, as each task would when it starts.
func (p *ParkedTasks) AskAll(ctx context.Context) error {
	return p.ask(ctx, p.ids)
}

// ask sends the asks of some stand-ins at once.
func (p *ParkedTasks) ask(ctx context.Context, ids []string) error {
	return ForEach(len(ids), p.limit, func(i int) error {
		req := p.request
		req.TaskID, req.At = ids[i], time.Now().UTC()
		if err := p.c.SignalWorkflow(ctx, p.rosterID, "", workflows.SignalRequestPerson, workflows.RequestPersonSignal{Request: req}); err != nil {
			return fmt.Errorf("ask for %s: %w", ids[i], err)
		}
		return nil
	})
}

// Release gives back the bookings of tasks as completions, as each task would.
func (p *ParkedTasks) Release(ctx context.Context, ids []string) error {
	return ForEach(len(ids), p.limit, func(i int) error {
		err := p.c.SignalWorkflow(ctx, p.rosterID, "", workflows.SignalReleasePerson, workflows.ReleasePersonSignal{
			TaskID: ids[i], Completed: true, ActualHours: p.request.Hours, Reason: "completed", Seq: p.request.Seq})
		if err != nil {
			return fmt.Errorf("release %s: %w", ids[i], err)
		}
		return nil
	})
}

// End terminates the roster, then the stand-ins, so the roster never sees them gone.
func (p *ParkedTasks) End(ctx context.Context) error {
	if err := p.c.TerminateWorkflow(ctx, p.rosterID, "", "stand-ins finished"); err != nil && !IsNotFound(err) {
		return fmt.Errorf("terminate %s: %w", p.rosterID, err)
	}
	return ForEach(len(p.ids), p.limit, func(i int) error {
		if err := p.c.TerminateWorkflow(ctx, p.ids[i], "", "stand-ins finished"); err != nil && !IsNotFound(err) {
			return fmt.Errorf("terminate %s: %w", p.ids[i], err)
		}
		return nil
	})
}
