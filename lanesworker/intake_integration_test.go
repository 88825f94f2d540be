package lanesworker_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/internal/bench"
	"github.com/lanes-dev/lanes/workflows"
)

// 200 POST /v1/tasks from 20 clients at once, through the real service, intake client,
// Temporal server and Lanes worker: each valid request starts exactly one task, every
// resend answers that task, every invalid request is refused naming its field and
// starts nothing, and the tasks run.
func TestIntegrationIntakeLoad(t *testing.T) {
	ls := startLanes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	h, err := intakeapi.New(intakeapi.Config{
		Backend: &intakeapi.Client{Intake: ls.intake}, Tokens: []intakeapi.Token{{Name: "load", Value: loadToken, Scopes: intakeapi.DefaultScopes()}}, Logger: zaptest.NewLogger(t),
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	poster := bench.NewIntakePoster(srv.URL, loadToken, loadClients)
	t.Cleanup(poster.Close)

	plan := loadPlan()
	require.Equal(t, 200, len(plan), "requests in the plan")
	answers := make([]bench.IntakeAnswer, len(plan))
	require.NoError(t, bench.ForEach(len(plan), loadClients, func(i int) error {
		answers[i] = poster.PostAs(ctx, plan[i].token, []byte(plan[i].body))
		return nil
	}))

	expected, refused := checkLoadAnswers(t, plan, answers)
	checkLoadOnServer(ctx, t, ls, expected, refused)
	checkLoadTasksRan(ctx, t, ls, expected)
}

// checkLoadAnswers checks every answer: each invalid request refused with its status,
// naming its field; each valid request ID started once (one 201) and every other send of
// it answered 200 with the same task and run. It returns the task IDs with their runs,
// and the task IDs the refused requests would have had.
func checkLoadAnswers(t *testing.T, plan []loadCase, answers []bench.IntakeAnswer) (map[string]string, []string) {
	t.Helper()
	sends := map[string][]int{} // valid request ID → its requests in the plan
	var refused []string
	for i, c := range plan {
		a := answers[i]
		require.NoError(t, a.Err, c.name)
		if !c.invalid {
			sends[c.requestID] = append(sends[c.requestID], i)
			continue
		}
		refused = append(refused, workflows.TaskWorkflowID(c.requestID))
		require.Equal(t, c.wantCode, a.Code, "%s: %s", c.name, a.Message)
		require.Equal(t, c.wantField, a.Field, "%s: %s", c.name, a.Message)
	}
	require.Len(t, refused, 20)
	require.Len(t, sends, loadValid)
	expected := map[string]string{} // task ID → the run the service answered
	duplicates, overlapping := 0, 0
	for id, idx := range sends {
		created := 0
		first := answers[idx[0]].Submission
		for _, i := range idx {
			a := answers[i]
			require.Contains(t, []int{http.StatusCreated, http.StatusOK}, a.Code, "%s: %s", plan[i].name, a.Message)
			if a.Code == http.StatusCreated {
				created++
			}
			require.Equal(t, a.Code == http.StatusOK, a.Submission.Duplicate, plan[i].name)
			require.Equal(t, workflows.TaskWorkflowID(id), a.Submission.TaskID, plan[i].name)
			require.Equal(t, first.RunID, a.Submission.RunID, "%s: every answer names the one run", plan[i].name)
		}
		require.Equal(t, 1, created, "%s: exactly one of its %d sends started it", id, len(idx))
		if len(idx) == 2 {
			duplicates++
			if a, b := answers[idx[0]], answers[idx[1]]; b.Sent.Before(a.Answered) {
				overlapping++
			}
		}
		expected[first.TaskID] = first.RunID
	}
	require.Equal(t, 20, duplicates)
	t.Logf("%d of the 20 duplicates were sent before their first send was answered", overlapping)
	return expected, refused
}

// checkLoadTasksRan waits for every UTM check to complete on its own and every review to
// be classified and booked or queued by the roster.
func checkLoadTasksRan(ctx context.Context, t *testing.T, ls *lanesServer, expected map[string]string) {
	t.Helper()
	ids := slices.Sorted(maps.Keys(expected))
	require.NoError(t, bench.ForEach(len(ids), loadClients, func(i int) error {
		id := ids[i]
		if !isReview(id) {
			var res workflows.TaskResult
			if err := ls.client.GetWorkflow(ctx, id, expected[id]).Get(ctx, &res); err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
			if st := res.Status; st.Outcome != workflows.OutcomeAutomated || st.Bucket != catalog.BucketRepeatableNoncritical {
				return fmt.Errorf("%s ended %s in bucket %s, want automated in repeatable_noncritical", id, st.Outcome, st.Bucket)
			}
			return nil
		}
		st, err := ls.intake.WaitFor(ctx, id, answered)
		if err == nil && (st.Bucket != catalog.BucketExceptionOnly || st.Lane != catalog.LaneHuman) {
			err = fmt.Errorf("%s: bucket %s, lane %s; want exception_only, human", id, st.Bucket, st.Lane)
		}
		return err
	}))
}

// checkLoadOnServer checks that exactly the expected tasks exist: each with the run the
// service answered, none for a refused request, and visibility, once it settles, lists
// exactly them among the CampaignTaskWorkflows of the namespace.
func checkLoadOnServer(ctx context.Context, t *testing.T, ls *lanesServer, expected map[string]string, refused []string) {
	t.Helper()
	ids := slices.Sorted(maps.Keys(expected))
	require.NoError(t, bench.ForEach(len(ids), loadClients, func(i int) error {
		desc, err := ls.client.DescribeWorkflowExecution(ctx, ids[i], "")
		if err != nil {
			return fmt.Errorf("describe %s: %w", ids[i], err)
		}
		if info := desc.GetWorkflowExecutionInfo(); info.GetExecution().GetRunId() != expected[ids[i]] || info.GetType().GetName() != taskWorkflowType {
			return fmt.Errorf("%s: run %s of %s, want run %s of %s", ids[i], info.GetExecution().GetRunId(), info.GetType().GetName(), expected[ids[i]], taskWorkflowType)
		}
		return nil
	}))
	for _, id := range refused {
		_, err := ls.client.DescribeWorkflowExecution(ctx, id, "")
		require.True(t, bench.IsNotFound(err), "%s was refused, so it must not exist: %v", id, err)
	}
	query := "WorkflowType = '" + taskWorkflowType + "'"
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		count, err := ls.client.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: ls.ns, Query: query})
		require.NoError(c, err)
		assert.Equal(c, int64(len(ids)), count.GetCount(), "CountWorkflow")
		listed, err := listWorkflowIDs(ctx, ls, query)
		require.NoError(c, err)
		assert.Equal(c, ids, listed, "ListWorkflow")
	}, 30*time.Second, 250*time.Millisecond, "visibility settles on exactly the %d valid tasks", len(ids))
}

// taskWorkflowType is the name CampaignTaskWorkflow is registered under.
const taskWorkflowType = "CampaignTaskWorkflow"

// listWorkflowIDs lists, sorted, the workflow IDs visibility finds for query, page by page.
func listWorkflowIDs(ctx context.Context, ls *lanesServer, query string) ([]string, error) {
	var ids []string
	var token []byte
	for {
		resp, err := ls.client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: ls.ns, Query: query, NextPageToken: token})
		if err != nil {
			return nil, err
		}
		for _, e := range resp.GetExecutions() {
			ids = append(ids, e.GetExecution().GetWorkflowId())
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			slices.Sort(ids)
			return ids, nil
		}
	}
}
