package intake_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// monday9NY is Mon 2026-11-23 09:00 in New York, the marketing-ops team's zone.
var monday9NY = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func briefClient(t *testing.T) *intake.Client {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	return &intake.Client{Catalog: cat, Now: func() time.Time { return monday9NY }}
}

// briefRequest fills the structured brief (DOMAIN.md §8) of a creative review.
func briefRequest() workflows.TaskRequest {
	return workflows.TaskRequest{
		RequestID: "req-7", TaskType: "creative-stakeholder-review", Title: "Review the holiday hero banner",
		Objective: "Lift holiday sign-ups", Audience: "Lapsed subscribers", DueDate: "2026-12-01",
		Assets: []string{"https://drive.example/banner-v3.png"}, SuccessMetrics: []string{"CTR ≥ 2%"},
		Requester: "pat", BusinessUnit: "consumer", Rush: true,
		RICE: &catalog.RICE{Reach: 5000, Impact: 1, Confidence: 80, Effort: 2},
		DACI: &workflows.Governance{Driver: "pat", Approver: "vic", Consultants: []string{"legal-1"}, Informed: []string{"cmo"}},
	}
}

func TestPrepareTriagesTheBrief(t *testing.T) {
	c := briefClient(t)
	req := briefRequest()
	require.NoError(t, c.Prepare(&req))
	require.NotNil(t, req.Triage)
	assert.Equal(t, catalog.Triage{Method: "rice", Score: 2000, Tier: catalog.TierFull, Reason: "RICE 2000.00 (full from 200, standard from 50)"}, *req.Triage)

	// Preparing again is a no-op: Submit prepares what the service prepared.
	again := req
	require.NoError(t, c.Prepare(&again))
	assert.Equal(t, req, again)

	low := briefRequest()
	low.RICE = &catalog.RICE{Reach: 10, Impact: 0.25, Confidence: 50, Effort: 3}
	require.NoError(t, c.Prepare(&low))
	assert.Equal(t, catalog.TierSelfService, low.Triage.Tier)
	assert.Equal(t, "the marketing-ops template library and request guide", low.Triage.SelfService)
}

func TestPrepareRefusesBadBriefs(t *testing.T) {
	c := briefClient(t)
	for _, tt := range []struct {
		name   string
		mutate func(*workflows.TaskRequest)
		want   string
	}{
		{"due date in the past", func(r *workflows.TaskRequest) { r.DueDate = "2026-11-20" }, "dueDate: 2026-11-20 is in the past (now 2026-11-23 09:00 in America/New_York)"},
		{"due time in the past", func(r *workflows.TaskRequest) { r.DueDate = "2026-11-23T08:00:00-05:00" }, "dueDate: 2026-11-23T08:00:00-05:00 is in the past"},
		{"due date not a date", func(r *workflows.TaskRequest) { r.DueDate = "next friday" }, `dueDate: "next friday" is not a date; write it as 2026-12-01`},
		{"RICE impact out of range", func(r *workflows.TaskRequest) { r.RICE.Impact = 5 }, "rice.impact: 5 is outside 0.25–3"},
		{"RICE effort zero", func(r *workflows.TaskRequest) { r.RICE.Effort = 0 }, "rice.effort: 0 must be more than 0"},
		{"priority factor out of range", func(r *workflows.TaskRequest) {
			r.Priority = &catalog.PriorityFactors{StrategicPriority: 0, RevenueImpact: 3, ResourceNeeds: 3, DeadlineFeasibility: 3}
		}, "priority.strategicPriority: 0 is outside 1–5"},
		{"approver is a queue", func(r *workflows.TaskRequest) { r.DACI.Approver = "role:ops-manager" }, `daci.approver: "role:ops-manager" is a role queue; name a person`},
		{"requester approves", func(r *workflows.TaskRequest) { r.DACI.Approver = "pat" }, "daci.approver: pat is the requester"},
		{"assignee approves", func(r *workflows.TaskRequest) { r.Assignee = "vic" }, "daci.approver: vic is the assignee and cannot approve their own work"},
		{"informed queue", func(r *workflows.TaskRequest) { r.DACI.Informed = []string{"cmo", "role:ops"} }, `daci.informed[1]: "role:ops" is a role queue; name a person`},
		{"empty informed entry", func(r *workflows.TaskRequest) { r.DACI.Informed = []string{"cmo", " "} }, "daci.informed[1]: empty"},
		{"too many assets", func(r *workflows.TaskRequest) { r.Assets = make([]string, 21) }, "assets: 21 entries is over 20"},
		{"objective too long", func(r *workflows.TaskRequest) { r.Objective = strings.Repeat("o", 1001) }, "objective: over 1000 characters"},
		{"pause without a campaign", func(r *workflows.TaskRequest) { r.TaskType = "live-campaign-outage" },
			"campaignId: required for live-campaign-outage; the pause fallback pauses that campaign"},
		{"UTM check without links", func(r *workflows.TaskRequest) { r.TaskType = "utm-naming-validation" },
			"payload: required for utm-naming-validation; the validate-utm-naming automation works on it"},
		{"a triage of its own", func(r *workflows.TaskRequest) {
			r.Triage = &catalog.Triage{Method: "rice", Score: 1e6, Tier: catalog.TierFull, Reason: "trust me"}
		}, "triage: set by intake"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := briefRequest()
			tt.mutate(&req)
			require.ErrorContains(t, c.Prepare(&req), tt.want)
		})
	}
}

// A due date is the end of that day in the owning team's zone: today is still ahead.
func TestDueTodayIsAhead(t *testing.T) {
	c := briefClient(t)
	req := briefRequest()
	req.DueDate = "2026-11-23"
	require.NoError(t, c.Prepare(&req))
}
