package intakeapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"
)

// shutdownGrace is how long requests in flight get to finish when the service stops.
const shutdownGrace = 20 * time.Second

// Listen opens the service's address, so a bad or busy address is reported
// before anything else starts. flagName names the flag that set it.
func Listen(flagName, addr string) (net.Listener, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("%s: %q is not host:port; use one like 127.0.0.1:8080 (or :8080 for every interface)", flagName, addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; choose a free port", flagName, err)
	}
	return ln, nil
}

// Serve serves handler on ln until ctx ends, then lets requests in flight finish.
func Serve(ctx context.Context, ln net.Listener, handler http.Handler, logger *zap.Logger) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Above the wait for a task's answer to an action.
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     zap.NewStdLog(logger),
	}
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

// PrintServing says where the service listens and who it lets in, and shows a curl
// that submits a task of taskType.
func PrintServing(out io.Writer, addr string, access Access, taskType string) {
	base := "http://" + addr
	auth := ` -H "Authorization: Bearer $TOKEN"`
	if !access.Checked() {
		auth = ""
		fmt.Fprintln(out, "WARNING: intake service without authentication (--insecure-dev): people are not verified, and any actor a request names is taken as said; do not expose this address.")
	}
	if len(access.Tokens) > 0 {
		systems := make([]string, len(access.Tokens))
		for i, t := range access.Tokens {
			systems[i] = t.Name + " (" + scopeText(t) + ")"
		}
		fmt.Fprintf(out, "Intake systems with tokens: %s.\n", strings.Join(systems, ", "))
	}
	if access.SignIn.Issuer != "" {
		fmt.Fprintf(out, "People sign in with %s (audience %s); their %s claim names them on the roster.\n", access.SignIn.Issuer, access.SignIn.Audience, access.SignIn.Claim)
	}
	fmt.Fprintf(out, "Lanes intake service listening on %s (OpenAPI at %s/v1/openapi.json).\nSubmit a task:\n", base, base)
	fmt.Fprintf(out, "  curl -sS -X POST %s/v1/tasks%s -H 'Content-Type: application/json' \\\n", base, auth)
	fmt.Fprintf(out, "    -d '{\"taskType\": %q, \"title\": \"Review spring hero banner\", \"requester\": \"pat\", \"businessUnit\": \"consumer\"}'\n", taskType)
}

// scopeText writes a token's scopes as its entry in LANES_INTAKE_TOKENS would.
func scopeText(t Token) string {
	parts := make([]string, len(t.Scopes))
	for i, s := range t.Scopes {
		parts[i] = string(s)
		if s == ScopeRelay {
			parts[i] += ":" + strings.Join(t.RelayFor, "|")
		}
	}
	return strings.Join(parts, "+")
}
