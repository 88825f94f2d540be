package lanesworker_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/workflows"
)

var recordHistories = flag.Bool("record-histories", false, "write the histories of the integration run to workflows/testdata for the replay test")

// lanesServer is a real Temporal server with the Lanes worker running on it.
type lanesServer struct {
	client  client.Client
	ns      string
	intake  *intake.Client
	board   *bench.NoticeBoard
	webhook *recordingEndpoint
}

func startLanes(t *testing.T) *lanesServer {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	return startLanesWith(t, cat, nil)
}

// brokenAction is the automation whose endpoint is down for the whole run.
const brokenAction = "refresh-reports"

// recordingEndpoint plays the RPA orchestrator and the cloud job runner, counting calls per action.
type recordingEndpoint struct {
	mu    sync.Mutex
	calls map[string]int
}

func (e *recordingEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req activities.AutomationRequest
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &req); err != nil || r.Header.Get("Idempotency-Key") == "" {
		http.Error(w, "bad automation request", http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.calls[req.Action]++
	e.mu.Unlock()
	if req.Action == brokenAction {
		http.Error(w, "report service down", http.StatusServiceUnavailable)
		return
	}
	_ = json.NewEncoder(w).Encode(activities.AutomationResult{Summary: "done by " + r.URL.Path + " " + req.Action, ExternalRef: "ext-" + req.TaskID})
}

func (e *recordingEndpoint) count(action string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[action]
}

// The five tasks of DOMAIN.md §4, submitted through starter's code path, each
// taken to completion by its lane, and checked against the reference table. The
// person is the one the default roster's rule books: seniors for instant work, the
// least utilized specialist or coordinator otherwise, ties by ID.
func TestIntegrationReferenceTasks(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cases := []struct {
		taskType, person string
		bucket           catalog.Bucket
		lane             catalog.Lane
		outcome          string
		ready            func(workflows.TaskStatus) bool
	}{
		{"pause-paid-campaign-404-spike", "devon", catalog.BucketInstantCritical, catalog.LaneHybrid, workflows.OutcomeResolved, booked(automationFinished)},
		{"weekly-lifecycle-email-qa", "lena", catalog.BucketPlannedCritical, catalog.LaneHuman, workflows.OutcomeResolved, booked(stageIs(workflows.StageAssigned))},
		{"utm-naming-validation", "", catalog.BucketRepeatableNoncritical, catalog.LaneAutomated, workflows.OutcomeAutomated, nil},
		{"monthly-dashboard-refresh", "ana", catalog.BucketRepeatableNoncritical, catalog.LaneAutomated, workflows.OutcomeResolved, booked(stageIs(workflows.StageAssigned))},
		// No senior has design, so the least utilized of those who have it takes the exception.
		{"creative-stakeholder-review", "lena", catalog.BucketExceptionOnly, catalog.LaneHuman, workflows.OutcomeResolved, booked(stageIs(workflows.StageAssigned))},
	}
	for _, tc := range cases {
		t.Run(tc.taskType, func(t *testing.T) {
			req := workflows.TaskRequest{
				RequestID: "it-" + tc.taskType, TaskType: tc.taskType, Title: "integration " + tc.taskType, Requester: "maya", CampaignID: "cmp-42",
				BusinessUnit: "growth", Objective: "hold the spring launch", DACI: &workflows.Governance{Informed: []string{"cmo"}},
			}
			if tc.taskType == "utm-naming-validation" {
				req.Payload = json.RawMessage(`{"urls":["https://example.com/?utm_source=news&utm_medium=email&utm_campaign=spring"]}`)
			}
			sub, err := ls.intake.Submit(ctx, req)
			require.NoError(t, err)
			require.False(t, sub.Duplicate)
			again, err := ls.intake.Submit(ctx, req)
			require.NoError(t, err)
			require.True(t, again.Duplicate, "the same request twice must start one workflow")
			require.Equal(t, sub.RunID, again.RunID)

			if tc.person != "" {
				_, err := ls.intake.WaitFor(ctx, sub.TaskID, tc.ready)
				require.NoError(t, err)
				act(ctx, t, ls.intake, sub.TaskID, tc.person)
			}
			var res workflows.TaskResult
			require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
			st := res.Status
			require.Equal(t, tc.bucket, st.Bucket)
			require.Equal(t, tc.lane, st.Lane)
			require.Equal(t, tc.outcome, st.Outcome)
			require.Equal(t, workflows.StageCompleted, st.Stage)
			require.Equal(t, workflows.SLAMet, st.SLAState)
			require.Contains(t, st.CatalogRef, "2026-11-25.1@")
			attrs := searchAttributes(ctx, t, ls.client, sub.TaskID)
			require.Equal(t, tc.taskType, attrs["LanesTaskType"])
			require.Equal(t, string(tc.bucket), attrs["LanesBucket"])
			require.Equal(t, string(tc.lane), attrs["LanesLane"])
			require.Equal(t, "completed", attrs["LanesStage"])
			require.Equal(t, "met", attrs["LanesSLAState"])
			require.Equal(t, st.Team, attrs["LanesTeam"])
			require.Equal(t, "growth", attrs["LanesBusinessUnit"])
			require.Equal(t, string(st.Request.Triage.Tier), attrs["LanesServiceTier"])
			require.Equal(t, false, attrs["LanesRush"])
			if tc.person != "" {
				require.Equal(t, tc.person, attrs["LanesAssignee"])
				require.True(t, st.Staffing.Released, "capacity given back")
			}
			if st.Automation != nil && tc.taskType != "utm-naming-validation" {
				require.Equal(t, 1, ls.webhook.count(st.Automation.Action), "one webhook call per automation")
			}
			recordHistory(ctx, t, ls.client, sub.TaskID, tc.taskType)
		})
	}
	recordHistory(ctx, t, ls.client, workflows.RosterWorkflowID("marketing-ops"), "roster-marketing-ops")
}

// act plays the person: a stranger is refused, then the person acknowledges and completes.
func act(ctx context.Context, t *testing.T, in *intake.Client, taskID, person string) {
	t.Helper()
	rec, err := intake.Send(ctx, in, taskID, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "stranger"}, Outcome: workflows.OutcomeResolved})
	require.NoError(t, err)
	require.False(t, rec.Accepted)
	require.Contains(t, rec.Reason, "actor:")
	rec, err = intake.Send(ctx, in, taskID, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	st, err := in.Status(ctx, taskID)
	require.NoError(t, err)
	rec, err = intake.Send(ctx, in, taskID, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: person}, Outcome: workflows.OutcomeResolved, Note: "checked"})
	require.NoError(t, err)
	require.True(t, rec.Accepted, rec.Reason)
	if st.NeedsApproval {
		// Critical work: the completion waits for the team's manager, whose approval closes the task.
		require.Contains(t, rec.Detail, "held for approval: criticality")
		rec, err = intake.Send(ctx, in, taskID, workflows.SignalApprove, workflows.ApproveSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: "maya"}})
		require.NoError(t, err)
		require.True(t, rec.Accepted, rec.Reason)
	}
}

