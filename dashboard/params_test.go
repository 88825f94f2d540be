package dashboard_test

import (
	"html"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A filter the pages cannot use is a 400 page naming the parameter and the fix.
func TestBadFiltersAre400NamingTheParameter(t *testing.T) {
	srv := serveDashboard(t, fillLedger(t, nil), marchLive(), false)
	tests := []struct {
		path, param, says string
	}{
		{"/dashboard?team=creative", "team", `"creative" is not a team in the catalog; choose one of analytics, marketing-ops, or leave it out for every team`},
		{"/dashboard?from=2026-3-1", "from", `"2026-3-1" is not a date; write it as YYYY-MM-DD, such as`},
		{"/dashboard?to=yesterday", "to", `"yesterday" is not a date; write it as YYYY-MM-DD`},
		{"/dashboard?from=2026-03-10&to=2026-03-01", "to", "2026-03-01 is before from 2026-03-10; the period runs forward"},
		{"/dashboard?from=2024-01-01&to=2026-03-01", "from", "the period from 2024-01-01 to 2026-03-01 is longer than the 400 days a page reads; choose a later from"},
		{"/dashboard?teem=analytics", "teem", "this page takes no such parameter; it takes team, from, to"},
		{"/dashboard?team=analytics&team=marketing-ops", "team", "given 2 times; give it once"},
		{"/dashboard/review?month=2026-13", "month", `"2026-13" is not a month; write it as YYYY-MM, such as 2026-03`},
		{"/dashboard/review?from=2026-03-01", "from", "this page takes no such parameter; it takes team, month"},
		{"/dashboard/review?team=nope", "team", `"nope" is not a team in the catalog`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := get(t, srv.URL+tt.path)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, body, `data-param="`+tt.param+`"`)
			assert.Contains(t, body, tt.param+": "+tt.says)
		})
	}

	status, body := get(t, srv.URL+"/dashboard/reviews")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, body, "No page /dashboard/reviews; the dashboard's pages are /dashboard and /dashboard/review.")
}

// get fetches a page and returns its status and its text, entities decoded.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	return resp.StatusCode, html.UnescapeString(string(body))
}
