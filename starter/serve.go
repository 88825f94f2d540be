package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/dashboard"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/lanesworker"
)

// serve runs the HTTP intake service until ctx ends, then shuts it down gracefully.
func (e *env) serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.out)
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on")
	insecure := fs.Bool("insecure-dev", false, "serve without checking anyone when neither "+intakeapi.TokensEnv+" nor "+intakeapi.OIDCIssuerEnv+" is set (development only: people are not verified)")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	access, err := intakeapi.AccessFromEnv(e.getenv)
	if err != nil {
		return err
	}
	origins, err := intakeapi.ParseOrigins(e.getenv(intakeapi.CodecOriginsEnv))
	if err != nil {
		return err
	}
	if err := access.Require(*insecure); err != nil {
		return err
	}
	// Opened before dialing, so a bad or busy address is named even when Temporal is down.
	ln, err := intakeapi.Listen("--addr", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
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
	signIn, err := access.Connect(ctx, e.getenv("LANES_ROSTER"), e.catalog, in)
	if err != nil {
		return err
	}
	pages, closeLedger, err := e.dashboardPages(ctx, in, access.Checked(), logger)
	if err != nil {
		return err
	}
	defer closeLedger()
	handler, err := intakeapi.New(intakeapi.Config{
		Backend: &intakeapi.Client{Intake: in}, Tokens: access.Tokens, SignIn: signIn, InsecureNoAuth: !access.Checked(), Logger: logger,
		PayloadKeys: e.conn.PayloadKeys, CodecOrigins: origins, Dashboard: pages,
	})
	if err != nil {
		return err
	}
	intakeapi.PrintServing(e.out, ln.Addr().String(), access, e.exampleTaskType())
	fmt.Fprintf(e.out, "Payloads %s.\n", e.conn.PayloadKeys.Describe())
	intakeapi.PrintCodec(e.out, ln.Addr().String(), e.conn.PayloadKeys, origins)
	fmt.Fprintln(e.out, dashboard.Describe(ln.Addr().String(), access.Checked()))
	fmt.Fprintln(e.out, "Ctrl-C stops the service.")
	return intakeapi.Serve(ctx, ln, handler, logger)
}

// exampleTaskType is the type the printed curl submits: a creative review, or the catalog's first type.
func (e *env) exampleTaskType() string {
	taskType := "creative-stakeholder-review"
	if _, ok := e.catalog.TaskType(taskType); !ok && len(e.catalog.IDs()) > 0 {
		taskType = e.catalog.IDs()[0]
	}
	return taskType
}

// dashboardPages serves the leaders' dashboard over the worker's ledger, read
// without migrating it (the workers own its schema). With no ledger variable set
// and no ledger at the default path, the service runs without the dashboard and
// says so; a ledger the variables name must open, or the service does not start.
func (e *env) dashboardPages(ctx context.Context, in *intake.Client, checked bool, logger *zap.Logger) (http.Handler, func(), error) {
	cfg, missing, err := e.workersLedger()
	if err != nil {
		return nil, nil, err
	}
	if missing != nil {
		if cfg.Path != "" {
			return nil, nil, missing // the variable names a file the worker has not made
		}
		fmt.Fprintf(e.out, "Dashboard off: %v.\n", missing)
		return nil, func() {}, nil
	}
	store, err := lanesworker.OpenLedgerToRead(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	pages, err := dashboard.New(dashboard.Config{
		Ledger: store, Live: dashboard.TemporalLive{Client: in.Temporal}, Catalog: e.catalog,
		TemporalUI: e.uiURL, Namespace: e.conn.Namespace, Unverified: !checked, Logger: logger.Named("dashboard"),
	})
	if err != nil {
		return nil, nil, errors.Join(err, store.Close())
	}
	return pages, func() { _ = store.Close() }, nil // read only, in queries that have ended
}
