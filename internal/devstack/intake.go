package devstack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/dashboard"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// devIntake is the HTTP intake service `dev` runs beside the worker, or why it is off.
type devIntake struct {
	ln     net.Listener
	access intakeapi.Access
	// rosterPath is LANES_ROSTER, whose people sign in.
	rosterPath string
	// origins may call the codec route from a browser: LANES_CODEC_ORIGINS, else the dev UI.
	origins []string
	off     string
}

// openDevIntake opens the intake service's address before the dev server starts, so
// a busy port or bad tokens are reported first. Without tokens or sign-in it serves
// only when the developer passed --insecure-dev, as `starter serve` does.
func openDevIntake(addr string, insecureDev bool, getenv func(string) string) (devIntake, error) {
	if addr == "" {
		return devIntake{off: "off (--intake-addr is empty)"}, nil
	}
	access, err := intakeapi.AccessFromEnv(getenv)
	if err != nil {
		return devIntake{}, err
	}
	if access.Require(insecureDev) != nil {
		return devIntake{off: "off: set " + intakeapi.TokensEnv + " or " + intakeapi.OIDCIssuerEnv + ", or pass --insecure-dev"}, nil
	}
	origins, err := intakeapi.ParseOrigins(getenv(intakeapi.CodecOriginsEnv))
	if err != nil {
		return devIntake{}, err
	}
	ln, err := intakeapi.Listen("--intake-addr", addr)
	if err != nil {
		return devIntake{}, err
	}
	return devIntake{ln: ln, access: access, rosterPath: getenv("LANES_ROSTER"), origins: origins}, nil
}

// serve runs the service until ctx ends, with the codec route when payload keys are
// set and the dashboard over the worker's ledger; the returned channel reports when
// it has stopped. The ledger is opened here, before the worker opens it, so its
// migrations run once.
func (d devIntake) serve(ctx context.Context, c client.Client, cfg lanesworker.Config, out io.Writer, logger *zap.Logger) (<-chan error, error) {
	done := make(chan error, 1)
	if d.ln == nil {
		fmt.Fprintf(out, "Intake service %s.\n", d.off)
		done <- nil
		return done, nil
	}
	keys := cfg.Temporal.PayloadKeys
	in := &intake.Client{Temporal: c, Catalog: cfg.Catalog, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks}
	signIn, err := d.access.Connect(ctx, d.rosterPath, cfg.Catalog, in)
	if err != nil {
		return nil, err
	}
	store, err := lanesworker.OpenLedger(ctx, cfg.Ledger)
	if err != nil {
		return nil, err
	}
	pages, err := dashboard.New(dashboard.Config{
		Ledger: store, Live: dashboard.TemporalLive{Client: c}, Catalog: cfg.Catalog,
		TemporalUI: cfg.UIURL, Namespace: cfg.Temporal.Namespace, Unverified: !d.access.Checked(), Logger: logger.Named("dashboard"),
	})
	if err != nil {
		return nil, errors.Join(err, store.Close())
	}
	handler, err := intakeapi.New(intakeapi.Config{
		Backend:        &intakeapi.Client{Intake: in},
		Tokens:         d.access.Tokens,
		SignIn:         signIn,
		InsecureNoAuth: !d.access.Checked(),
		Logger:         logger.Named("intake"),
		PayloadKeys:    keys,
		CodecOrigins:   d.origins,
		Dashboard:      pages,
	})
	if err != nil {
		return nil, errors.Join(err, store.Close())
	}
	intakeapi.PrintServing(out, d.ln.Addr().String(), d.access, "creative-stakeholder-review")
	intakeapi.PrintCodec(out, d.ln.Addr().String(), keys, d.origins)
	fmt.Fprintln(out, dashboard.Describe(d.ln.Addr().String(), d.access.Checked()))
	go func() { done <- errors.Join(intakeapi.Serve(ctx, d.ln, handler, logger), store.Close()) }()
	return done, nil
}

func (d devIntake) close() {
	if d.ln != nil {
		_ = d.ln.Close()
	}
}
