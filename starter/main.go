// Command starter is how intake systems and people talk to Lanes: it submits
// tasks, sends people's actions as signals, shows a task's state, reads and
// changes the teams' rosters, and serves the HTTP intake service.
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
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "starter:", err)
		os.Exit(1)
	}
}

// usageText is starter's usage; %s is where the actions' lines go.
const usageText = `usage: starter COMMAND [flags]   (each command takes -h)
  submit       submit a task from flags or a JSON file (--file)
  import       start one task per row of a CSV file (- for stdin; --dry-run, --json, --concurrency);
               exits non-zero if a row was rejected or failed, and a rerun starts nothing twice
  status       show a task's state
%s  roster       show a team's roster, or change it: starter roster TEAM [join|leave|out-of-office|back-in-office|change-hours]
  catalog      list the task types
  serve        run the HTTP intake service (--addr; tokens from LANES_INTAKE_TOKENS, or --insecure-dev)
  schedule     the Temporal Schedules that start recurring work: starter schedule [create|list|pause|unpause|trigger|delete]
  report       the leaders' numbers from the task ledger: starter report capacity|flow|review
               (--team, --from/--to or --month, --zone, --json or --csv)
  intake-report  which business units send the most, the rush share and its value, tiers, busiest days and hours,
               from the task ledger (--since, --team, --zone, --json)
  ledger       the task ledger: starter ledger backfill records the tasks closed within retention that it lacks (--since, --dry-run, --json)

A task command takes the task ID with --task or first: starter complete task-42 --as bob.
Temporal is reached through TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY
and TEMPORAL_TLS_* (see docs/configuration.md); the catalog through LANES_CATALOG.
serve takes LANES_INTAKE_TOKENS as comma-separated name=token pairs, one per intake system.`

// usage lists starter's commands, the actions' from workflows.Actions.
func usage() string {
	var lines strings.Builder
	for _, a := range workflows.Actions() {
		fmt.Fprintf(&lines, "  %-11s  %s\n", a.Name, a.Help)
	}
	return fmt.Sprintf(usageText, lines.String())
}

// env is what every command shares: the catalog, the Temporal client and where output goes.
type env struct {
	getenv  func(string) string
	stdin   io.Reader
	out     io.Writer
	catalog *catalog.Catalog
	conn    connect.Config
	uiURL   string
	// now reads the clock for "time left"; nil leaves it out.
	now  func() time.Time
	dial func(ctx context.Context) (*intake.Client, func(), error)
}

// run is starter without the process: its arguments, environment and streams are given.
// A command's -h prints its usage to stdout and is no error.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		_, err := fmt.Fprintln(stdout, usage())
		return err
	}
	e, err := newEnv(getenv, stdin, stdout)
	if err != nil {
		return err
	}
	if err := e.run(ctx, args[0], args[1:]); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

// run runs one command with its flags.
func (e *env) run(ctx context.Context, cmd string, rest []string) error {
	switch cmd {
	case "submit":
		return e.submit(ctx, rest)
	case "import":
		return e.importTasks(ctx, rest)
	case "status":
		return e.status(ctx, rest)
	case "roster":
		return e.roster(ctx, rest)
	case "catalog":
		return e.catalogCmd(rest)
	case "serve":
		return e.serve(ctx, rest)
	case "schedule":
		return e.schedule(ctx, rest)
	case "intake-report":
		return e.intakeReportCmd(ctx, rest)
	case "ledger":
		return e.ledgerCmd(ctx, rest)
	case "report":
		return e.report(ctx, rest)
	}
	if cmd == "ack" {
		cmd = workflows.SignalAcknowledge
	}
	if action, ok := workflows.LookupAction(cmd); ok {
		return e.act(ctx, action, rest)
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage())
}

func newEnv(getenv func(string) string, stdin io.Reader, stdout io.Writer) (*env, error) {
	conn, err := connect.FromEnv(getenv)
	if err != nil {
		return nil, err
	}
	cat, err := catalog.Load(getenv("LANES_CATALOG"))
	if err != nil {
		return nil, fmt.Errorf("LANES_CATALOG: %w", err)
	}
	prefix := strings.TrimSpace(getenv("LANES_QUEUE_PREFIX"))
	if prefix == "" {
		prefix = workflows.DefaultQueuePrefix
	}
	uiURL := strings.TrimRight(strings.TrimSpace(getenv("LANES_UI_URL")), "/")
	if uiURL == "" {
		uiURL = "http://localhost:8233"
	}
	e := &env{getenv: getenv, stdin: stdin, out: stdout, catalog: cat, conn: conn, uiURL: uiURL, now: time.Now}
	e.dial = func(ctx context.Context) (*intake.Client, func(), error) {
		logger, err := connect.NewLogger("warn", true)
		if err != nil {
			return nil, nil, err
		}
		c, err := connect.Dial(ctx, conn, logger.WithOptions(zap.IncreaseLevel(zap.WarnLevel)))
		if err != nil {
			return nil, nil, err
		}
		in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(prefix).Tasks}
		return in, func() { c.Close(); _ = logger.Sync() }, nil
	}
	return e, nil
}
