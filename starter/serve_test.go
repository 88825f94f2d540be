package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/ledger"
)

func TestServeRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name    string
		tokens  string
		origins string
		args    []string
		says    []string
	}{
		{name: "no tokens and no --insecure-dev", args: nil, says: []string{"LANES_INTAKE_TOKENS: no intake tokens and no sign-in (LANES_OIDC_ISSUER)", "--insecure-dev"}},
		{name: "token without =", tokens: "forms-token-0123456789", says: []string{"LANES_INTAKE_TOKENS: entry 1 is not name=token", "forms=<token>"}},
		{name: "short token", tokens: "forms=abc", args: []string{"--insecure-dev"}, says: []string{"LANES_INTAKE_TOKENS: entry forms: the token is shorter"}},
		{name: "bad --addr", tokens: "forms=forms-token-0123456789", args: []string{"--addr", "8080"}, says: []string{"--addr: \"8080\" is not host:port", "127.0.0.1:8080"}},
		{name: "stray argument", args: []string{"--insecure-dev", "now"}, says: []string{`unexpected argument "now"`}},
		{name: "codec origin with a path", origins: "http://localhost:8233/namespaces", args: []string{"--insecure-dev"}, says: []string{`LANES_CODEC_ORIGINS: "http://localhost:8233/namespaces" is not an origin`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, map[string]string{"LANES_INTAKE_TOKENS": tt.tokens, "LANES_CODEC_ORIGINS": tt.origins}, nil)
			err := e.run(context.Background(), "serve", tt.args)
			require.Error(t, err)
			for _, s := range tt.says {
				require.ErrorContains(t, err, s)
			}
		})
	}
}

// syncBuffer is an output the test reads while serve writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// workersLedgerFile is a ledger file as the worker makes it, for the dashboard to read.
func workersLedgerFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	workers, err := lanesworker.OpenLedger(context.Background(), ledger.Config{Path: path})
	require.NoError(t, err)
	require.NoError(t, workers.Close())
	return path
}

func TestServeAnswersAndShutsDownOnCancel(t *testing.T) {
	var out syncBuffer
	e, err := newEnv(getenvFrom(map[string]string{
		"LANES_INTAKE_TOKENS": "forms=forms-token-0123456789", "LANES_LOG_LEVEL": "error",
		"LANES_LEDGER_PATH": workersLedgerFile(t),
	}), nil, &out)
	require.NoError(t, err)
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		return &intake.Client{Catalog: e.catalog}, func() {}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.run(ctx, "serve", []string{"--addr", "127.0.0.1:0"}) }()

	listening := regexp.MustCompile(`listening on (http://[0-9.:]+)`)
	var base string
	require.Eventually(t, func() bool {
		m := listening.FindStringSubmatch(out.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	}, 5*time.Second, 10*time.Millisecond)
	require.Contains(t, out.String(), `curl -sS -X POST `+base+`/v1/tasks -H "Authorization: Bearer $TOKEN"`)
	require.Contains(t, out.String(), "Intake systems with tokens: forms (submit+read-own).")

	get := func(path, token string) int {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, get("/healthz", ""))
	require.Equal(t, http.StatusUnauthorized, get("/v1/catalog", ""))
	require.Equal(t, http.StatusOK, get("/v1/catalog", "forms-token-0123456789"))
	require.Contains(t, out.String(), "Leaders' dashboard: "+base+"/dashboard (people reach it in a browser through an auth proxy")
	require.Equal(t, http.StatusForbidden, get("/dashboard", "forms-token-0123456789"), "the dashboard needs read-all")

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}

// The service runs without the dashboard when no ledger is set and none is where
// cmd/dev keeps it, and says so; a ledger file the variable names must exist.
func TestServeDashboardNeedsTheWorkersLedger(t *testing.T) {
	t.Chdir(t.TempDir()) // no .lanes/dev/ledger.db here
	var out syncBuffer
	e, err := newEnv(getenvFrom(map[string]string{}), nil, &out)
	require.NoError(t, err)
	pages, closeLedger, err := e.dashboardPages(context.Background(), &intake.Client{Catalog: e.catalog}, true, zap.NewNop())
	require.NoError(t, err)
	defer closeLedger()
	require.Nil(t, pages)
	require.Contains(t, out.String(), "Dashboard off: LANES_LEDGER_PATH (unset, so the default): no ledger at .lanes/dev/ledger.db")
	_, err = os.Stat(".lanes")
	require.ErrorIs(t, err, os.ErrNotExist, "nothing created")

	e, err = newEnv(getenvFrom(map[string]string{"LANES_LEDGER_PATH": "elsewhere/ledger.db"}), nil, &out)
	require.NoError(t, err)
	_, _, err = e.dashboardPages(context.Background(), &intake.Client{Catalog: e.catalog}, true, zap.NewNop())
	require.ErrorContains(t, err, "LANES_LEDGER_PATH: no ledger at elsewhere/ledger.db")
}
