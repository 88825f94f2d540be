package bench

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// intakeBenchType is what the intake bench submits: an automated type whose built-in
// automation needs no outside system, so every task also runs to completion.
const intakeBenchType = "utm-naming-validation"

// UTMPayload is a payload of utm-naming-validation that its built-in automation passes.
const UTMPayload = `{"urls":["https://example.com/?utm_source=news&utm_medium=email&utm_campaign=spring"]}`

// benchIntakeOptions are the intake bench's flags.
type benchIntakeOptions struct {
	n, concurrency int
}

func parseBenchIntake(args []string, output io.Writer) (benchIntakeOptions, error) {
	fs := flags("intake", "  POST N tasks to the HTTP intake service from concurrent clients and print requests/s and latencies", output)
	var o benchIntakeOptions
	fs.IntVar(&o.n, "n", 500, "POST /v1/tasks requests, each a new "+intakeBenchType+" task")
	fs.IntVar(&o.concurrency, "concurrency", 20, "intake clients sending at once, each on its own connection")
	if err := parse(fs, args); err != nil {
		return o, err
	}
	if o.n < 1 || o.concurrency < 1 {
		return o, errors.New("-n and -concurrency: must be at least 1")
	}
	return o, nil
}

// Intake measures the HTTP intake service end to end: the handler of starter
// serve, in this process on a loopback port with a bearer token, over a real client
// to the configured server, with its own worker on its own queues running the tasks.
func Intake(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	o, err := parseBenchIntake(args, stdout)
	if err != nil {
		return err
	}
	cfg, c, err := dial(ctx, getenv, "intake-")
	if err != nil {
		return err
	}
	defer c.Close()
	cfg.Pools = []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud}
	cfg.RosterPath = lanesworker.RosterOff // the automated type needs no roster, and the server's people stay unbooked
	l, err := startLocalLanes(ctx, cfg, c)
	if err != nil {
		return err
	}
	defer l.stop()
	logger := cfg.Logger
	token := rand.Text()
	base, stopService, err := startIntakeService(&intakeapi.Client{Intake: l.in}, token, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := stopService(); err != nil {
			logger.Warn("Intake service did not stop cleanly", zap.Error(err))
		}
	}()
	fmt.Fprintf(stdout, "Lanes intake bench: %d %s requests from %d clients to POST %s/v1/tasks (bearer token), server %s, namespace %s\n\n",
		o.n, intakeBenchType, o.concurrency, base, cfg.Temporal.Address, cfg.Temporal.Namespace)

	ids, bodies, err := intakeBenchRequests(cfg.QueuePrefix, o.n)
	if err != nil {
		return err
	}
	poster := NewIntakePoster(base, token, o.concurrency)
	defer poster.Close()
	answers := make([]IntakeAnswer, o.n)
	_ = ForEach(o.n, o.concurrency, func(i int) error {
		answers[i] = poster.Post(ctx, bodies[i])
		return nil // a failed request is counted, not fatal
	})
	times, followErr := followIntakeTasks(ctx, c, ids, answers, o.concurrency)
	// What finished is printed even when some task did not: the figures show how far it got.
	if err := printIntakeFigures(stdout, intakeFiguresOf(answers, times)); err != nil {
		return err
	}
	return followErr
}

// intakeBenchRequests are the bench's n request IDs under prefix and their bodies,
// encoded before the clock starts.
func intakeBenchRequests(prefix string, n int) ([]string, [][]byte, error) {
	ids, bodies := make([]string, n), make([][]byte, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%d", prefix, i)
		body, err := json.Marshal(workflows.TaskRequest{RequestID: ids[i], TaskType: intakeBenchType,
			Title: fmt.Sprintf("bench intake %d", i), Payload: json.RawMessage(UTMPayload)})
		if err != nil {
			return nil, nil, fmt.Errorf("encode request %d: %w", i, err)
		}
		bodies[i] = body
	}
	return ids, bodies, nil
}

// startIntakeService serves the intake handler on a free loopback port with one token,
// through the same server starter serve runs; stop shuts it down and waits for it.
func startIntakeService(backend intakeapi.Backend, token string, logger *zap.Logger) (string, func() error, error) {
	h, err := intakeapi.New(intakeapi.Config{Backend: backend, Tokens: []intakeapi.Token{{Name: "bench", Value: token, Scopes: intakeapi.DefaultScopes()}}, Logger: logger})
	if err != nil {
		return "", nil, err
	}
	ln, err := intakeapi.Listen("intake service", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- intakeapi.Serve(ctx, ln, h, logger) }()
	return "http://" + ln.Addr().String(), func() error {
		cancel()
		return <-served
	}, nil
}
