package intake_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// validRequest is a request the default catalog accepts; each case changes one field of a fresh copy.
func validRequest() workflows.TaskRequest {
	return workflows.TaskRequest{
		RequestID: "req-42",
		TaskType:  "utm-naming-validation",
		Title:     "Check the UTMs of the spring launch",
		Payload:   json.RawMessage(`{"urls": ["https://example.com/?utm_source=x"]}`),
	}
}

func TestPrepare(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	c := &intake.Client{Catalog: cat}
	// bigPayload is a valid JSON string one byte over the limit.
	bigPayload := json.RawMessage(`"` + strings.Repeat("a", workflows.MaxPayloadBytes-1) + `"`)
	require.Len(t, bigPayload, workflows.MaxPayloadBytes+1)

	tests := []struct {
		name    string
		mutate  func(r *workflows.TaskRequest)
		wantErr []string // every part must appear in the error
		wantID  string   // the request ID after Prepare; "uuid" means a fresh UUID
	}{
		{name: "given ID is kept", mutate: func(*workflows.TaskRequest) {}, wantID: "req-42"},
		{name: "empty ID gets a UUID", mutate: func(r *workflows.TaskRequest) { r.RequestID = "" }, wantID: "uuid"},
		{name: "blank ID gets a UUID", mutate: func(r *workflows.TaskRequest) { r.RequestID = " \t" }, wantID: "uuid"},
		{
			name:   "scores in range",
			mutate: func(r *workflows.TaskRequest) { r.Scores = &catalog.Scores{Latency: 1, Criticality: 5, Automation: 3} },
			wantID: "req-42",
		},
		{
			name:    "unknown task type",
			mutate:  func(r *workflows.TaskRequest) { r.TaskType = "launch-rocket" },
			wantErr: []string{`taskType: "launch-rocket" is not in the catalog; use one of ` + strings.Join(cat.IDs(), ", ")},
		},
		{
			name:    "missing task type",
			mutate:  func(r *workflows.TaskRequest) { r.TaskType = "" },
			wantErr: []string{"taskType: required"},
		},
		{name: "empty title", mutate: func(r *workflows.TaskRequest) { r.Title = "" }, wantErr: []string{"title: required"}},
		{name: "blank title", mutate: func(r *workflows.TaskRequest) { r.Title = "   " }, wantErr: []string{"title: required"}},
		{
			name:    "title too long",
			mutate:  func(r *workflows.TaskRequest) { r.Title = strings.Repeat("t", workflows.MaxTitleLength+1) },
			wantErr: []string{"title: 201 characters is over 200"},
		},
		{
			name:    "request ID too long",
			mutate:  func(r *workflows.TaskRequest) { r.RequestID = strings.Repeat("r", 201) },
			wantErr: []string{"requestId: longer than 200 characters"},
		},
		{
			name:    "payload over the limit",
			mutate:  func(r *workflows.TaskRequest) { r.Payload = bigPayload },
			wantErr: []string{"payload: 65537 bytes is over 65536"},
		},
		{
			name:    "payload not JSON",
			mutate:  func(r *workflows.TaskRequest) { r.Payload = json.RawMessage(`{"urls": [`) },
			wantErr: []string{"payload: not valid JSON"},
		},
		{
			name:    "latency out of range",
			mutate:  func(r *workflows.TaskRequest) { r.Scores = &catalog.Scores{Latency: 9, Criticality: 1, Automation: 1} },
			wantErr: []string{"scores.latency: 9 is outside 1–5"},
		},
		{
			name:    "automation out of range",
			mutate:  func(r *workflows.TaskRequest) { r.Scores = &catalog.Scores{Latency: 1, Criticality: 1, Automation: 0} },
			wantErr: []string{"scores.automation: 0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := validRequest()
			tt.mutate(&req)
			before := req
			err := c.Prepare(&req)
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, part := range tt.wantErr {
					require.ErrorContains(t, err, part)
				}
				return
			}
			require.NoError(t, err)
			switch tt.wantID {
			case "uuid":
				_, err := uuid.Parse(req.RequestID)
				require.NoError(t, err, "request ID %q", req.RequestID)
			default:
				require.Equal(t, tt.wantID, req.RequestID)
			}
			before.RequestID = req.RequestID
			require.NotNil(t, req.Triage, "Prepare triages the request")
			before.Triage = req.Triage
			require.Equal(t, before, req, "Prepare changes only the request ID and sets the triage")
		})
	}
}

