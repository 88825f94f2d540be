package workflows

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/workflow"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// A human task: queued in its role's queue, taken and acknowledged by bob, both clocks
// met, closed; the task's details come from the catalog and the request.
func TestLedgerRecordsAHumanTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.finishBy("bob", 2*time.Hour, "approved with one change")
	req := reviewRequest
	req.BusinessUnit, req.Rush, req.CampaignID = "growth", true, "cmp-7"

	te.run(req)

	assert.Equal(t, []string{
		"classified: creative-stakeholder-review marketing-ops exception_only human 60min @0s",
		"queued-1: queued in the role:reviewer queue @0s",
		"booked-1: booked bob @2h0m0s",
		"acknowledged-1: acknowledged bob @2h0m0s",
		"clock-response: response met used 2h0m0s @2h0m0s",
		"action-1: acknowledge by bob via operator accepted @2h0m0s",
		"clock-resolution: resolution met used 2h1m0s @2h1m0s",
		"action-2: complete by bob via operator accepted @2h1m0s",
		"closed: completed (resolved by bob) automation=false 0h @2h1m0s",
	}, te.recorded())
	// One local write per workflow task that decided facts: the start, the take and
	// acknowledge, and the completion with the close, which waited for its last notice.
	assert.Equal(t, []string{"local 2", "local 4", "local 3"}, te.written())
	te.mu.Lock()
	first, response := te.facts[0], te.facts[4]
	te.mu.Unlock()
	assert.Equal(t, ledger.TaskDetails{
		TaskType: "creative-stakeholder-review", Team: "marketing-ops", Bucket: catalog.BucketExceptionOnly, Lane: catalog.LaneHuman,
		BusinessUnit: "growth", Rush: true, Requester: "pat", Campaign: "cmp-7", Received: tuesday10NY,
		HoursEstimated: 1, ManualMinutes: 60,
	}, *first.Task)
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	assert.Equal(t, ledger.SLAClock{
		Name: ledger.ClockResponse, Target: "1 business day", Budget: 8 * time.Hour, Used: 2 * time.Hour,
		Deadline: time.Date(2026, 11, 25, 10, 0, 0, 0, newYork).UTC(), Outcome: ledger.ClockMet,
	}, *response.Clock)
}

// An automated task: the automation's start meets the response clock, its result is
// the task's first response, and it closes the task with no person's step.
func TestLedgerRecordsAnAutomatedTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := TaskRequest{RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check the launch UTMs",
		Payload: json.RawMessage(`{"urls":["https://example.com/?utm_source=news"]}`)}
	te.automation("validate-utm-naming", mock.Anything, activities.AutomationResult{Summary: "1 URL valid"}, nil).Once()

	te.run(req)

	assert.Equal(t, []string{
		"classified: utm-naming-validation marketing-ops repeatable_noncritical automated 15min @0s",
		"clock-response: response met used 0s @0s",
		"automation-1: rpa validate-utm-naming failed=false @0s",
		"acknowledged-1: acknowledged  @0s",
		"clock-resolution: resolution met used 0s @0s",
		"closed: completed (automated by automation:validate-utm-naming) automation=true 0h @0s",
	}, te.recorded())
	assert.Equal(t, []string{"local 2", "local 4"}, te.written(), "the start, then the result with the close")
}

// An outage nobody takes: warned, breached, escalated level by level, its resolution
// SLA lost and the campaign paused; then the on-call person takes and closes it.
func TestLedgerRecordsAnEscalatingOutage(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	req := outageRequest
	req.CampaignID = "cmp-7"
	te.env.OnActivity("PauseCampaign", mock.Anything, mock.Anything).Return(activities.PauseResult{Paused: true, Summary: "paused"}, nil).Once()
	te.finishBy("oncall-1", 70*time.Minute, "restored")

	te.run(req)

	assert.Equal(t, []string{
		"classified: live-campaign-outage marketing-ops instant_critical human 45min @0s",
		"queued-1: queued in the role:on-call-ops queue @0s",
		"warning-response-75: sla_warning 75% of the response SLA used @11m15s",
		"clock-response: response breached used 15m0s @15m0s",
		"escalation-1-1: breach level 1 @15m0s",
		"escalation-1-2: breach level 2 @30m0s",
		"warning-resolution-75: sla_warning 75% of the resolution SLA used @45m0s",
		"escalation-1-3: breach level 3 @45m0s",
		"clock-resolution: resolution breached used 1h0m0s @1h0m0s",
		"fallback: fallback pause @1h0m0s",
		"booked-1: booked oncall-1 @1h10m0s",
		"acknowledged-1: acknowledged oncall-1 @1h10m0s",
		"action-1: acknowledge by oncall-1 via operator accepted @1h10m0s",
		"action-2: approve by dana via operator accepted @1h10m30s",
		"action-3: complete by oncall-1 via operator accepted @1h11m0s",
		"closed: completed (resolved by oncall-1) automation=false 0h @1h11m0s",
	}, te.recorded())
}

