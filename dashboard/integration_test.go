package dashboard_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/dashboard"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/ledger"
	"github.com/lanes-dev/lanes/workflows"
)

// On a real Temporal server with the real worker, the intake service serves the
// dashboard (unchecked, as under --insecure-dev): a task the marketing-ops roster
// booked shows in its person's load as the roster's query reports it, and in the
// at-risk list with its deadline from visibility and a link into the Temporal UI.
func TestIntegrationDashboardShowsTheLiveRosterAndOpenTasks(t *testing.T) {
	ts := temporalserver.Start(t)
	c := ts.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	require.NoError(t, lanesworker.EnsureSearchAttributes(ctx, c, ts.Namespace()))
	cat, err := catalog.Default()
	require.NoError(t, err)
	ledgerPath := filepath.Join(t.TempDir(), "ledger.db")
	cfg := lanesworker.Config{QueuePrefix: "dash", Pools: []string{lanesworker.PoolTasks}, Catalog: cat,
		Logger: zaptest.NewLogger(t), Notifier: &activities.LogNotifier{Logger: zap.NewNop()}}
	cfg.Ledger.Path = ledgerPath
	workerCtx, stopWorker := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- lanesworker.RunWorker(workerCtx, cfg, c) }()
	t.Cleanup(func() {
		stopWorker()
		require.NoError(t, <-stopped)
	})

	in := &intake.Client{Temporal: c, Catalog: cat, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks}
	sub, err := in.Submit(ctx, workflows.TaskRequest{RequestID: "dash-qa", TaskType: "weekly-lifecycle-email-qa", Title: "QA the spring series", Requester: "maya"})
	require.NoError(t, err)
	st, err := in.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool {
		return st.Stage == workflows.StageAssigned && st.Staffing != nil && st.Staffing.Person != "" && st.Assignee == st.Staffing.Person
	})
	require.NoError(t, err)
	person := st.Assignee

	live := dashboard.TemporalLive{Client: c}
	// Visibility lists the task with its person once its search attributes are indexed.
	var listed dashboard.OpenTask
	require.Eventually(t, func() bool {
		open, _, err := live.DueBefore(ctx, "marketing-ops", time.Now().Add(30*24*time.Hour), 10)
		for _, o := range open {
			if o.ID == sub.TaskID && o.Assignee == person {
				listed = o
			}
		}
		return err == nil && listed.ID != ""
	}, time.Minute, 200*time.Millisecond, "visibility lists the booked task")
	roster, err := live.Roster(ctx, "marketing-ops")
	require.NoError(t, err)

	store, err := ledger.Open(ctx, ledger.Config{Path: ledgerPath})
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	pages, err := dashboard.New(dashboard.Config{Ledger: store, Live: live, Catalog: cat, Namespace: ts.Namespace(), Unverified: true})
	require.NoError(t, err)
	service, err := intakeapi.New(intakeapi.Config{Backend: &intakeapi.Client{Intake: in}, InsecureNoAuth: true, Dashboard: pages})
	require.NoError(t, err)
	srv := httptest.NewServer(service)
	t.Cleanup(srv.Close)

	// The live reads above are checked on a machine without a browser too; the page needs one.
	browser := startBrowser(t)
	p := visit(t, browser, srv.URL+"/dashboard?team=marketing-ops", "integration-overview")

	newYork := mustZone(cat.Teams["marketing-ops"].TimeZone)
	row := map[string][]string{}
	for _, r := range tableRows(p, "#risk-list") {
		row[r[0]] = r
	}
	require.Contains(t, row, sub.TaskID)
	assert.Equal(t, []string{"weekly-lifecycle-email-qa", "marketing-ops", person, string(workflows.StageAssigned), "on_track", listed.ResolveBy.In(newYork).Format("Mon 2 Jan 15:04 MST")},
		row[sub.TaskID][1:7])
	assert.Contains(t, attrs(p, "#risk-list a", "href"), fmt.Sprintf("%s/namespaces/%s/workflows/%s", dashboard.DefaultTemporalUI, ts.Namespace(), sub.TaskID))

	// The load chart prints what the roster's query says of the person booked.
	var want map[string]string
	for _, pv := range roster.People {
		if pv.ID != person {
			continue
		}
		want = map[string]string{}
		for _, a := range pv.Allocations {
			want[string(a.Allocation)] = fmt.Sprintf("%.0f%% (%s of %sh)", a.Utilization*100, trimHours(a.Booked), trimHours(a.Capacity))
		}
	}
	require.NotNil(t, want, "the roster lists %s", person)
	assert.Equal(t, want, chartTexts(p, "load-marketing-ops")[person])
	assert.NotEmpty(t, texts(p, "#unverified"))
}

// trimHours writes hours as the dashboard does: one decimal at most.
func trimHours(h float64) string {
	return fmt.Sprint(float64(int64(h*10+0.5)) / 10)
}