// booked waits until the roster has booked a person, as well as for ready.
func booked(ready func(workflows.TaskStatus) bool) func(workflows.TaskStatus) bool {
	return func(st workflows.TaskStatus) bool {
		return ready(st) && st.Staffing != nil && st.Staffing.Person != "" && st.Assignee == st.Staffing.Person
	}
}

func stageIs(s workflows.Stage) func(workflows.TaskStatus) bool {
	return func(st workflows.TaskStatus) bool { return st.Stage == s }
}

func automationFinished(st workflows.TaskStatus) bool {
	return st.Automation != nil && st.Automation.FinishedAt != nil
}

// searchAttributes reads a task's search attributes as the server holds them.
func searchAttributes(ctx context.Context, t *testing.T, c client.Client, id string) map[string]any {
	t.Helper()
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	require.NoError(t, err)
	out := map[string]any{}
	for name, p := range desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields() {
		var v any
		require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &v))
		out[name] = v
	}
	return out
}

// recordHistory keeps the run's history for the replay test when -record-histories is set.
func recordHistory(ctx context.Context, t *testing.T, c client.Client, id, name string) {
	t.Helper()
	if !*recordHistories {
		return
	}
	hist := &historypb.History{}
	it := c.GetWorkflowHistory(ctx, id, "", false, 0)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		hist.Events = append(hist.Events, e)
	}
	data, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
	require.NoError(t, err)
	path := filepath.Join("..", "workflows", "testdata", workflows.Baseline, name+".json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// An automation whose endpoint stays down is retried up to the type's maxAttempts,
// then the task becomes an exception for a senior with the skill, who closes it.
func TestIntegrationExhaustedAutomationGoesToAPerson(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sub, err := ls.intake.Submit(ctx, workflows.TaskRequest{RequestID: "it-broken-refresh", TaskType: "reporting-refresh", Title: "Refresh weekly channel report"})
	require.NoError(t, err)
	st, err := ls.intake.WaitFor(ctx, sub.TaskID, booked(func(st workflows.TaskStatus) bool { return st.HumanStep == workflows.StepException }))
	require.NoError(t, err)
	require.Equal(t, 3, ls.webhook.count(brokenAction), "tried maxAttempts times")
	require.Contains(t, st.Exception, "cloud automation refresh-reports failed")
	require.Contains(t, st.Exception, "503")
	require.Equal(t, "priya", st.Assignee, "the analytics senior with the skill")
	require.Equal(t, catalog.AllocationReactiveSupport, st.Staffing.Allocation)
	require.Equal(t, workflows.StageAssigned, st.Stage)
	attrs := searchAttributes(ctx, t, ls.client, sub.TaskID)
	require.Equal(t, true, attrs["LanesException"])

	act(ctx, t, ls.intake, sub.TaskID, "priya")
	var res workflows.TaskResult
	require.NoError(t, ls.client.GetWorkflow(ctx, sub.TaskID, sub.RunID).Get(ctx, &res))
	require.Equal(t, workflows.OutcomeResolved, res.Status.Outcome)
	require.Equal(t, "priya", res.Status.CompletedBy)
	require.Zero(t, res.Status.ManualMinutes, "no minutes saved when a person did the work")
}
