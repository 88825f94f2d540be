package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/roster"
)

// maxNoticesInFlight keeps a roster's notices and resync questions well under
// Temporal's limit of 2,000 signals a workflow may have in flight.
const maxNoticesInFlight = 200

// outbox holds the tasks a roster has news for, oldest first, each once. What a task
// is told is read from the roster when its notice goes out, so a task placed in the
// queue and booked before its turn hears only of the booking, in one signal.
type outbox struct {
	order []string
	head  int
	in    map[string]bool
	// explicit are notices the roster's state cannot give again: an ask it refused.
	explicit map[string]roster.Notice
}

func newOutbox() outbox {
	return outbox{in: map[string]bool{}, explicit: map[string]roster.Notice{}}
}

func (o *outbox) add(taskID string) {
	if !o.in[taskID] {
		o.in[taskID] = true
		o.order = append(o.order, taskID)
	}
}

func (o *outbox) pop() (string, bool) {
	if o.head == len(o.order) {
		return "", false
	}
	id := o.order[o.head]
	o.order[o.head] = ""
	o.head++
	if o.head > 1024 && o.head*2 > len(o.order) {
		o.order, o.head = append([]string(nil), o.order[o.head:]...), 0
	}
	delete(o.in, id)
	return id, true
}

func (o *outbox) len() int { return len(o.order) - o.head }

// notify queues the tasks of notices the roster decided, and sends what the limit on
// signals in flight allows. A booking is listed as notifying until its notice has
// reached the task; a notice the state cannot give again is kept as it is.
func (r *rosterRun) notify(ctx workflow.Context, notices []roster.Notice) {
	for _, n := range notices {
		if r.state.Knows(n.TaskID) {
			r.state.Notifying(n)
			delete(r.out.explicit, n.TaskID)
		} else {
			r.out.explicit[n.TaskID] = n
		}
		r.out.add(n.TaskID)
	}
	r.pump(ctx)
}

// pump sends queued notices while fewer than maxNoticesInFlight are on their way. A
// closing run sends nothing new: the next run tells what is left.
func (r *rosterRun) pump(ctx workflow.Context) {
	for !r.closing && len(r.flight) < maxNoticesInFlight {
		id, ok := r.out.pop()
		if !ok {
			return
		}
		n, ok := r.state.NoticeFor(id)
		if !ok {
			if n, ok = r.out.explicit[id]; !ok {
				continue // released since: nothing to tell
			}
		}
		delete(r.out.explicit, id)
		r.send(ctx, n)
	}
}

// leftToTell lists what a closing run carries to the next one: the notices its state
// cannot give again. Bookings still notifying and waiting tasks whose place has not
// reached them are in the state, and the next run tells them first.
func (r *rosterRun) leftToTell() []roster.Notice {
	var out []roster.Notice
	for _, id := range r.out.order[r.out.head:] {
		if n, ok := r.out.explicit[id]; ok && !r.state.Knows(id) {
			out = append(out, n)
		}
	}
	return out
}

// send signals a task its notice, numbered so the task can tell old from new;
// awaitDeliveries follows it until it lands.
func (r *rosterRun) send(ctx workflow.Context, n roster.Notice) {
	// Numbered from the clock as well, so a roster reset or started again never
	// repeats a number its tasks already took.
	r.state.Serial = max(r.state.Serial+1, int(workflow.Now(ctx).UnixMilli()))
	n.Serial = r.state.Serial
	f := workflow.SignalExternalWorkflow(ctx, n.TaskID, "", SignalRosterNotice, RosterNoticeSignal{Notice: n})
	r.state.Notifying(n) // a booking is listed as notifying until the task has its notice
	r.flight = append(r.flight, sentNotice{notice: n, delivered: f})
}

// sentNotice is a notice on its way, and the future of its signal.
type sentNotice struct {
	notice    roster.Notice
	delivered workflow.Future
}

// awaitDeliveries runs for the whole run, one coroutine for every notice on its way
// (a coroutine each would cost every workflow task, and every replay of one, a step
// per notice in flight): as signals land, it marks the bookings delivered, releases
// the places of tasks gone, and sends what waits in the outbox.
func (r *rosterRun) awaitDeliveries(ctx workflow.Context) {
	landed := func() bool {
		for _, s := range r.flight {
			if s.delivered.IsReady() {
				return true
			}
		}
		return false
	}
	for {
		if err := workflow.Await(ctx, landed); err != nil {
			return
		}
		var done []sentNotice
		kept := make([]sentNotice, 0, len(r.flight))
		for _, s := range r.flight {
			if s.delivered.IsReady() {
				done = append(done, s)
			} else {
				kept = append(kept, s)
			}
		}
		r.flight = kept
		for _, s := range done {
			r.delivered(ctx, s)
		}
		r.pump(ctx)
		if r.longEnough(ctx) {
			r.changed.SendAsync(true) // the loop waits for messages; wake it to continue as new
		}
	}
}

// delivered records how a notice's signal ended. A task that has closed cannot take
// its booking, so the roster releases it and lets the next waiting task in.
func (r *rosterRun) delivered(ctx workflow.Context, s sentNotice) {
	n := s.notice
	if err := s.delivered.Get(ctx, nil); err != nil {
		r.logger.Info("Task gone; its place is released", "task", n.TaskID, "error", err)
		now := workflow.Now(ctx)
		r.state.MarkClosed(n.TaskID, n.Seq, now)
		if r.state.Release(n.TaskID, false, 0, now) {
			r.notify(ctx, r.state.Drain(now))
		}
		return
	}
	r.state.Delivered(n.TaskID, n.Serial)
	if n.Position > 0 {
		r.state.Told(n.TaskID)
	}
}
