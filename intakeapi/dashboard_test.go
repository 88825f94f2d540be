package intakeapi

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/dashboard"
)

// pagesServed stands in for the dashboard: it answers every path it is given.
var pagesServed = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte("<p>dashboard " + r.URL.Path + "</p>"))
})

// The dashboard lets in whoever may read every task: a system with read-all or a
// person; a system that reads only its own tasks is refused naming the scope.
func TestDashboardRouteNeedsReadAll(t *testing.T) {
	ownOnly := Token{Name: "forms-own", Value: "forms-own-token-0123456789", Scopes: []Scope{ScopeSubmit, ScopeReadOwn}}
	h, err := New(Config{Backend: newFake(t), Tokens: []Token{testTokens[0], ownOnly}, Dashboard: pagesServed})
	require.NoError(t, err)
	get := func(path, auth string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, path := range []string{dashboard.Path, dashboard.ReviewPath + "?month=2026-03"} {
		rec := get(path, testTokens[0].Value)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		assert.Contains(t, rec.Body.String(), "<p>dashboard "+dashboard.Path)
	}

	rec := get(dashboard.Path, "")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "Authorization", errorBody(t, rec.Body.Bytes()).Field)

	rec = get(dashboard.Path, ownOnly.Value)
	require.Equal(t, http.StatusForbidden, rec.Code)
	refusal := errorBody(t, rec.Body.Bytes())
	assert.Equal(t, string(ScopeReadAll), refusal.Scope)
	assert.Contains(t, refusal.Message, "lacks scope read-all")

	req := httptest.NewRequest(http.MethodPost, dashboard.Path, nil)
	req.Header.Set("Authorization", "Bearer "+testTokens[0].Value)
	post := httptest.NewRecorder()
	h.ServeHTTP(post, req)
	assert.Equal(t, http.StatusMethodNotAllowed, post.Code, "the dashboard only reads")
}

// Under --insecure-dev the dashboard is open and its answers say people are not verified.
func TestDashboardRouteUnderInsecureDev(t *testing.T) {
	h, err := New(Config{Backend: newFake(t), InsecureNoAuth: true, Dashboard: pagesServed})
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, dashboard.Path, nil))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, unverifiedNotice, rec.Header().Get(UnverifiedHeader))
}

// Without a dashboard configured its path is not served.
func TestNoDashboardRouteUnlessConfigured(t *testing.T) {
	h := newHarness(t)
	rec := h.do(t, http.MethodGet, dashboard.Path, "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
}
