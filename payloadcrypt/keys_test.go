package payloadcrypt

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseErrorsNameTheSourceAndTheFix(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(make([]byte, keySize))
	other := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", keySize)))
	tests := []struct{ name, text, want string }{
		{"no keys", " , ", "holds no keys"},
		{"no ID", "=" + key, "entry 1 is not keyID=base64key"},
		{"no equals", "2026-q1", "entry 1 is not keyID=base64key"},
		{"space in ID", "spring key=" + key, "entry 1 is not keyID=base64key"},
		{"not base64", "a=***", "the key of a is not base64"},
		{"AES-128 key", "a=" + base64.StdEncoding.EncodeToString(make([]byte, 16)), "the key of a is 16 bytes; AES-256 needs 32"},
		{"ID twice", "a=" + key + ",a=" + other, "key ID a is listed twice"},
		{"key reused", "a=" + key + ",b=" + key, "b holds the same key as a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text, EnvKeys)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), EnvKeys+": "), err.Error())
			assert.NotContains(t, err.Error(), key, "key material never shows")
		})
	}
}

func TestParseFileLines(t *testing.T) {
	text := "# rotated 2026-04-01\n2026-q2=" + base64.RawStdEncoding.EncodeToString([]byte(strings.Repeat("n", keySize))) +
		"\r\n\n2026-q1=" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("o", keySize))) + "\n"
	k, err := Parse(text, EnvKeysFile)
	require.NoError(t, err)
	assert.Equal(t, []string{"2026-q2", "2026-q1"}, k.ids)
	assert.Contains(t, k.Describe(), "under key 2026-q2; 2 key(s) decrypt (2026-q2, 2026-q1), from "+EnvKeysFile)
}

func TestFromEnv(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(make([]byte, keySize))
	file := filepath.Join(t.TempDir(), "payload-keys")
	require.NoError(t, os.WriteFile(file, []byte("f1="+key+"\n"), 0o600))
	tests := []struct {
		name    string
		env     map[string]string
		wantIDs []string
		wantErr string
	}{
		{name: "off", env: nil},
		{name: "variable", env: map[string]string{EnvKeys: " v1=" + key + " "}, wantIDs: []string{"v1"}},
		{name: "file", env: map[string]string{EnvKeysFile: file}, wantIDs: []string{"f1"}},
		{name: "missing file", env: map[string]string{EnvKeysFile: file + "-gone"}, wantErr: EnvKeysFile + ": open "},
		{name: "both", env: map[string]string{EnvKeys: "v1=" + key, EnvKeysFile: file}, wantErr: EnvKeysFile + ": is set beside " + EnvKeys},
		{name: "malformed", env: map[string]string{EnvKeys: "v1"}, wantErr: EnvKeys + ": entry 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := FromEnv(func(name string) string { return tt.env[name] })
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			if tt.wantIDs == nil {
				assert.Nil(t, k)
				assert.Contains(t, k.Describe(), "not encrypted")
				return
			}
			assert.Equal(t, tt.wantIDs, k.ids)
		})
	}
}
