package devstack

import (
	"context"
	"fmt"
	"io"
	"net"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/payloadcrypt"
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

// serve runs the service until ctx ends, with the codec route when keys are set; the
// returned channel reports when it has stopped.
func (d devIntake) serve(ctx context.Context, c client.Client, keys *payloadcrypt.Keyring, cat *catalog.Catalog, taskQueue string, out io.Writer, logger *zap.Logger) (<-chan error, error) {
	done := make(chan error, 1)
	if d.ln == nil {
		fmt.Fprintf(out, "Intake service %s.\n", d.off)
		done <- nil
		return done, nil
	}
	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: taskQueue}
	signIn, err := d.access.Connect(ctx, d.rosterPath, cat, in)
	if err != nil {
		return nil, err
	}
	handler, err := intakeapi.New(intakeapi.Config{
		Backend:        &intakeapi.Client{Intake: in},
		Tokens:         d.access.Tokens,
		SignIn:         signIn,
		InsecureNoAuth: !d.access.Checked(),
		Logger:         logger.Named("intake"),
		PayloadKeys:    keys,
		CodecOrigins:   d.origins,
	})
	if err != nil {
		return nil, err
	}
	intakeapi.PrintServing(out, d.ln.Addr().String(), d.access, "creative-stakeholder-review")
	intakeapi.PrintCodec(out, d.ln.Addr().String(), keys, d.origins)
	go func() { done <- intakeapi.Serve(ctx, d.ln, handler, logger) }()
	return done, nil
}

func (d devIntake) close() {
	if d.ln != nil {
		_ = d.ln.Close()
	}
}
