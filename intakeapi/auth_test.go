package intakeapi

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewRefusesNoTokensUnlessInsecure(t *testing.T) {
	_, err := New(Config{Backend: newFake(t)})
	require.ErrorContains(t, err, TokensEnv)
	h, err := New(Config{Backend: newFake(t), InsecureNoAuth: true})
	require.NoError(t, err)
	open := &harness{fake: nil, handler: h}
	require.Equal(t, http.StatusOK, open.doAs(t, http.MethodGet, "/v1/catalog", "", "").Code)
}

func TestEachTokenIsAcceptedAndItsNameLogged(t *testing.T) {
	for _, tok := range testTokens {
		t.Run(tok.Name, func(t *testing.T) {
			h := newHarness(t)
			rec := h.doAs(t, http.MethodGet, "/v1/catalog", "", "Bearer "+tok.Value)
			require.Equal(t, http.StatusOK, rec.Code)
			entries := h.logs.FilterMessage("intake request").AllUntimed()
			require.Len(t, entries, 1)
			fields := entries[0].ContextMap()
			require.Equal(t, tok.Name, fields["client"])
			require.Equal(t, rec.Header().Get(RequestIDHeader), fields["requestId"])
			require.Equal(t, "GET", fields["method"])
			require.Equal(t, "/v1/catalog", fields["path"])
			require.EqualValues(t, http.StatusOK, fields["status"])
			require.Contains(t, fields, "duration")
		})
	}
}

func TestMissingOrWrongTokenIs401(t *testing.T) {
	for _, auth := range []string{"", "Bearer wrong-token-0123456789", "Basic " + testTokens[0].Value, testTokens[0].Value, "Bearer " + testTokens[0].Value + "x"} {
		t.Run(auth, func(t *testing.T) {
			h := newHarness(t)
			rec := h.doAs(t, http.MethodPost, "/v1/tasks", goodBody, auth)
			require.Equal(t, http.StatusUnauthorized, rec.Code)
			require.Contains(t, rec.Header().Get("WWW-Authenticate"), "Bearer")
			require.Equal(t, "Authorization", errorBody(t, rec.Body.Bytes()).Field)
			submits, _ := h.fake.calls()
			require.Zero(t, submits)
			fields := h.logs.FilterMessage("intake request").AllUntimed()[0].ContextMap()
			require.EqualValues(t, http.StatusUnauthorized, fields["status"])
			require.Empty(t, fields["client"])
		})
	}
}

func TestClientRequestIDIsEchoed(t *testing.T) {
	h := newHarness(t)
	req := func(id string) string {
		r := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		r.Header.Set(RequestIDHeader, id)
		return h.serve(t, r).Header().Get(RequestIDHeader)
	}
	require.Equal(t, "abc-123", req("abc-123"))
	forged := req("abc\nlevel=error")
	require.NotEqual(t, "abc\nlevel=error", forged, "a request ID that could forge log lines is replaced")
	require.Len(t, forged, 36)
}
