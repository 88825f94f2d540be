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

// RequireTokens refuses to serve without tokens unless the operator said this is a development machine.
func RequireTokens(tokens []Token, insecureDev bool) error {
	if len(tokens) == 0 && !insecureDev {
		return fmt.Errorf("%s: no intake tokens, so anyone could submit tasks; set it to name=token pairs, one per intake system (like forms=$(openssl rand -hex 32)), or pass --insecure-dev on a development machine", TokensEnv)
	}
	return nil
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

// PrintServing says where the service listens and shows a curl that submits a task of taskType.
func PrintServing(out io.Writer, addr string, tokens []Token, taskType string) {
	base := "http://" + addr
	auth := ` -H "Authorization: Bearer $TOKEN"`
	if len(tokens) == 0 {
		auth = ""
		fmt.Fprintln(out, "WARNING: intake service without authentication (--insecure-dev); do not expose this address.")
	} else {
		names := make([]string, len(tokens))
		for i, t := range tokens {
			names[i] = t.Name
		}
		fmt.Fprintf(out, "Intake systems with tokens: %s.\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(out, "Lanes intake service listening on %s (OpenAPI at %s/v1/openapi.json).\nSubmit a task:\n", base, base)
	fmt.Fprintf(out, "  curl -sS -X POST %s/v1/tasks%s -H 'Content-Type: application/json' \\\n", base, auth)
	fmt.Fprintf(out, "    -d '{\"taskType\": %q, \"title\": \"Review spring hero banner\", \"requester\": \"pat\", \"businessUnit\": \"consumer\"}'\n", taskType)
}
