package payloadcrypt

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// newKey is a fresh base64 AES-256 key, as openssl rand -base64 32 makes.
func newKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, keySize)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(b)
}

// brief is a payload holding the kind of text that must not reach the server in clear.
func brief(t *testing.T) *commonpb.Payload {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayload(map[string]string{"title": "Layoff announcement email", "requester": "pat"})
	require.NoError(t, err)
	return p
}

func TestRoundTrip(t *testing.T) {
	k, err := Parse("2026-q1="+newKey(t), EnvKeys)
	require.NoError(t, err)
	dc := k.DataConverter()
	p, err := dc.ToPayload(map[string]string{"title": "Layoff announcement email"})
	require.NoError(t, err)
	assert.Equal(t, EncodingEncrypted, string(p.Metadata[converter.MetadataEncoding]))
	assert.Equal(t, "2026-q1", string(p.Metadata[MetadataKeyID]))
	assert.NotContains(t, string(p.Data), "Layoff")
	var back map[string]string
	require.NoError(t, dc.FromPayload(p, &back))
	assert.Equal(t, "Layoff announcement email", back["title"])
}

func TestSamePayloadEncryptsDifferentlyEachTime(t *testing.T) {
	k, err := Parse("a="+newKey(t), EnvKeys)
	require.NoError(t, err)
	one, err := k.Encode([]*commonpb.Payload{brief(t)})
	require.NoError(t, err)
	two, err := k.Encode([]*commonpb.Payload{brief(t)})
	require.NoError(t, err)
	assert.NotEqual(t, one[0].Data, two[0].Data, "a fresh nonce for every payload")
}

func TestRotationKeepsOldPayloadsReadable(t *testing.T) {
	oldKey, newer := newKey(t), newKey(t)
	before, err := Parse("2026-q1="+oldKey, EnvKeys)
	require.NoError(t, err)
	sealed, err := before.Encode([]*commonpb.Payload{brief(t)})
	require.NoError(t, err)

	after, err := Parse("2026-q2="+newer+",2026-q1="+oldKey, EnvKeys)
	require.NoError(t, err)
	assert.Equal(t, "2026-q2", after.EncryptingKeyID(), "the new key goes first and encrypts")
	opened, err := after.Decode(sealed)
	require.NoError(t, err)
	assert.Equal(t, brief(t).Data, opened[0].Data)
	fresh, err := after.Encode([]*commonpb.Payload{brief(t)})
	require.NoError(t, err)
	assert.Equal(t, "2026-q2", string(fresh[0].Metadata[MetadataKeyID]))
}

func TestUnknownKeyIsRefusedByID(t *testing.T) {
	retired, err := Parse("2025-q4="+newKey(t), EnvKeys)
	require.NoError(t, err)
	sealed, err := retired.Encode([]*commonpb.Payload{brief(t)})
	require.NoError(t, err)
	current, err := Parse("2026-q1="+newKey(t), EnvKeysFile)
	require.NoError(t, err)
	_, err = current.Decode(sealed)
	var unknown *UnknownKeyError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "2025-q4", unknown.KeyID)
	assert.Contains(t, err.Error(), `"2025-q4"`)
	assert.Contains(t, err.Error(), EnvKeysFile)
}

func TestTamperedPayloadsAreRefused(t *testing.T) {
	k, err := Parse("a="+newKey(t)+",b="+newKey(t), EnvKeys)
	require.NoError(t, err)
	tests := map[string]func(p *commonpb.Payload){
		"flipped ciphertext bit": func(p *commonpb.Payload) { p.Data[len(p.Data)-1] ^= 1 },
		"truncated ciphertext":   func(p *commonpb.Payload) { p.Data = p.Data[:5] },
		"relabelled key ID":      func(p *commonpb.Payload) { p.Metadata[MetadataKeyID] = []byte("b") },
	}
	for name, tamper := range tests {
		t.Run(name, func(t *testing.T) {
			sealed, err := k.Encode([]*commonpb.Payload{brief(t)})
			require.NoError(t, err)
			tamper(sealed[0])
			_, err = k.Decode(sealed)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "does not authenticate")
			assert.False(t, errors.As(err, new(*UnknownKeyError)))
		})
	}
}

func TestPayloadsFromBeforeEncryptionStillRead(t *testing.T) {
	k, err := Parse("a="+newKey(t), EnvKeys)
	require.NoError(t, err)
	plain := brief(t)
	out, err := k.Decode([]*commonpb.Payload{plain})
	require.NoError(t, err)
	assert.Same(t, plain, out[0])
}

func TestFailureMessagesAreEncrypted(t *testing.T) {
	k, err := Parse("a="+newKey(t), EnvKeys)
	require.NoError(t, err)
	f := k.FailureConverter().ErrorToFailure(errors.New("title: Layoff announcement email is over 200 characters"))
	assert.NotContains(t, f.GetMessage(), "Layoff")
	assert.Equal(t, EncodingEncrypted, string(f.GetEncodedAttributes().GetMetadata()[converter.MetadataEncoding]))
	assert.Contains(t, k.FailureConverter().FailureToError(f).Error(), "Layoff announcement email")
}
