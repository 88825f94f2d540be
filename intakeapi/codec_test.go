package intakeapi

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/lanes-dev/lanes/payloadcrypt"
)

// uiOrigin is the Temporal UI the codec tests allow, as cmd/dev's.
const uiOrigin = "http://localhost:8233"

// keyring is a fresh keyring holding one key of id.
func keyring(t *testing.T, id string) *payloadcrypt.Keyring {
	t.Helper()
	key := make([]byte, 32)
	_, err := rand.Read(key)
	require.NoError(t, err)
	k, err := payloadcrypt.Parse(id+"="+base64.StdEncoding.EncodeToString(key), payloadcrypt.EnvKeys)
	require.NoError(t, err)
	return k
}

// codecHandler is the service with the codec route on keys and the test tokens.
func codecHandler(t *testing.T, keys *payloadcrypt.Keyring) http.Handler {
	t.Helper()
	h, err := New(Config{Backend: newFake(t), Tokens: testTokens, PayloadKeys: keys, CodecOrigins: []string{uiOrigin}})
	require.NoError(t, err)
	return h
}

// payloadsJSON is a codec request body, as the Temporal UI sends it.
func payloadsJSON(t *testing.T, payloads ...*commonpb.Payload) string {
	t.Helper()
	b, err := protojson.Marshal(&commonpb.Payloads{Payloads: payloads})
	require.NoError(t, err)
	return string(b)
}

// codecCall sends one codec request; auth and origin are left out when empty.
func codecCall(t *testing.T, h http.Handler, method, path, body, auth, origin string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// codecError reads an error answer's field and message.
func codecError(t *testing.T, rec *httptest.ResponseRecorder) apiError {
	t.Helper()
	require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"), rec.Body.String())
	var body map[string]apiError
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	return body["error"]
}

func TestCodecRouteEncodesAndDecodesForTokenHolders(t *testing.T) {
	keys := keyring(t, "2026-q1")
	h := codecHandler(t, keys)
	auth := "Bearer " + testTokens[0].Value
	plain, err := converter.GetDefaultDataConverter().ToPayload("Layoff announcement email")
	require.NoError(t, err)

	rec := codecCall(t, h, http.MethodPost, CodecPath+"/encode", payloadsJSON(t, plain), auth, "")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var sealed commonpb.Payloads
	require.NoError(t, protojson.Unmarshal(rec.Body.Bytes(), &sealed))
	require.Len(t, sealed.Payloads, 1)
	assert.Equal(t, payloadcrypt.EncodingEncrypted, string(sealed.Payloads[0].Metadata[converter.MetadataEncoding]))
	assert.NotContains(t, rec.Body.String(), base64.StdEncoding.EncodeToString(plain.Data))

	rec = codecCall(t, h, http.MethodPost, CodecPath+"/decode", payloadsJSON(t, sealed.Payloads...), auth, uiOrigin)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, uiOrigin, rec.Header().Get("Access-Control-Allow-Origin"))
	var opened commonpb.Payloads
	require.NoError(t, protojson.Unmarshal(rec.Body.Bytes(), &opened))
	var text string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(opened.Payloads[0], &text))
	assert.Equal(t, "Layoff announcement email", text)
}

