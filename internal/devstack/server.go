package devstack

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
)

// devServer is the Temporal CLI's dev server, run as a child process.
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
