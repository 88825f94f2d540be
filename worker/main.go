// Command worker runs Lanes against the Temporal server in TEMPORAL_ADDRESS: the task
// workflows and the RPA and cloud automation pools. docs/configuration.md lists its variables.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/lanesworker"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
}

const usage = `usage: worker
  run the Lanes worker against TEMPORAL_ADDRESS until interrupted; the LANES_* and
  TEMPORAL_* variables configure it (see docs/configuration.md). It takes no arguments.
  On a local dev server: go run ./cmd/dev. Benchmarks: go run ./cmd/bench.`

// run is the worker without the process: its arguments, environment and output are given.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help"):
		_, err := fmt.Fprintln(stdout, usage)
		return err
	case len(args) > 0:
		return fmt.Errorf("unexpected arguments %q\n%s", args, usage)
	}
	cfg, err := lanesworker.LoadConfig(getenv)
	if err != nil {
		return err
	}
	defer func() { _ = cfg.Logger.Sync() }()
	c, err := connect.Dial(ctx, cfg.Temporal, cfg.Logger)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := lanesworker.EnsureSearchAttributes(ctx, c, cfg.Temporal.Namespace); err != nil {
		return err
	}
	err = lanesworker.RunWorker(ctx, cfg, c)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
