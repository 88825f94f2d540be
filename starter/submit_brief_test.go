package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

func TestBriefFlags(t *testing.T) {
	var req workflows.TaskRequest
	require.NoError(t, briefFlags(&req, "vic", "cmo,sales-lead", "2000,2,80,4", "4,3,2,5"))
	require.Equal(t, &workflows.Governance{Approver: "vic", Informed: []string{"cmo", "sales-lead"}}, req.DACI)
	require.Equal(t, &catalog.RICE{Reach: 2000, Impact: 2, Confidence: 80, Effort: 4}, req.RICE)
	require.Equal(t, &catalog.PriorityFactors{StrategicPriority: 4, RevenueImpact: 3, ResourceNeeds: 2, DeadlineFeasibility: 5}, req.Priority)

	// A flag keeps the file's other DACI fields.
	req = workflows.TaskRequest{DACI: &workflows.Governance{Driver: "pat"}}
	require.NoError(t, briefFlags(&req, "vic", "", "", ""))
	require.Equal(t, &workflows.Governance{Driver: "pat", Approver: "vic"}, req.DACI)

	for _, tt := range []struct{ rice, priority, want string }{
		{"2000,2,80", "", `--rice: "2000,2,80" is not reach,impact,confidence,effort; write it like 2000,2,80,4`},
		{"a,b,c,d", "", `--rice: "a,b,c,d" is not reach,impact,confidence,effort`},
		{"", "4,3,2.5,5", `--priority: "4,3,2.5,5" needs whole numbers 1–5`},
		{"", "4,3,2", `--priority: "4,3,2" is not strategic,revenue,resources,deadline`},
	} {
		require.ErrorContains(t, briefFlags(&workflows.TaskRequest{}, "", "", tt.rice, tt.priority), tt.want)
	}
}

// Bad brief flags are refused before starter dials Temporal.
func TestSubmitBriefFailsBeforeDial(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--type", "creative-stakeholder-review", "--title", "x", "--due", "2020-01-01"}, "dueDate: 2020-01-01 is in the past"},
		{[]string{"--type", "creative-stakeholder-review", "--title", "x", "--rice", "10,9,50,1"}, "rice.impact: 9 is outside 0.25–3"},
		{[]string{"--type", "creative-stakeholder-review", "--title", "x", "--approver", "role:ops"}, "daci.approver"},
		{[]string{"--type", "live-campaign-outage", "--title", "x"}, "campaignId: required for live-campaign-outage"},
		{[]string{"--type", "creative-stakeholder-review", "--title", "x", "--rice", "10,0.1,50,1"}, "rice.impact: 0.1 is outside 0.25–3"},
		{[]string{"--type", "creative-stakeholder-review", "--title", "x", "--request-id", "naïve-3"}, "requestId: 'ï' at character 3 is not ASCII"},
		{[]string{"--type", "creative-stakeholder-review", "--title", "a\x00b"}, "title: holds the control character U+0000"},
	} {
		e, _ := newTestEnv(t, nil, nil)
		require.ErrorContains(t, e.run(context.Background(), "submit", tt.args), tt.want)
	}
}
