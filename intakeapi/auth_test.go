package intakeapi

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseTokens(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Token
		says       string
	}{
		{name: "empty", text: "", want: nil},
		{name: "two systems", text: " forms=forms-token-0123456789 , jira=jira-token-0123456789ab,", want: testTokens},
		{name: "missing equals", text: "forms-token-0123456789", says: "LANES_INTAKE_TOKENS: entry 1 is not name=token"},
		{name: "missing name", text: "=forms-token-0123456789", says: "entry 1 is not name=token"},
		{name: "short token", text: "forms=abc", says: "LANES_INTAKE_TOKENS: the token of forms is shorter than 16"},
		{name: "name twice", text: "forms=forms-token-0123456789,forms=other-token-0123456789", says: "forms is named twice"},
		{name: "token reused", text: "forms=forms-token-0123456789,jira=forms-token-0123456789", says: "jira reuses another system's token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTokens(tt.text)
			if tt.says != "" {
				require.ErrorContains(t, err, tt.says)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

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
