package connect

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
)

func TestClientOptionsPlaintext(t *testing.T) {
	opts, err := Config{}.ClientOptions(zap.NewNop())
	require.NoError(t, err)
	assert.Equal(t, "localhost:7233", opts.HostPort)
	assert.Equal(t, "default", opts.Namespace)
	assert.IsType(t, &ZapLogger{}, opts.Logger)
	assert.Nil(t, opts.ConnectionOptions.TLS)
	assert.Nil(t, opts.Credentials)
}

func TestClientOptionsAPIKey(t *testing.T) {
	c := Config{Address: "lanes.a1b2c.tmprl.cloud:7233", Namespace: "lanes.a1b2c", APIKey: "secret"}
	opts, err := c.ClientOptions(nil)
	require.NoError(t, err)
	assert.Equal(t, "lanes.a1b2c.tmprl.cloud:7233", opts.HostPort)
	assert.Equal(t, "lanes.a1b2c", opts.Namespace)
	require.NotNil(t, opts.ConnectionOptions.TLS)
	assert.Empty(t, opts.ConnectionOptions.TLS.Certificates)
	assert.NotNil(t, opts.Credentials)
	assert.NotNil(t, opts.Logger)
}

func TestClientOptionsForcedTLS(t *testing.T) {
	opts, err := Config{TLS: true}.ClientOptions(nil)
	require.NoError(t, err)
	require.NotNil(t, opts.ConnectionOptions.TLS)
	assert.Nil(t, opts.Credentials)
}

func TestClientOptionsMTLS(t *testing.T) {
	certPath, keyPath := testCert(t)
	c := Config{
		Address:       "temporal.internal:7233",
		TLSCertPath:   certPath,
		TLSKeyPath:    keyPath,
		TLSCAPath:     certPath,
		TLSServerName: "temporal.internal",
	}
	opts, err := c.ClientOptions(zap.NewNop())
	require.NoError(t, err)
	tlsCfg := opts.ConnectionOptions.TLS
	require.NotNil(t, tlsCfg)
	assert.Len(t, tlsCfg.Certificates, 1)
	assert.NotNil(t, tlsCfg.RootCAs)
	assert.Equal(t, "temporal.internal", tlsCfg.ServerName)
	assert.Nil(t, opts.Credentials)
}

func TestClientOptionsFileErrors(t *testing.T) {
	certPath, keyPath := testCert(t)
	missing := filepath.Join(t.TempDir(), "missing.pem")
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	require.NoError(t, os.WriteFile(notPEM, []byte("not a certificate"), 0o600))

	tests := []struct {
		name string
		c    Config
		want []string
	}{
		{"missing cert", Config{TLSCertPath: missing, TLSKeyPath: keyPath},
			[]string{"TEMPORAL_TLS_CERT: open " + missing, "no such file"}},
		{"missing key", Config{TLSCertPath: certPath, TLSKeyPath: missing},
			[]string{"TEMPORAL_TLS_KEY: open " + missing, "no such file"}},
		{"missing ca", Config{TLSCAPath: missing},
			[]string{"TEMPORAL_TLS_CA: open " + missing, "no such file"}},
		{"ca not pem", Config{TLSCAPath: notPEM},
			[]string{"TEMPORAL_TLS_CA: no PEM certificate in " + notPEM}},
		{"key is not the cert's", Config{TLSCertPath: certPath, TLSKeyPath: notPEM},
			[]string{"TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY:", "matching PEM"}},
		{"cert without key", Config{TLSCertPath: certPath},
			[]string{"TEMPORAL_TLS_KEY: not set"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.c.ClientOptions(nil)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestDialBadFileFailsBeforeDialling(t *testing.T) {
	c := Config{TLSCAPath: filepath.Join(t.TempDir(), "missing.pem")}
	_, err := Dial(context.Background(), c, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TEMPORAL_TLS_CA: open")
}

func TestDialUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cl, err := Dial(ctx, Config{Address: "127.0.0.1:1"}, nil)
	require.Error(t, err)
	assert.Nil(t, cl)
	for _, w := range []string{"127.0.0.1:1", "go run ./cmd/dev", "TEMPORAL_ADDRESS"} {
		assert.Contains(t, err.Error(), w)
	}
}
