package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/workflows"
)

// devSynopsis is what `worker dev -h` says before the flags.
const devSynopsis = `  start a Temporal dev server under --dir and run Lanes, its dev automation endpoint and its HTTP intake service on it.
  The Temporal CLI comes from --temporal-cli, else ` + temporalCLIEnv + `, else <dir>/bin/temporal, else temporal on PATH;
  with none, the first run installs ` + temporalCLIModule + ` into <dir>/bin (` + installEstimate + `).`

func runDev(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := commandFlags("dev", devSynopsis, stdout)
	dir := fs.String("dir", ".lanes", "folder for the dev server's database, logs and the Temporal CLI (git-ignored)")
	port := fs.Int("port", 7233, "dev server gRPC port")
	uiPort := fs.Int("ui-port", 8233, "Temporal Web UI port")
	cliPath := fs.String("temporal-cli", "", "path to an installed temporal CLI (default: "+temporalCLIEnv+", <dir>/bin/temporal, temporal on PATH, else install it)")
	endpoint := fs.String("automation-endpoint", "127.0.0.1:8240", "address of the dev automation endpoint used when no RPA or cloud webhook is set")
	intakeAddr := fs.String("intake-addr", "127.0.0.1:8080", "address of the HTTP intake service (empty: none)")
	insecureDev := fs.Bool("insecure-dev", false, "run the intake service without bearer tokens when "+intakeapi.TokensEnv+" is unset (development only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg, logger, cat, err := setup(getenv)
	if err != nil {
		return err
	}
	defer func() { _ = logger.Sync() }()
	cfg.Temporal = connect.Config{Address: fmt.Sprintf("127.0.0.1:%d", *port), Namespace: "default"}
	intakeService, err := openDevIntake(*intakeAddr, *insecureDev, getenv)
	if err != nil {
		return err
	}
	defer intakeService.close()

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
	if err := EnsureSearchAttributes(ctx, c, cfg.Temporal.Namespace); err != nil {
		return err
	}
	if cfg.RPA.WebhookURL == "" || cfg.Cloud.WebhookURL == "" || cfg.AdPlatformWebhookURL == "" {
		base, stopEndpoint, err := startDevAutomationEndpoint(*endpoint, logger)
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

Submit a task from another terminal, and see who the roster booked:
  go run ./starter submit --type creative-stakeholder-review --title "Review spring hero banner"
  go run ./starter roster marketing-ops
Press Ctrl-C to stop the worker and the server.

`, *uiPort, cfg.Temporal.Address, filepath.Join(*dir, "dev", "temporal.db"),
		fmt.Sprintf("%+v", workflows.QueuesWithPrefix(cfg.QueuePrefix)), cfg.RPA.WebhookURL, cfg.Cloud.WebhookURL, cfg.AdPlatformWebhookURL,
		rosterSummary(cfg))
	served, err := intakeService.serve(ctx, c, cat, workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks, stdout, logger)
	if err != nil {
		return err
	}
	if err := RunWorker(ctx, cfg, c, cat, notifier(cfg, logger), logger); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err := <-served; err != nil {
		logger.Warn("Intake service stopped with an error", zap.Error(err))
	}
	fmt.Fprintln(stdout, "Stopping Lanes and the dev server…")
	return nil
}

type devServer struct {
	cmd    *exec.Cmd
	exited chan error
	log    string
}

func startDevServer(cli, dir string, port, uiPort int) (*devServer, error) {
	dataDir := filepath.Join(dir, "dev")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dataDir, err)
	}
	logPath := filepath.Join(dataDir, "server.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", logPath, err)
	}
	cmd := exec.Command(cli, "server", "start-dev",
		"--db-filename", filepath.Join(dataDir, "temporal.db"),
		"--ip", "127.0.0.1", "--port", fmt.Sprint(port), "--ui-port", fmt.Sprint(uiPort),
		"--namespace", "default", "--log-level", "warn",
		// One partition per task queue: with one local worker, the default four leave
		// tasks waiting on partitions nobody polls, and lifecycles take seconds, not milliseconds.
		"--dynamic-config-value", "matching.numTaskqueueReadPartitions=1",
		"--dynamic-config-value", "matching.numTaskqueueWritePartitions=1")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The worker stops the server itself after the worker drains, so Ctrl-C must not reach it first.
	cmd.SysProcAttr = devServerProcAttr()
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("start %s server start-dev: %w", cli, err)
	}
	s := &devServer{cmd: cmd, exited: make(chan error, 1), log: logPath}
	go func() {
		s.exited <- cmd.Wait()
		_ = logFile.Close()
	}()
	return s, nil
}

func (s *devServer) stop(logger *zap.Logger) {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		logger.Warn("Dev server did not stop in 15s; killing it")
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// dialWhenReady connects once the dev server answers, or reports why it never did.
func dialWhenReady(ctx context.Context, cfg connect.Config, logger *zap.Logger, s *devServer) (client.Client, error) {
	deadline := time.Now().Add(90 * time.Second)
	for {
		dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		c, err := connect.Dial(dctx, cfg, logger)
		cancel()
		if err == nil {
			return c, nil
		}
		select {
		case exitErr := <-s.exited:
			s.exited <- exitErr
			return nil, fmt.Errorf("the dev server exited (%v); see %s (is port %s in use?)", exitErr, s.log, cfg.Address)
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the dev server did not answer within 90s: %w; see %s", err, s.log)
		}
	}
}
