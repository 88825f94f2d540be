package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intakeapi"
)

// shutdownGrace is how long requests in flight get to finish on SIGINT or SIGTERM.
const shutdownGrace = 20 * time.Second

// serve runs the HTTP intake service until ctx ends, then shuts it down gracefully.
func (e *env) serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.out)
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on")
	insecure := fs.Bool("insecure-dev", false, "serve without bearer tokens when "+intakeapi.TokensEnv+" is unset (development only)")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return fmt.Errorf("--addr: %q is not host:port; use one like 127.0.0.1:8080 (or :8080 for every interface)", *addr)
	}
	tokens, err := intakeapi.ParseTokens(e.getenv(intakeapi.TokensEnv))
	if err != nil {
		return err
	}
	if len(tokens) == 0 && !*insecure {
		return fmt.Errorf("%s: no intake tokens, so anyone could submit tasks; set it to name=token pairs, one per intake system (like forms=$(openssl rand -hex 32)), or pass --insecure-dev on a development machine", intakeapi.TokensEnv)
	}
	logger, err := connect.NewLogger(e.getenv("LANES_LOG_LEVEL"), e.getenv("LANES_LOG_FORMAT") != "json")
	if err != nil {
		return fmt.Errorf("LANES_LOG_LEVEL: %w", err)
	}
	defer func() { _ = logger.Sync() }()
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	handler, err := intakeapi.New(intakeapi.Config{
		Backend: &intakeapi.Client{Intake: in}, Tokens: tokens, InsecureNoAuth: *insecure, Logger: logger,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("--addr: %w; choose a free port", err)
	}
	e.printServing(ln.Addr().String(), tokens)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Above the wait for a task's answer to an action.
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     zap.NewStdLog(logger),
	}
	return serveUntilDone(ctx, srv, ln)
}

// serveUntilDone serves on ln until ctx ends, then lets requests in flight finish.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down intake service: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// printServing says where the service listens and how to submit a task to it.
func (e *env) printServing(addr string, tokens []intakeapi.Token) {
	base := "http://" + addr
	auth := ` -H "Authorization: Bearer $TOKEN"`
	if len(tokens) == 0 {
		auth = ""
		fmt.Fprintln(e.out, "WARNING: serving without authentication (--insecure-dev); do not expose this address.")
	} else {
		names := make([]string, len(tokens))
		for i, t := range tokens {
			names[i] = t.Name
		}
		fmt.Fprintf(e.out, "Intake systems with tokens: %s.\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(e.out, "Lanes intake service listening on %s (Ctrl-C stops it).\nSubmit a task:\n", base)
	fmt.Fprintf(e.out, "  curl -sS -X POST %s/v1/tasks%s -H 'Content-Type: application/json' \\\n", base, auth)
	taskType := "utm-naming-validation"
	if _, ok := e.catalog.TaskType(taskType); !ok && len(e.catalog.IDs()) > 0 {
		taskType = e.catalog.IDs()[0]
	}
	fmt.Fprintf(e.out, "    -d '{\"requestId\": \"req-1\", \"taskType\": %q, \"title\": \"Say in one line what is asked\"}'\n", taskType)
}
