package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

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
	n, concurrency, rounds, warmup int
	// encryption is off, on or both: the payload settings the run measures.
	encryption string
}

func parseBenchIntake(args []string, output io.Writer) (benchIntakeOptions, error) {
	fs := flags("intake", "  POST N tasks to the HTTP intake service from concurrent clients, with payloads in clear and encrypted, and print requests/s and latencies", output)
	var o benchIntakeOptions
	fs.IntVar(&o.n, "n", 500, "POST /v1/tasks requests per round, each a new "+intakeBenchType+" task")
	fs.IntVar(&o.concurrency, "concurrency", 20, "intake clients sending at once, each on its own connection")
	fs.StringVar(&o.encryption, "encryption", encryptionBoth, "payloads in clear (off), encrypted with LANES_PAYLOAD_KEYS or a key made for the run (on), or both, compared in this run")
	fs.IntVar(&o.rounds, "rounds", 2, "rounds per setting; with both, in the order off, on, on, off, … so neither always goes first")
	fs.IntVar(&o.warmup, "warmup", 100, "requests each setting sends first, not counted, so no measured round pays for a cold server or worker (0: none)")
	if err := parse(fs, args); err != nil {
		return o, err
	}
	switch {
	case o.n < 1 || o.concurrency < 1:
		return o, errors.New("-n and -concurrency: must be at least 1")
	case o.rounds < 1:
		return o, errors.New("-rounds: must be at least 1")
	case o.warmup < 0:
		return o, errors.New("-warmup: must be 0 or more")
	case !slices.Contains([]string{encryptionOff, encryptionOn, encryptionBoth}, o.encryption):
		return o, fmt.Errorf("-encryption: %q; use off, on or both", o.encryption)
	}
	return o, nil
}

// Intake measures the HTTP intake service end to end: the handler of starter
// serve, in this process on a loopback port with a bearer token, over a real client
// to the configured server, with its own worker on its own queues running the tasks.
// Each payload setting has its own client, worker and service, so both run in one
// process against one server, round by round.
func Intake(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	o, err := parseBenchIntake(args, stdout)
	if err != nil {
		return err
	}
	cfg, c, err := dial(ctx, getenv, "intake-")
	if err != nil {
		return err
	}
	c.Close() // each setting dials its own client, with its own converter
	cfg.Pools = []string{lanesworker.PoolTasks, lanesworker.PoolRPA, lanesworker.PoolCloud}
	cfg.RosterPath = lanesworker.RosterOff // the automated type needs no roster, and the server's people stay unbooked
	settings, err := intakeSettings(o.encryption, cfg.Temporal.PayloadKeys)
	if err != nil {
		return err
	}
	rigs := make([]*intakeRig, len(settings))
	for i, s := range settings {
		if rigs[i], err = startIntakeRig(ctx, cfg, s, o.concurrency); err != nil {
			return err
		}
		defer rigs[i].stop()
	}
	fmt.Fprintf(stdout, "Lanes intake bench: %s of %d %s requests per setting (%s) from %d clients to POST /v1/tasks (bearer token), after %d per setting not counted; server %s, namespace %s\n\n",
		rounds(o.rounds), o.n, intakeBenchType, settingNames(settings), o.concurrency, o.warmup, cfg.Temporal.Address, cfg.Temporal.Namespace)
	for _, rig := range rigs {
		if o.warmup == 0 {
			break
		}
		if _, err := rig.round(ctx, "warmup", o.warmup, o.concurrency); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	measured := make([][]intakeFigures, len(rigs))
	for r, i := range roundOrder(len(rigs), o.rounds) {
		f, err := rigs[i].round(ctx, fmt.Sprintf("r%d", r), o.n, o.concurrency)
		measured[i] = append(measured[i], f)
		if err != nil {
			// What finished is printed even when some task did not: the figures show how far it got.
			_ = printIntakeComparison(stdout, settings, measured)
			return err
		}
	}
	return printIntakeComparison(stdout, settings, measured)
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
