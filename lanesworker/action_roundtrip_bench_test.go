package lanesworker_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// BenchmarkActionRoundTrip measures, on the test server, how long a person's
// action takes to be answered: the door's signal path (the signal, then the answer
// read from the task's status; intake.Send's fallback) on the real task and on
// probeWorkflow, against a Workflow Update with a validator on probeWorkflow, and
// intake.Send on the real task, which sends an update. An op is one action: accepted
// (wait-on-requester and resume in turn) or refused (resume while not paused). The
// figures and the decision are in docs/signals.md; run it with
//
//	go test ./lanesworker -run '^$' -bench ActionRoundTrip -benchtime 200x
func BenchmarkActionRoundTrip(b *testing.B) {
	ts := temporalserver.Start(b)
	c := ts.Client()
	ctx := b.Context()
	in := startBenchWorker(b, ctx, ts)
	task, holder := submitBookedTask(b, ctx, in)
	probe := startProbe(b, ctx, ts)

	fast := *in
	fast.PollInterval = 5 * time.Millisecond
	for _, target := range []struct {
		name, id string
		in       *intake.Client
	}{{"task", task, in}, {"task-poll5ms", task, &fast}, {"probe", probe, in}, {"probe-poll5ms", probe, &fast}} {
		send := func(b *testing.B, i int) workflows.SignalRecord {
			name, msg := pauseOrResume(holder, i)
			rec, err := signalAndWait(ctx, target.in, target.id, name, msg)
			if err != nil {
				b.Fatal(err)
			}
			return rec
		}
		b.Run(target.name+"/signal+status/accepted", func(b *testing.B) {
			defer countEvents(b, c, target.id)()
			for i := range b.N {
				if rec := send(b, i); !rec.Accepted {
					b.Fatal(rec.Name, " refused: ", rec.Reason)
				}
			}
			if b.N%2 == 1 {
				send(b, 1) // resume, so every run starts with the clock running; counted as an op
			}
		})
		b.Run(target.name+"/signal+status/refused", func(b *testing.B) {
			defer countEvents(b, c, target.id)()
			for range b.N {
				if rec := send(b, 1); rec.Accepted {
					b.Fatal("resume while not paused was accepted")
				}
			}
		})
	}
	sendToTask := func(b *testing.B, i int) workflows.SignalRecord {
		name, msg := pauseOrResume(holder, i)
		rec, err := intake.Send(ctx, in, task, name, msg)
		if err != nil {
			b.Fatal(err)
		}
		return rec
	}
	b.Run("task/send/accepted", func(b *testing.B) {
		defer countEvents(b, c, task)()
		for i := range b.N {
			if rec := sendToTask(b, i); !rec.Accepted {
				b.Fatal(rec.Name, " refused: ", rec.Reason)
			}
		}
		if b.N%2 == 1 {
			sendToTask(b, 1)
		}
	})
	b.Run("task/send/refused", func(b *testing.B) {
		defer countEvents(b, c, task)()
		for range b.N {
			if rec := sendToTask(b, 1); rec.Accepted {
				b.Fatal("resume while not paused was accepted")
			}
		}
	})
	b.Run("probe/update/accepted", func(b *testing.B) {
		defer countEvents(b, c, probe)()
		for i := range b.N {
			if err := update(ctx, c, probe, holder, i); err != nil {
				b.Fatal(err)
			}
		}
		if b.N%2 == 1 {
			if err := update(ctx, c, probe, holder, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("probe/update/refused", func(b *testing.B) {
		defer countEvents(b, c, probe)()
		for range b.N {
			if err := update(ctx, c, probe, holder, 1); err == nil {
				b.Fatal("resume while not paused was accepted")
			}
		}
	})
}

// countEvents reports the history events a sub-benchmark's actions added per op;
// call the function it returns when the actions are done.
func countEvents(b *testing.B, c client.Client, workflowID string) func() {
	before := historyLength(b, c, workflowID)
	b.ResetTimer()
	return func() {
		b.StopTimer()
		b.ReportMetric(float64(historyLength(b, c, workflowID)-before)/float64(b.N), "events/op")
	}
}

func historyLength(b *testing.B, c client.Client, workflowID string) int {
	n := 0
	for it := c.GetWorkflowHistory(b.Context(), workflowID, "", false, 0); it.HasNext(); n++ {
		if _, err := it.Next(); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

// startBenchWorker runs the Lanes worker on ts and gives an intake client for it.
func startBenchWorker(b *testing.B, ctx context.Context, ts *temporalserver.Server) *intake.Client {
	c := ts.Client()
	cat, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	if err := lanesworker.EnsureSearchAttributes(ctx, c, ts.Namespace()); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(&recordingEndpoint{calls: map[string]int{}})
	cfg := lanesworker.Config{
		QueuePrefix: "bench", Pools: []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud},
		RPA:     lanesworker.PoolConfig{WebhookURL: srv.URL + "/rpa", Concurrency: 4},
		Cloud:   lanesworker.PoolConfig{WebhookURL: srv.URL + "/cloud", Concurrency: 4},
		Catalog: cat, Notifier: bench.NewNoticeBoard(), Logger: zap.NewNop(),
	}
	cfg.Ledger.Path = filepath.Join(b.TempDir(), "ledger.db") // the bench's own, not one beside the package
	wctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lanesworker.RunWorker(wctx, cfg, c) }()
	b.Cleanup(func() { stop(); <-done; srv.Close() })
	return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks}
}

// submitBookedTask submits a human review and waits until the roster has booked someone.
func submitBookedTask(b *testing.B, ctx context.Context, in *intake.Client) (taskID, holder string) {
	sub, err := in.Submit(ctx, workflows.TaskRequest{RequestID: "bench-roundtrip", TaskType: "creative-stakeholder-review", Title: "Round trip"})
	if err != nil {
		b.Fatal(err)
	}
	st, err := in.WaitFor(ctx, sub.TaskID, booked(func(workflows.TaskStatus) bool { return true }))
	if err != nil {
		b.Fatal(err)
	}
	return sub.TaskID, st.Assignee
}

// pauseOrResume is the i-th accepted action of a run: wait-on-requester, then resume.
func pauseOrResume(actor string, i int) (string, workflows.HumanSignal) {
	h := workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: actor}
	if i%2 == 0 {
		return workflows.SignalWaitOnRequester, &workflows.WaitOnRequesterSignal{ActionHeader: h, Reason: "the brief"}
	}
	return workflows.SignalResume, &workflows.ResumeSignal{ActionHeader: h}
}

// signalAndWait is the door's signal path: the task is open, the stamped action
// goes as a signal, and its answer is read from the task's status.
func signalAndWait(ctx context.Context, in *intake.Client, workflowID, name string, msg workflows.HumanSignal) (workflows.SignalRecord, error) {
	var rec workflows.SignalRecord
	if _, err := in.Temporal.DescribeWorkflowExecution(ctx, workflowID, ""); err != nil {
		return rec, err
	}
	if err := in.Temporal.SignalWorkflow(ctx, workflowID, "", name, workflows.StampSignal(msg, time.Now())); err != nil {
		return rec, err
	}
	id, _ := msg.Header()
	_, err := in.WaitFor(ctx, workflowID, func(st workflows.TaskStatus) bool {
		for _, r := range st.Signals {
			if r.SignalID == id {
				rec = r
				return true
			}
		}
		return false
	})
	return rec, err
}

// update sends the i-th action as an update and waits for its result.
func update(ctx context.Context, c client.Client, workflowID, actor string, i int) error {
	name, msg := pauseOrResume(actor, i)
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflowID, UpdateName: name, Args: []any{msg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return err
	}
	return h.Get(ctx, nil)
}

const probeQueue = "bench-probe"

// startProbe starts probeWorkflow on its own worker.
func startProbe(b *testing.B, ctx context.Context, ts *temporalserver.Server) string {
	w := ts.NewWorker(probeQueue, func(r worker.Registry) { r.RegisterWorkflow(probeWorkflow) })
	b.Cleanup(w.Stop)
	run, err := ts.Client().ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "probe-roundtrip", TaskQueue: probeQueue}, probeWorkflow)
	if err != nil {
		b.Fatal(err)
	}
	return run.GetID()
}

