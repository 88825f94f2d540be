// Package devstack runs Lanes on a laptop: a Temporal dev server, the worker, stand-ins
// for the automation executors and the ad platform, and the HTTP intake service.
package devstack

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/workflows"
)

// synopsis is what `dev -h` says before the flags.
const synopsis = `  start a Temporal dev server under --dir and run Lanes, its dev automation endpoint and its HTTP intake service on it.
  The Temporal CLI comes from --temporal-cli, else ` + temporalCLIEnv + `, else <dir>/bin/temporal, else temporal on PATH;
  with none, the first run installs ` + temporalCLIModule + ` into <dir>/bin (` + installEstimate + `).`

// Run parses the dev command's flags from args and runs the stack until ctx ends. Its
// -h prints the flags to stdout and returns flag.ErrHelp.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "usage: dev [flags]\n%s\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	dir := fs.String("dir", ".lanes", "folder for the dev server's database, logs and the Temporal CLI (git-ignored)")
	port := fs.Int("port", 7233, "dev server gRPC port")
	uiPort := fs.Int("ui-port", 8233, "Temporal Web UI port")
	cliPath := fs.String("temporal-cli", "", "path to an installed temporal CLI (default: "+temporalCLIEnv+", <dir>/bin/temporal, temporal on PATH, else install it)")
	endpoint := fs.String("automation-endpoint", "127.0.0.1:8240", "address of the dev automation endpoint used when no RPA or cloud webhook is set")
	intakeAddr := fs.String("intake-addr", "127.0.0.1:8080", "address of the HTTP intake service (empty: none)")
	insecureDev := fs.Bool("insecure-dev", false, "run the intake service without checking anyone when neither "+intakeapi.TokensEnv+" nor "+intakeapi.OIDCIssuerEnv+" is set (development only: people are not verified)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := lanesworker.LoadConfig(getenv)
	if err != nil {
		return err
	}
	logger := cfg.Logger
	defer func() { _ = logger.Sync() }()
	// Dev connects to its own server, but encrypts payloads when keys are set, to try it out.
	cfg.Temporal = connect.Config{Address: fmt.Sprintf("127.0.0.1:%d", *port), Namespace: "default", PayloadKeys: cfg.Temporal.PayloadKeys}
	if getenv("LANES_UI_URL") == "" {
		// Task links in notices and on the dashboard open this dev server's own UI.
		cfg.UIURL = fmt.Sprintf("http://localhost:%d", *uiPort)
	}
	if cfg.Ledger.DSN == "" && cfg.Ledger.Path == "" {
		// The embedded ledger lives beside the dev server's database, so one --dir holds a whole dev stack.
		cfg.Ledger.Path = filepath.Join(*dir, "dev", "ledger.db")
	}
	intakeService, err := openDevIntake(*intakeAddr, *insecureDev, getenv)
	if err != nil {
		return err
	}
	defer intakeService.close()
	if len(intakeService.origins) == 0 {
		// The dev UI's pages may read decrypted payloads through the codec route.
		intakeService.origins = []string{fmt.Sprintf("http://localhost:%d", *uiPort), fmt.Sprintf("http://127.0.0.1:%d", *uiPort)}
	}

	cli, err := ensureTemporalCLI(ctx, *dir, *cliPath, getenv, stdout)
	if err != nil {
		return err
	}
	server, err := startDevServer(cli, *dir, *port, *uiPort)
	if err != nil {
		return err
	}
	defer server.stop(logger)
	c, err := dialWhenReady(ctx, cfg.Temporal, logger, server)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := lanesworker.EnsureSearchAttributes(ctx, c, cfg.Temporal.Namespace); err != nil {
		return err
	}
	if cfg.RPA.WebhookURL == "" || cfg.Cloud.WebhookURL == "" || cfg.AdPlatformWebhookURL == "" {
		base, stopEndpoint, err := StartAutomationEndpoint(*endpoint, logger)
		if err != nil {
			return err
		}
		defer stopEndpoint()
		if cfg.RPA.WebhookURL == "" {
			cfg.RPA.WebhookURL = base + "/rpa"
		}
		if cfg.Cloud.WebhookURL == "" {
			cfg.Cloud.WebhookURL = base + "/cloud"
		}
		if cfg.AdPlatformWebhookURL == "" {
			cfg.AdPlatformWebhookURL = base + "/ads"
		}
	}
	fmt.Fprintf(stdout, `
Lanes is running on a Temporal dev server.
  Temporal UI   http://localhost:%d/namespaces/default/workflows
  gRPC          %s  (database %s)
  Task queues   %s
  Automations   rpa → %s, cloud → %s, ad platform → %s
  Rosters       %s
  Ledger        %s
  Payloads      %s

Submit a task from another terminal, and see who the roster booked:
  go run ./starter submit --type creative-stakeholder-review --title "Review spring hero banner"
  go run ./starter roster marketing-ops
Press Ctrl-C to stop the worker and the server.

`, *uiPort, cfg.Temporal.Address, filepath.Join(*dir, "dev", "temporal.db"),
		fmt.Sprintf("%+v", workflows.QueuesWithPrefix(cfg.QueuePrefix)), cfg.RPA.WebhookURL, cfg.Cloud.WebhookURL, cfg.AdPlatformWebhookURL,
		rosterSummary(cfg), ledgerSummary(cfg), cfg.Temporal.PayloadKeys.Describe())
	served, err := intakeService.serve(ctx, c, cfg, stdout, logger)
	if err != nil {
		return err
	}
	if err := lanesworker.RunWorker(ctx, cfg, c); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err := <-served; err != nil {
		logger.Warn("Intake service stopped with an error", zap.Error(err))
	}
	fmt.Fprintln(stdout, "Stopping Lanes and the dev server…")
	return nil
}

// rosterSummary says which rosters the worker keeps, for the dev banner.
func rosterSummary(cfg lanesworker.Config) string {
	switch cfg.RosterPath {
	case lanesworker.RosterOff:
		return "off (LANES_ROSTER=off): human work waits in role queues"
	case "":
		return "built-in roster/default.json: roster-marketing-ops, roster-analytics"
	}
	return "from " + cfg.RosterPath
}

// ledgerSummary says where tasks record their facts, for the dev banner; a DSN is not
// shown, as it may hold a password.
func ledgerSummary(cfg lanesworker.Config) string {
	if cfg.Ledger.DSN != "" {
		return "PostgreSQL (" + ledger.EnvDSN + ")"
	}
	return "SQLite " + cfg.Ledger.Path
}
