// Command worker runs Lanes: the task workflows and the RPA and cloud automation pools.
//
//	worker          run against the Temporal server in TEMPORAL_ADDRESS (production)
//	worker dev      start a local Temporal dev server (UI on :8233) and run against it
//	worker bench    measure task lifecycles against the configured server
//	worker bench-escalation  measure how late escalations start after response deadlines
//	worker bench-roster      measure how fast a team's roster books people, and its history growth
//	worker bench-intake      measure the requests per second and latency of the HTTP intake service
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/connect"
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

const usage = `usage: worker [dev|bench|bench-escalation|bench-roster|bench-intake] [flags]   (each command takes -h)
  worker        run the Lanes worker against TEMPORAL_ADDRESS (see README for variables)
  worker dev    start a Temporal dev server under .lanes/ and run Lanes on it
  worker bench  run N task lifecycles per lane and a baseline, and print the figures
  worker bench-escalation  submit N outages at once and print how late their escalations start
  worker bench-roster      submit N human tasks at once to a fresh roster and print how fast it books them (-waiting W: with W tasks waiting)
  worker bench-intake      POST N tasks to the HTTP intake service from concurrent clients and print requests/s and latencies`

// run is the worker without the process: its arguments, environment and output are given.
// A command's -h prints its usage to stdout and is no error.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if err := runCommand(ctx, args, getenv, stdout); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

func runCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		if len(args) == 1 && isHelp(args[0]) {
			_, err := fmt.Fprintln(stdout, usage)
			return err
		}
		if len(args) > 0 {
			return fmt.Errorf("unexpected arguments %q\n%s", args, usage)
		}
		return runProduction(ctx, getenv)
	case "dev":
		return runDev(ctx, args, getenv, stdout)
	case "bench":
		return runBench(ctx, args, getenv, stdout)
	case "bench-escalation":
		return runBenchEscalation(ctx, args, getenv, stdout)
	case "bench-roster":
		return runBenchRoster(ctx, args, getenv, stdout)
	case "bench-intake":
		return runBenchIntake(ctx, args, getenv, stdout)
	case "help":
		_, err := fmt.Fprintln(stdout, usage)
		return err
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
}

// isHelp says whether an argument asks for the usage.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// commandFlags is a command's flag set: -h prints the command's synopsis and flags to
// out, and a bad flag prints them there too before the error.
func commandFlags(name, synopsis string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: worker %s [flags]\n%s\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// setup reads the configuration, the logger and the catalog every command needs.
func setup(getenv func(string) string) (Config, *zap.Logger, *catalog.Catalog, error) {
	cfg, err := LoadConfig(getenv)
	if err != nil {
		return cfg, nil, nil, err
	}
	logger, err := connect.NewLogger(cfg.LogLevel, !cfg.LogJSON)
	if err != nil {
		return cfg, nil, nil, err
	}
	cat, err := catalog.Load(cfg.CatalogPath)
	if err != nil {
		return cfg, nil, nil, fmt.Errorf("LANES_CATALOG: %w", err)
	}
	// A bad roster file is reported before dialing, as a bad catalog is; RunWorker reads it again to use it.
	if _, err := loadRoster(cfg, cat); err != nil {
		return cfg, nil, nil, err
	}
	return cfg, logger, cat, nil
}

func runProduction(ctx context.Context, getenv func(string) string) error {
	cfg, logger, cat, err := setup(getenv)
	if err != nil {
		return err
	}
	defer func() { _ = logger.Sync() }()
	c, err := connect.Dial(ctx, cfg.Temporal, logger)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := EnsureSearchAttributes(ctx, c, cfg.Temporal.Namespace); err != nil {
		return err
	}
	err = RunWorker(ctx, cfg, c, cat, notifier(cfg, logger), logger)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
