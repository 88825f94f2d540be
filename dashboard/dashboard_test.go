package dashboard_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/dashboard"
	"github.com/lanes-dev/lanes/ledger"
)

// temporalUI is the Temporal UI the tests' links point into.
const temporalUI = "http://temporal.example:8233"

// serveDashboard serves the dashboard over store and live at a fixed clock.
func serveDashboard(tb testing.TB, store *ledger.Store, live dashboard.Live, unverified bool) *httptest.Server {
	tb.Helper()
	cat, err := catalog.Default()
	if err != nil {
		tb.Fatal(err)
	}
	h, err := dashboard.New(dashboard.Config{
		Ledger: store, Live: live, Catalog: cat, TemporalUI: temporalUI, Namespace: "lanes-test",
		Unverified: unverified, Now: func() time.Time { return now },
	})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// marketing-ops' first two weeks of March, in New York: the numbers worked out
// from marchTasks, drawn in the charts, and the live load and risk from marchLive.
func TestOverviewShowsTheLedgersNumbers(t *testing.T) {
	browser := startBrowser(t)
	live := marchLive()
	srv := serveDashboard(t, fillLedger(t, marchTasks()), live, false)

	p := visit(t, browser, srv.URL+"/dashboard?team=marketing-ops&from=2026-03-02&to=2026-03-15", "overview-marketing-ops")

	assert.Equal(t, map[string]string{
		"completed": "6",
		// Response: u1, u2, o1, r1, u3 met, q1 late. Resolution: r1 late.
		"response": "83%", "resolution": "83%",
		// u1, u2, u3 closed by their bot, 15 minutes each.
		"automation": "50%", "minutes-saved": "45 min",
		// q1 on its breach, o1 on severity, r1 on its failed sync.
		"escalation": "50%",
		// lena's reactive support; task-late is past its deadline.
		"full": "1", "at-risk": "1",
	}, tileFigures(p))

	assert.Equal(t, map[string]map[string]string{
		"2026-03-02": {"Response": "67%", "Resolution": "100%"},
		"2026-03-09": {"Response": "100%", "Resolution": "67%"},
	}, chartTexts(p, "sla-weekly"))
	assert.Equal(t, map[string]string{"Response": "0.6666666666666666", "Resolution": "1"}, chartBars(p, "sla-weekly")["2026-03-02"])
	assert.Equal(t, map[string]map[string]string{"2026-03-02": {"Automation rate": "67%"}, "2026-03-09": {"Automation rate": "33%"}}, chartTexts(p, "automation-weekly"))
	assert.Equal(t, map[string]map[string]string{"2026-03-02": {"Minutes saved": "30 min"}, "2026-03-09": {"Minutes saved": "15 min"}}, chartTexts(p, "minutes-weekly"))

	// u1 5m, u2 20m, u3 3m; o1 2h; q1 26h and r1 50h.
	assert.Equal(t, map[string]map[string]string{
		"≤ 1h": {"Tasks": "3"}, "1–4h": {"Tasks": "1"}, "4h–1d": {"Tasks": "0"}, "1–3d": {"Tasks": "2"}, "3–7d": {"Tasks": "0"}, "> 7d": {"Tasks": "0"},
	}, chartTexts(p, "cycle-spread"))
	assert.Equal(t, [][]string{
		{"automated", "3", "5m", "20m"},
		// r1 was rerouted to people, so it counts in their lane.
		{"human", "3", "1d 2h", "2d 2h"},
		{"all lanes", "6", "20m", "2d 2h"},
	}, tableRows(p, "#cycle-lanes"))

	assert.Equal(t, map[string]map[string]string{
		"live-campaign-outage":      {"note": "1 of 1 (100%)"},
		"routine-data-sync":         {"note": "1 of 1 (100%)"},
		"weekly-lifecycle-email-qa": {"note": "1 of 1 (100%)"},
	}, chartTexts(p, "escalations"), "the UTM checks never escalated, so they are not drawn")
	assert.Equal(t, map[string]string{"Level 1": "0", "Level 2": "1", "Level 3": "0"}, chartBars(p, "escalations")["live-campaign-outage"])
	assert.Equal(t, map[string]string{"Level 1": "1", "Level 2": "0", "Level 3": "0"}, chartBars(p, "escalations")["weekly-lifecycle-email-qa"])
	assert.Equal(t, map[string]map[string]string{"breach": {"Tasks": "1"}, "repeated_failure": {"Tasks": "1"}, "severity": {"Tasks": "1"}}, chartTexts(p, "triggers"))

	assert.Equal(t, []string{"marketing-ops"}, attrs(p, ".team", "data-team"), "the team filter shows only its roster")
	assert.Equal(t, map[string]string{
		"campaign-execution": "50% (7.6 of 15.2h)", "reactive-support": "97% (7.4 of 7.6h)",
		"optimization": "0% (0 of 7.6h)", "automation-improvement": "10% (0.8 of 7.6h)",
	}, chartTexts(p, "load-marketing-ops")["lena"])
	assert.Equal(t, "0.9736842105263158", chartBars(p, "load-marketing-ops")["lena"]["reactive-support"])
	assert.Equal(t, []string{"0.95"}, attrs(p, "#load-marketing-ops line.ref", "data-value"))
	assert.Equal(t, []string{"Lena Ortiz: reactive-support 97%"}, texts(p, "#load .full span"))

	assert.Equal(t, [][]string{
		{"task-late", "launch-qa-blocker", "marketing-ops", "role:launch-qa", "queued", "breached", "Fri 20 Mar 10:00 EDT", "2h 0m ago", "2"},
		{"task-open1", "creative-stakeholder-review", "marketing-ops", "lena", "acknowledged", "on_track", "Fri 20 Mar 17:00 EDT", "in 5h 0m", "–"},
	}, tableRows(p, "#risk-list"), "analytics' task is not marketing-ops', and task-far is due beyond seven days")
	assert.Equal(t, []string{temporalUI + "/namespaces/lanes-test/workflows/task-late", temporalUI + "/namespaces/lanes-test/workflows/task-open1"}, attrs(p, "#risk-list a", "href"))
	assert.Equal(t, []string{"marketing-ops"}, live.asked)

	assert.Equal(t, [][]string{
		// The 7 days are 13 to 20 March, the 30 from 18 February: only rosa finished work in the last week.
		{"devon", "–", "–", "–", "–", "1", "0.5h", "0.5h", "100%"},
		{"lena", "–", "–", "–", "–", "1", "1.5h", "3h", "200%"},
		{"omar", "–", "–", "–", "–", "1", "0.8h", "1h", "133%"},
		{"rosa", "1", "1h", "2h", "200%", "1", "1h", "2h", "200%"},
	}, tableRows(p, "#hours-table"))
	assert.Empty(t, texts(p, "#unverified"), "a service that checks its callers shows no unverified banner")
}

// Without parameters the overview shows every team over the last twelve ISO weeks
// in UTC, and a service under --insecure-dev says that nobody is verified.
func TestOverviewOfEveryTeamByDefault(t *testing.T) {
	browser := startBrowser(t)
	live := marchLive()
	srv := serveDashboard(t, fillLedger(t, marchTasks()), live, true)

	p := visit(t, browser, srv.URL+"/dashboard", "overview-all-teams")

	// Noon in New York is 16:00 UTC on Friday 20 March; twelve weeks back from that week's Monday.
	assert.Equal(t, []string{"2025-12-29"}, attrs(p, "input[name=from]", "value"))
	assert.Equal(t, []string{"2026-03-20"}, attrs(p, "input[name=to]", "value"))
	assert.Len(t, chartTexts(p, "sla-weekly"), 12)
	assert.Equal(t, map[string]string{
		// The seven marketing-ops tasks completed and analytics' refresh.
		"completed": "8",
		// Of 9 response clocks only q1's was late; of 8 resolution clocks r1's and c1's.
		"response": "89%", "resolution": "75%",
		// u1, u2, u3 (45 minutes) and m1 (120).
		"automation": "50%", "minutes-saved": "3h",
		"escalation": "38%", "full": "1", "at-risk": "1",
	}, tileFigures(p))
	assert.Equal(t, []string{"manual time saved by automation (165 minutes)"}, texts(p, "[data-tile=minutes-saved] .caption"))
	assert.Equal(t, []string{"analytics", "marketing-ops"}, attrs(p, ".team", "data-team"))
	assert.Equal(t, []string{"No roster runs for this team: its work waits in role queues."}, texts(p, ".team .problem"))
	risk := tableRows(p, "#risk-list")
	require.Len(t, risk, 3)
	assert.Equal(t, []string{"task-late", "task-open1", "task-next-week"}, []string{risk[0][0], risk[1][0], risk[2][0]})
	assert.Equal(t, "automation", risk[2][3], "a task nobody holds is with its automation")
	assert.Equal(t, []string{""}, live.asked)
	banner := texts(p, "#unverified")
	require.Len(t, banner, 1)
	assert.Contains(t, banner[0], "people are not verified")
	assert.Equal(t, []string{"60"}, attrs(p, "meta[http-equiv=refresh]", "content"), "the page reloads itself every minute")
}

// The monthly review of March for marketing-ops, worked out from marchTasks,
// and the forecast of the four weeks after now's from them and forecastLive.
func TestReviewShowsTheMonth(t *testing.T) {
	browser := startBrowser(t)
	srv := serveDashboard(t, fillLedger(t, marchTasks()), forecastLive(), false)

	p := visit(t, browser, srv.URL+"/dashboard/review?team=marketing-ops&month=2026-03", "review-marketing-ops")

	assert.Equal(t, []string{"Monthly review, March 2026, marketing-ops"}, texts(p, "h1"))
	// Eight requests came in, the open review among them; q1 and o1 were rush,
	// carrying 170 of the 250 points of priority score.
	assert.Equal(t, map[string]string{"requests": "8", "rush-share": "25%", "rush-value": "68%"}, tileFigures(p))
	assert.Equal(t, map[string]map[string]string{
		"utm-naming-validation": {"Completed": "3"}, "creative-stakeholder-review": {"Completed": "1"}, "live-campaign-outage": {"Completed": "1"},
		"routine-data-sync": {"Completed": "1"}, "weekly-lifecycle-email-qa": {"Completed": "1"},
	}, chartTexts(p, "top-volume"))
	assert.Equal(t, map[string]map[string]string{
		"live-campaign-outage": {"Escalation rate": "100% (1 of 1)"}, "routine-data-sync": {"Escalation rate": "100% (1 of 1)"},
		"weekly-lifecycle-email-qa": {"Escalation rate": "100% (1 of 1)"},
	}, chartTexts(p, "top-escalation"))
	// Each person's task took their acknowledgement and their completion; the bots' took none.
	assert.Equal(t, map[string]map[string]string{
		"creative-stakeholder-review": {"Touches per task": "2 per task (2 in 1)"}, "live-campaign-outage": {"Touches per task": "2 per task (2 in 1)"},
		"routine-data-sync": {"Touches per task": "2 per task (2 in 1)"}, "weekly-lifecycle-email-qa": {"Touches per task": "2 per task (2 in 1)"},
	}, chartTexts(p, "top-touches"))
	// Only the email QA is people's work with an automation score of 3 or more.
	assert.Equal(t, map[string]map[string]string{
		"weekly-lifecycle-email-qa": {"Minutes a month": "90 min (1 task, automation score 3)"},
	}, chartTexts(p, "automate-next"))
	assert.Equal(t, [][]string{
		{"Creative stakeholder review", "2h reported against 1h estimated"},
		{"Routine data sync", "automation failed 1 of 1 runs"},
		{"Weekly lifecycle email QA", "3h reported against 1.5h estimated"},
	}, tableRows(p, "#rescore-table"))
	assert.Equal(t, map[string]map[string]string{
		"":         {"Requests": "4 (50%)", "Rush": "0"},
		"consumer": {"Requests": "3 (38%)", "Rush": "1"},
		"growth":   {"Requests": "1 (12%)", "Rush": "1"},
	}, chartTexts(p, "business-units"))
	assert.Equal(t, map[string]map[string]string{"requests": {"Rush share": "25%"}, "value": {"Rush share": "68%"}}, chartTexts(p, "rush"))
	assert.Equal(t, map[string]string{"Monday": "3", "Tuesday": "3", "Wednesday": "2", "Thursday": "0", "Friday": "0", "Saturday": "0", "Sunday": "0"},
		flatten(chartTexts(p, "weekdays"), "Requests"))
	hours := flatten(chartTexts(p, "hours"), "Requests")
	assert.Equal(t, []string{"1", "5", "1", "1"}, []string{hours["8"], hours["9"], hours["10"], hours["14"]})
	assert.Equal(t, []string{"Tue 3 Mar: 2 requests", "Mon 2 Mar: 1 request", "Mon 9 Mar: 1 request", "Tue 10 Mar: 1 request", "Wed 11 Mar: 1 request"}, texts(p, "#busiest-days li"))

	// The forecast, made Friday 20 March, covers the weeks of 23 and 30 March and
	// 6 and 13 April. Its baseline averages the four weeks from 16 February to 15
	// March: people took q1 (email QA, writing, 1.5h), o1 (outage, paid media,
	// 0.75h), both campaign execution, and r1 (sync, development, 0.5h), an
	// exception, so reactive support: a quarter of each a week, 0.375, 0.1875 and
	// 0.125h; campaign execution as a whole 0.5625h. The email QA's runs on 23 and
	// 30 March add its 90 catalog minutes each, all of its recent tasks having
	// needed a person; its run of 20 April is past the four weeks. lena's open 20h
	// review (design) counts in the first week. Capacity: lena's and omar's 38h,
	// 40% campaign execution (15.2h each), 20% reactive support (7.6h each); the
	// line is 95% of it. Design's first week, 20h against 14.44h, will not fit.
	assert.Equal(t, []string{"marketing-ops, design, campaign-execution, week of Mon 23 Mar: 20h against the 14.4h line (5.6h over)"},
		texts(p, "#will-not-fit li"))
	assert.Empty(t, texts(p, ".forecast-note"), "marketing-ops' roster and schedule answered")
	assert.Equal(t, []string{"Skill", "Allocation", "Week of Mon 23 Mar", "Week of Mon 30 Mar", "Week of Mon 6 Apr", "Week of Mon 13 Apr"},
		texts(p, "#forecast-marketing-ops thead th"))
	weeks := func(cells ...string) []string {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = []string{"2026-03-23", "2026-03-30", "2026-04-06", "2026-04-13"}[i] + ": " + c
		}
		return out
	}
	// Each week: baseline + recurring + open = demand of the 95% line (capacity), fits.
	assert.Equal(t, map[string][]string{
		"design campaign-execution": weeks("0 + 0 + 20 = 20 of 14.4 (15.2) false", "0 + 0 + 0 = 0 of 14.4 (15.2) true",
			"0 + 0 + 0 = 0 of 14.4 (15.2) true", "0 + 0 + 0 = 0 of 14.4 (15.2) true"),
		"development reactive-support": weeks("0.1 + 0 + 0 = 0.1 of 7.2 (7.6) true", "0.1 + 0 + 0 = 0.1 of 7.2 (7.6) true",
			"0.1 + 0 + 0 = 0.1 of 7.2 (7.6) true", "0.1 + 0 + 0 = 0.1 of 7.2 (7.6) true"),
		"paid-media campaign-execution": weeks("0.2 + 0 + 0 = 0.2 of 14.4 (15.2) true", "0.2 + 0 + 0 = 0.2 of 14.4 (15.2) true",
			"0.2 + 0 + 0 = 0.2 of 14.4 (15.2) true", "0.2 + 0 + 0 = 0.2 of 14.4 (15.2) true"),
		"writing campaign-execution": weeks("0.4 + 1.5 + 0 = 1.9 of 14.4 (15.2) true", "0.4 + 1.5 + 0 = 1.9 of 14.4 (15.2) true",
			"0.4 + 0 + 0 = 0.4 of 14.4 (15.2) true", "0.4 + 0 + 0 = 0.4 of 14.4 (15.2) true"),
		"all skills campaign-execution": weeks("0.6 + 1.5 + 20 = 22.1 of 28.9 (30.4) true", "0.6 + 1.5 + 0 = 2.1 of 28.9 (30.4) true",
			"0.6 + 0 + 0 = 0.6 of 28.9 (30.4) true", "0.6 + 0 + 0 = 0.6 of 28.9 (30.4) true"),
		"all skills reactive-support": weeks("0.1 + 0 + 0 = 0.1 of 14.4 (15.2) true", "0.1 + 0 + 0 = 0.1 of 14.4 (15.2) true",
			"0.1 + 0 + 0 = 0.1 of 14.4 (15.2) true", "0.1 + 0 + 0 = 0.1 of 14.4 (15.2) true"),
	}, forecastCells(p, "marketing-ops"))
	// The cell that will not fit is the one marked, its demand against the line printed.
	assert.Equal(t, []string{"2026-03-23"}, attrs(p, "#forecast-marketing-ops tr[data-skill=design] td.over", "data-week"))
	assert.Equal(t, []string{"20h", "of 14.4h"}, texts(p, "#forecast-marketing-ops td.over span:not(.parts)"))

	// Every team: analytics runs no roster and its refresh's schedule is paused,
	// which the forecast says; its one task, done by its job, needed no person,
	// so it expects no demand and has no table.
	p = visit(t, browser, srv.URL+"/dashboard/review?month=2026-03", "review-all")
	assert.Equal(t, []string{
		"analytics runs no roster, so its demand has no capacity to be set against.",
		"schedule lanes-recur-monthly-dashboard-refresh is paused, so the forecast counts no run of monthly-dashboard-refresh.",
	}, texts(p, ".forecast-note"))
	assert.Equal(t, []string{"forecast-marketing-ops"}, attrs(p, "table.forecast", "id"))
	assert.Len(t, texts(p, "#will-not-fit li"), 1)
}

// flatten keeps one series of a chart's texts: group key → text.
func flatten(texts map[string]map[string]string, series string) map[string]string {
	out := map[string]string{}
	for group, bySeries := range texts {
		out[group] = bySeries[series]
	}
	return out
}