func TestCodecRouteRefusals(t *testing.T) {
	keys := keyring(t, "2026-q1")
	h := codecHandler(t, keys)
	auth := "Bearer " + testTokens[0].Value
	brief, err := converter.GetDefaultDataConverter().ToPayload("Layoff announcement email")
	require.NoError(t, err)
	retired, err := keyring(t, "2025-q4").Encode([]*commonpb.Payload{brief})
	require.NoError(t, err)
	tampered, err := keys.Encode([]*commonpb.Payload{brief})
	require.NoError(t, err)
	tampered[0].Data[len(tampered[0].Data)-1] ^= 1

	tests := []struct {
		name, method, path, body, auth, origin string
		status                                 int
		field, says                            string
	}{
		{"no token", http.MethodPost, CodecPath + "/decode", payloadsJSON(t, tampered...), "", "", http.StatusUnauthorized, "Authorization", "bearer token"},
		{"wrong token", http.MethodPost, CodecPath + "/decode", payloadsJSON(t, tampered...), "Bearer not-a-token-of-ours", "", http.StatusUnauthorized, "Authorization", "bearer token"},
		{"no token from the UI", http.MethodPost, CodecPath + "/decode", "{}", "", uiOrigin, http.StatusUnauthorized, "Authorization", "bearer token"},
		{"unknown key ID", http.MethodPost, CodecPath + "/decode", payloadsJSON(t, retired...), auth, "", http.StatusForbidden, "payloads", `key "2025-q4", which LANES_PAYLOAD_KEYS does not hold`},
		{"tampered ciphertext", http.MethodPost, CodecPath + "/decode", payloadsJSON(t, tampered...), auth, "", http.StatusBadRequest, "payloads", `does not authenticate under key "2026-q1"`},
		{"not payloads JSON", http.MethodPost, CodecPath + "/decode", `{"payloads": 3}`, auth, "", http.StatusBadRequest, "body", "not Temporal's payloads JSON"},
		{"page of another origin", http.MethodPost, CodecPath + "/decode", "{}", auth, "https://evil.example", http.StatusForbidden, "Origin", "add the Temporal UI's origin to LANES_CODEC_ORIGINS"},
		{"preflight of another origin", http.MethodOptions, CodecPath + "/decode", "", "", "https://evil.example", http.StatusForbidden, "Origin", "https://evil.example"},
		{"GET", http.MethodGet, CodecPath + "/decode", "", auth, "", http.StatusMethodNotAllowed, "", "use POST"},
		{"other codec path", http.MethodPost, CodecPath + "/recode", "{}", auth, "", http.StatusNotFound, "", "POST /v1/codec/encode and /v1/codec/decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := codecCall(t, h, tt.method, tt.path, tt.body, tt.auth, tt.origin)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := codecError(t, rec)
			assert.Equal(t, tt.field, e.Field)
			assert.Contains(t, e.Message, tt.says)
			assert.NotContains(t, rec.Body.String(), "Layoff")
			if tt.origin == uiOrigin {
				assert.Equal(t, uiOrigin, rec.Header().Get("Access-Control-Allow-Origin"), "the UI can read the reason")
			}
		})
	}
}

func TestCodecRoutePreflightNeedsNoToken(t *testing.T) {
	h := codecHandler(t, keyring(t, "a"))
	rec := codecCall(t, h, http.MethodOptions, CodecPath+"/decode", "", "", uiOrigin)
	require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	assert.Equal(t, uiOrigin, rec.Header().Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", rec.Header().Get("Access-Control-Allow-Credentials"))
	assert.Contains(t, rec.Header().Get("Access-Control-Allow-Headers"), "Authorization")
	assert.Contains(t, rec.Header().Get("Access-Control-Allow-Headers"), "X-Namespace")
	assert.Contains(t, rec.Header().Get("Access-Control-Allow-Methods"), "POST")
}

func TestNoCodecRouteWithoutKeys(t *testing.T) {
	h, err := New(Config{Backend: newFake(t), Tokens: testTokens})
	require.NoError(t, err)
	rec := codecCall(t, h, http.MethodPost, CodecPath+"/decode", "{}", "Bearer "+testTokens[0].Value, "")
	require.Equal(t, http.StatusNotFound, rec.Code, rec.Body.String())
}

func TestParseOrigins(t *testing.T) {
	got, err := ParseOrigins(" http://localhost:8233, https://temporal.example.com/ ,")
	require.NoError(t, err)
	assert.Equal(t, []string{"http://localhost:8233", "https://temporal.example.com"}, got)
	for _, bad := range []string{"localhost:8233", "ftp://x", "https://temporal.example.com/ui", "https://u:p@x", "https://x?y=1"} {
		_, err := ParseOrigins(bad)
		require.ErrorContains(t, err, CodecOriginsEnv+": ", bad)
	}
}

// openapi.json says what the codec route checks: its requests take the document's
// bearer default and list 401; the browsers' preflights need no token.
func TestOpenAPICodecSecurityIsTheRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	h := codecHandler(t, keyring(t, "a"))
	for _, route := range codecRoutes() {
		t.Run(route, func(t *testing.T) {
			op := doc.operation(t, route)
			method, path, _ := strings.Cut(route, " ")
			rec := codecCall(t, h, method, path, "{}", "", uiOrigin)
			_, says401 := op.Responses["401"]
			if method == http.MethodOptions {
				require.NotNil(t, op.Security)
				require.Empty(t, *op.Security)
				require.False(t, says401)
				require.Equal(t, http.StatusNoContent, rec.Code)
				return
			}
			require.Nil(t, op.Security, "a guarded route takes the document's bearer default")
			require.True(t, says401)
			require.Equal(t, http.StatusUnauthorized, rec.Code)
		})
	}
}
