package connect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// env returns a getenv backed by m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnvDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	require.NoError(t, err)
	assert.Equal(t, Config{Address: "localhost:7233", Namespace: "default"}, c)
	assert.False(t, c.useTLS())
}

func TestFromEnvAll(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"TEMPORAL_ADDRESS":         "lanes.a1b2c.tmprl.cloud:7233",
		"TEMPORAL_NAMESPACE":       " lanes.a1b2c ",
		"TEMPORAL_API_KEY":         "key",
		"TEMPORAL_TLS_CERT":        "/certs/client.pem",
		"TEMPORAL_TLS_KEY":         "/certs/client.key",
		"TEMPORAL_TLS_CA":          "/certs/ca.pem",
		"TEMPORAL_TLS_SERVER_NAME": "temporal.internal",
		"TEMPORAL_TLS":             "true",
	}))
	require.NoError(t, err)
	assert.Equal(t, Config{
		Address:       "lanes.a1b2c.tmprl.cloud:7233",
		Namespace:     "lanes.a1b2c",
		APIKey:        "key",
		TLSCertPath:   "/certs/client.pem",
		TLSKeyPath:    "/certs/client.key",
		TLSCAPath:     "/certs/ca.pem",
		TLSServerName: "temporal.internal",
		TLS:           true,
	}, c)
}

func TestFromEnvTLSImplied(t *testing.T) {
	for _, name := range []string{"TEMPORAL_API_KEY", "TEMPORAL_TLS_CA", "TEMPORAL_TLS_SERVER_NAME"} {
		t.Run(name, func(t *testing.T) {
			c, err := FromEnv(env(map[string]string{name: "x"}))
			require.NoError(t, err)
			assert.False(t, c.TLS)
			assert.True(t, c.useTLS())
		})
	}
}

func TestFromEnvErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{
			name: "tls not a bool",
			env:  map[string]string{"TEMPORAL_TLS": "yes please"},
			want: []string{"TEMPORAL_TLS:", `"yes please" is not a bool`, "true or false"},
		},
		{
			name: "cert without key",
			env:  map[string]string{"TEMPORAL_TLS_CERT": "/c.pem"},
			want: []string{"TEMPORAL_TLS_KEY: not set", "TEMPORAL_TLS_CERT is", "both"},
		},
		{
			name: "key without cert",
			env:  map[string]string{"TEMPORAL_TLS_KEY": "/c.key"},
			want: []string{"TEMPORAL_TLS_CERT: not set", "TEMPORAL_TLS_KEY is", "both"},
		},
		{
			name: "tls false with api key",
			env:  map[string]string{"TEMPORAL_TLS": "false", "TEMPORAL_API_KEY": "key"},
			want: []string{"TEMPORAL_TLS: false", "TEMPORAL_API_KEY needs TLS", "unset TEMPORAL_TLS"},
		},
		{
			name: "tls false with client cert",
			env: map[string]string{
				"TEMPORAL_TLS": "0", "TEMPORAL_TLS_CERT": "/c.pem", "TEMPORAL_TLS_KEY": "/c.key",
			},
			want: []string{"TEMPORAL_TLS: false", "TEMPORAL_TLS_CERT needs TLS"},
		},
		{
			name: "address without port",
			env:  map[string]string{"TEMPORAL_ADDRESS": "localhost"},
			want: []string{"TEMPORAL_ADDRESS:", `"localhost" is not host:port`, "localhost:7233"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(env(tt.env))
			require.Error(t, err)
			assert.Equal(t, Config{}, c)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}