// probeWorkflow is the smallest workflow that takes wait-on-requester and resume as a
// task does: read strictly through the action table, refused while the clock is not
// in the state the action needs, and answered in its status's signal log. It takes
// each both as a signal and as an update whose validator refuses before anything is
// written to history.
func probeWorkflow(ctx workflow.Context) error {
	p := &probe{}
	if err := workflow.SetQueryHandler(ctx, workflows.QueryStatus, func() (workflows.TaskStatus, error) { return p.status, nil }); err != nil {
		return err
	}
	sel := workflow.NewSelector(ctx)
	for _, name := range []string{workflows.SignalWaitOnRequester, workflows.SignalResume} {
		action, _ := workflows.LookupAction(name)
		err := workflow.SetUpdateHandlerWithOptions(ctx, name, func(ctx workflow.Context, raw json.RawMessage) error {
			p.apply(ctx, name, raw, action)
			return nil
		}, workflow.UpdateHandlerOptions{Validator: func(_ workflow.Context, raw json.RawMessage) error {
			_, err := p.check(name, raw, action)
			return err
		}})
		if err != nil {
			return err
		}
		sel.AddReceive(workflow.GetSignalChannel(ctx, name), func(ch workflow.ReceiveChannel, _ bool) {
			var raw json.RawMessage
			ch.Receive(ctx, &raw)
			p.apply(ctx, name, raw, action)
		})
	}
	for {
		sel.Select(ctx)
	}
}

type probe struct {
	paused bool
	status workflows.TaskStatus
}

// check decodes an action and says whether the probe takes it now.
func (p *probe) check(name string, raw []byte, action workflows.Action) (workflows.HumanSignal, error) {
	s, err := action.Decode(raw)
	switch {
	case err != nil:
		return s, err
	case name == workflows.SignalResume && !p.paused:
		return s, errors.New("the resolution clock is not paused")
	case name == workflows.SignalWaitOnRequester && p.paused:
		return s, fmt.Errorf("the resolution clock is already paused")
	}
	return s, nil
}

// apply takes an action if it may, and records the answer.
func (p *probe) apply(ctx workflow.Context, name string, raw []byte, action workflows.Action) {
	s, err := p.check(name, raw, action)
	rec := workflows.NewSignalRecord(name, s)
	rec.At, rec.Accepted = workflow.Now(ctx), err == nil
	if err != nil {
		rec.Reason = err.Error()
	} else {
		p.paused = name == workflows.SignalWaitOnRequester
	}
	p.status.Signals = append(p.status.Signals, rec)
	if len(p.status.Signals) > 50 {
		p.status.Signals = p.status.Signals[1:]
	}
}