// A failed sync on a rostered team: devon is booked and takes the exception, loses
// its resolution SLA, and the reroute hands it to omar, who closes it.
func TestLedgerRecordsARerouteOnARosteredTeam(t *testing.T) {
	se := newStaffedEnv(t, false)
	failSync(se.taskEnv)
	se.book(10*time.Second, "devon", "least utilized senior")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "devon"}})
	se.book(syncResolution+10*time.Second, "omar", "least utilized with the skill")
	se.signalAt(syncResolution+time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "omar"}})
	se.signalAt(syncResolution+2*time.Minute, SignalComplete, CompleteSignal{ActionHeader: ActionHeader{Actor: "omar"}, Outcome: OutcomeResolved, Hours: 1.5})

	se.run(syncRequest)

	assert.Equal(t, []string{
		"classified: routine-data-sync marketing-ops repeatable_noncritical automated 30min @0s",
		"clock-response: response met used 0s @0s",
		"automation-1: rpa sync-marketing-data failed=true @0s",
		"escalation-1-1: repeated_failure level 1 @0s",
		"booked-1: booked devon @10s",
		"acknowledged-1: acknowledged devon @1m0s",
		"action-1: acknowledge by devon via operator accepted @1m0s",
		"warning-resolution-75: sla_warning 75% of the resolution SLA used @18h0m0s",
		"clock-resolution: resolution breached used 24h0m0s @24h0m0s",
		"fallback: fallback reroute @24h0m0s",
		"handoff-1: reroute devon→ (resolution SLA lost) @24h0m0s",
		"booked-2: booked omar @24h0m10s",
		"acknowledged-2: acknowledged omar @24h1m0s",
		"action-2: acknowledge by omar via operator accepted @24h1m0s",
		"action-3: complete by omar via operator accepted @24h2m0s",
		"closed: completed (resolved by omar) automation=false 1.5h @24h2m0s",
	}, se.recorded())
}

// While the worker cannot reach the ledger, each batch fails its few local attempts
// within its workflow task and goes to the activity the server retries; the task goes
// on and records the same facts, each once.
func TestLedgerWritesThroughTheActivityWhenTheLocalWriteFails(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.localFails = true
	te.finishBy("bob", 2*time.Hour, "approved with one change")

	te.run(reviewRequest)

	assert.Equal(t, []string{
		"classified: creative-stakeholder-review marketing-ops exception_only human 60min @0s",
		"queued-1: queued in the role:reviewer queue @0s",
		"booked-1: booked bob @2h0m0s",
		"acknowledged-1: acknowledged bob @2h0m0s",
		"clock-response: response met used 2h0m0s @2h0m0s",
		"action-1: acknowledge by bob via operator accepted @2h0m0s",
		"clock-resolution: resolution met used 2h1m0s @2h1m0s",
		"action-2: complete by bob via operator accepted @2h1m0s",
		"closed: completed (resolved by bob) automation=false 0h @2h1m0s",
	}, te.recorded())
	assert.Equal(t, []string{"activity 2", "activity 4", "activity 3"}, te.written())
	te.mu.Lock()
	defer te.mu.Unlock()
	// Each batch was tried locally first. (The test environment cuts a second local
	// attempt at once: its deadline counts from the workflow's clock, which is not the wall's.)
	assert.GreaterOrEqual(t, te.localFailed, 3, "each batch tried locally first")
}

// A task cancelled in Temporal still records its close, on a context the cancel does
// not reach, before the workflow ends.
func TestLedgerRecordsACancelledTask(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.env.RegisterDelayedCallback(te.env.CancelWorkflow, time.Hour)
	te.env.ExecuteWorkflow(CampaignTaskWorkflow, reviewRequest)
	require.True(t, te.env.IsWorkflowCompleted())

	assert.Equal(t, []string{
		"classified: creative-stakeholder-review marketing-ops exception_only human 60min @0s",
		"queued-1: queued in the role:reviewer queue @0s",
		"closed: cancelled (cancelled by ) automation=false 0h @1h0m0s",
	}, te.recorded())
}

// A task started before the ledger existed (the version gate says so on replay)
// records nothing and schedules no write, to its end.
func TestLedgerGateKeepsOldTasksSilent(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	te.env.OnGetVersion(versionTaskLedger, workflow.DefaultVersion, automationMeetsResponse).Return(workflow.DefaultVersion)
	te.finishBy("bob", 2*time.Hour, "approved")

	st := te.run(reviewRequest)

	assert.Equal(t, OutcomeResolved, st.Outcome)
	assert.Empty(t, te.recorded())
}

// An automated task's automation starts as it is routed, which is its response: from
// automationMeetsResponse on no response timer (its warning and deadline) is armed
// only to be cancelled, and the response is met all the same. A run recorded before
// still arms them, as it did.
func TestAutomatedTaskArmsNoResponseTimers(t *testing.T) {
	run := func(t *testing.T, version workflow.Version) (timers []time.Duration, st TaskStatus) {
		te := newTaskEnv(t, tuesday10NY)
		te.env.OnGetVersion(versionTaskLedger, workflow.DefaultVersion, automationMeetsResponse).Return(version)
		te.automation("validate-utm-naming", mock.Anything, activities.AutomationResult{Summary: "ok"}, nil).After(time.Minute)
		te.env.SetOnTimerScheduledListener(func(_ string, d time.Duration) { timers = append(timers, d) })
		st = te.run(TaskRequest{RequestID: "req-1", TaskType: "utm-naming-validation", Title: "Check links", Payload: []byte(`{"urls":[]}`)})
		require.NotNil(t, st.Response.MetAt)
		assert.Equal(t, tuesday10NY, *st.Response.MetAt, "met as the automation started")
		assert.Equal(t, OutcomeAutomated, st.Outcome)
		return timers, st
	}
	now, st := run(t, automationMeetsResponse)
	before, _ := run(t, ledgerWithActions)
	left := st.Response.Deadline.Sub(tuesday10NY)
	assert.Equal(t, []time.Duration{left * 3 / 4, left}, difference(before, now), "the response's warning and deadline, no more")
}

// difference is what of a is not in b, each element once per time it is missing.
func difference(a, b []time.Duration) []time.Duration {
	left := map[time.Duration]int{}
	for _, d := range b {
		left[d]++
	}
	var out []time.Duration
	for _, d := range a {
		if left[d] > 0 {
			left[d]--
			continue
		}
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}
