package connect

import (
	"encoding/base64"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/payloadcrypt"
)

func TestFromEnvPayloadKeys(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	c, err := FromEnv(env(map[string]string{payloadcrypt.EnvKeys: "2026-q1=" + key}))
	require.NoError(t, err)
	require.NotNil(t, c.PayloadKeys)
	assert.Equal(t, "2026-q1", c.PayloadKeys.EncryptingKeyID())

	opts, err := c.ClientOptions(nil)
	require.NoError(t, err)
	p, err := opts.DataConverter.ToPayload("brief: Layoff announcement email")
	require.NoError(t, err)
	assert.Equal(t, payloadcrypt.EncodingEncrypted, string(p.Metadata[converter.MetadataEncoding]))
	assert.NotNil(t, opts.FailureConverter)
}

func TestFromEnvWithoutPayloadKeysLeavesTheSDKDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	require.NoError(t, err)
	opts, err := c.ClientOptions(nil)
	require.NoError(t, err)
	assert.Nil(t, opts.DataConverter)
	assert.Nil(t, opts.FailureConverter)
}

// A program refuses to start without its key file, naming the variable.
func TestFromEnvMissingKeyFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "payload-keys")
	_, err := FromEnv(env(map[string]string{payloadcrypt.EnvKeysFile: missing}))
	require.ErrorContains(t, err, payloadcrypt.EnvKeysFile+": open "+missing)
}
