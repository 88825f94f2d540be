package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/intake"
)

// With payload keys, starter serve says payloads are encrypted and serves the codec
// route behind the intake tokens.
func TestServeWithPayloadKeysServesTheCodec(t *testing.T) {
	var out syncBuffer
	e, err := newEnv(getenvFrom(map[string]string{
		"LANES_INTAKE_TOKENS": "forms=forms-token-0123456789,ops=ops-console-token-0123456789:read-all", "LANES_LOG_LEVEL": "error",
		"LANES_PAYLOAD_KEYS":  "2026-q1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"LANES_CODEC_ORIGINS": "http://localhost:8233",
		"LANES_LEDGER_PATH":   workersLedgerFile(t),
	}), nil, &out)
	require.NoError(t, err)
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		return &intake.Client{Catalog: e.catalog}, func() {}, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.run(ctx, "serve", []string{"--addr", "127.0.0.1:0"}) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})

	codec := regexp.MustCompile(`Codec server for the Temporal UI: (http://[0-9.:]+/v1/codec)`)
	var endpoint string
	require.Eventually(t, func() bool {
		m := codec.FindStringSubmatch(out.String())
		if m != nil {
			endpoint = m[1]
		}
		return m != nil
	}, 5*time.Second, 10*time.Millisecond)
	require.Contains(t, out.String(), "Payloads encrypted with AES-256-GCM under key 2026-q1")
	require.Contains(t, out.String(), "pages from http://localhost:8233 may call it")

	post := func(token string) int {
		req, err := http.NewRequest(http.MethodPost, endpoint+"/decode", strings.NewReader(`{"payloads": []}`))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusUnauthorized, post(""))
	require.Equal(t, http.StatusForbidden, post("forms-token-0123456789"), "submit and read-own: a payload names no task of its own")
	require.Equal(t, http.StatusOK, post("ops-console-token-0123456789"))
}