func TestPrepareAcceptsPayloadAtLimit(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	req := validRequest()
	req.Payload = json.RawMessage(`"` + strings.Repeat("a", workflows.MaxPayloadBytes-2) + `"`)
	require.Len(t, req.Payload, workflows.MaxPayloadBytes)
	require.NoError(t, (&intake.Client{Catalog: cat}).Prepare(&req))
}

func TestPrepareGivesEachRequestItsOwnID(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	c := &intake.Client{Catalog: cat}
	a, b := validRequest(), validRequest()
	a.RequestID, b.RequestID = "", ""
	require.NoError(t, c.Prepare(&a))
	require.NoError(t, c.Prepare(&b))
	require.NotEqual(t, a.RequestID, b.RequestID)
}

// TestSendRequiresSignalID checks that Send refuses a signal without an ID before it
// touches the client: neither a nil client nor one without Temporal is used.
func TestSendRequiresSignalID(t *testing.T) {
	ctx := context.Background()
	send := map[string]func(c *intake.Client) (workflows.SignalRecord, error){
		workflows.SignalAcknowledge: func(c *intake.Client) (workflows.SignalRecord, error) {
			return intake.Send(ctx, c, "task-1", workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{Actor: "alice"}})
		},
		workflows.SignalComplete: func(c *intake.Client) (workflows.SignalRecord, error) {
			return intake.Send(ctx, c, "task-1", workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{Actor: "alice"}, Outcome: workflows.OutcomeResolved})
		},
		workflows.SignalHandBack: func(c *intake.Client) (workflows.SignalRecord, error) {
			return intake.Send(ctx, c, "task-1", workflows.SignalHandBack, workflows.HandBackSignal{ActionHeader: workflows.ActionHeader{Actor: "alice"}})
		},
		workflows.SignalReassign: func(c *intake.Client) (workflows.SignalRecord, error) {
			return intake.Send(ctx, c, "task-1", workflows.SignalReassign, workflows.ReassignSignal{ActionHeader: workflows.ActionHeader{Actor: "alice"}, To: "bob"})
		},
	}
	clients := []struct {
		name string
		c    *intake.Client
	}{
		{"nil client", nil},
		{"client without Temporal", &intake.Client{}},
	}
	for name, fn := range send {
		for _, cl := range clients {
			t.Run(name+"/"+cl.name, func(t *testing.T) {
				rec, err := fn(cl.c)
				require.ErrorContains(t, err, "signalId: required")
				require.ErrorContains(t, err, "intake.NewSignalID()")
				require.Equal(t, workflows.SignalRecord{}, rec)
			})
		}
	}
}

func TestNewSignalID(t *testing.T) {
	a, b := intake.NewSignalID(), intake.NewSignalID()
	require.NotEqual(t, a, b)
	for _, id := range []string{a, b} {
		_, err := uuid.Parse(id)
		require.NoError(t, err)
	}
}

func TestClassified(t *testing.T) {
	tests := []struct {
		name string
		st   workflows.TaskStatus
		want bool
	}{
		{"received", workflows.TaskStatus{Stage: workflows.StageReceived}, false},
		{"classified", workflows.TaskStatus{Stage: workflows.StageAssigned, Bucket: catalog.BucketPlannedCritical}, true},
		{"asking the roster", workflows.TaskStatus{Stage: workflows.StageAssigned, Bucket: catalog.BucketPlannedCritical, Staffing: &workflows.Staffing{}}, false},
		{"booked", workflows.TaskStatus{Stage: workflows.StageAssigned, Bucket: catalog.BucketPlannedCritical, Staffing: &workflows.Staffing{Person: "lena"}}, true},
		{"waiting in line", workflows.TaskStatus{Stage: workflows.StageAssigned, Bucket: catalog.BucketPlannedCritical, Staffing: &workflows.Staffing{Position: 2}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, intake.Classified(tt.st))
		})
	}
}
