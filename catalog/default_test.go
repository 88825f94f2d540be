package catalog

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func mustDefault(t *testing.T) *Catalog {
	t.Helper()
	c, err := Default()
	require.NoError(t, err)
	return c
}

func taskType(t *testing.T, c *Catalog, id string) TaskType {
	t.Helper()
	tt, ok := c.TaskType(id)
	require.True(t, ok, "task type %q missing; have %v", id, c.IDs())
	return tt
}

// TestDefaultReproducesClassification checks the default catalog against DOMAIN.md §4.
func TestDefaultReproducesClassification(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id       string
		scores   Scores
		bucket   Bucket
		lane     Lane
		executor Executor // "" for the human lane
		owner    string
		review   string
	}{
		{"pause-paid-campaign-404-spike", Scores{immediate, high, medium}, BucketInstantCritical, LaneHybrid, ExecutorRPA, "on-call-ops", ""},
		{"weekly-lifecycle-email-qa", Scores{planned, high, medium}, BucketPlannedCritical, LaneHuman, "", "marketing-ops-lead", ""},
		{"utm-naming-validation", Scores{planned, medium, high}, BucketRepeatableNoncritical, LaneAutomated, ExecutorRPA, "automation-owner", ""},
		{"monthly-dashboard-refresh", Scores{flexible, low, high}, BucketRepeatableNoncritical, LaneAutomated, ExecutorCloud, "analyst", "analyst"},
		{"creative-stakeholder-review", Scores{planned, medium, low}, BucketExceptionOnly, LaneHuman, "", "reviewer", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got := taskType(t, c, tt.id)
			require.Equal(t, tt.scores, got.Scores, "scores")
			require.Equal(t, tt.bucket, ClassifyBucket(got.Scores), "bucket")
			require.Equal(t, tt.lane, ClassifyLane(got.Scores), "classified lane")
			require.Equal(t, tt.lane, got.Lane, "catalog lane")
			require.Equal(t, tt.owner, got.OwnerRole, "ownerRole")
			require.Equal(t, tt.review, got.ReviewRole, "reviewRole")
			if tt.executor == "" {
				require.Nil(t, got.Automation, "automation")
				return
			}
			require.NotNil(t, got.Automation, "automation")
			require.Equal(t, tt.executor, got.Automation.Executor, "executor")
		})
	}
}

// TestDefaultReproducesSLAMatrix checks the default catalog against DOMAIN.md §5, as text and as
// deadlines: intake at 10:00 on Tuesday 2026-11-24 in the owning team's zone.
func TestDefaultReproducesSLAMatrix(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id                   string
		response, resolution SLA
		owner                string
		escalation           []string
		dueResponse, dueBy   string // team-local wall clock
	}{
		{"live-campaign-outage", "15m", "60m", "on-call-ops",
			[]string{"ops-manager", "marketing-director", "it-on-call"}, "2026-11-24 10:15", "2026-11-24 11:00"},
		{"paid-media-tracking-failure", "30m", "4h", "analytics-ops",
			[]string{"analyst", "ops-lead", "tracking-vendor"}, "2026-11-24 10:30", "2026-11-24 14:00"},
		{"launch-qa-blocker", "1h", "same day", "marketing-ops",
			[]string{"ops-lead", "campaign-owner"}, "2026-11-24 11:00", "2026-11-24 17:00"},
		{"routine-data-sync", "4h", "24h", "automation-owner",
			[]string{"system-alert", "ops-queue"}, "2026-11-24 14:00", "2026-11-25 10:00"},
		{"reporting-refresh", "1 business day", "2 business days", "analyst",
			[]string{"analyst-manager", "bi-team"}, "2026-11-25 10:00", "2026-11-26 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got := taskType(t, c, tt.id)
			require.Equal(t, tt.response, got.ResponseSLA, "responseSLA")
			require.Equal(t, tt.resolution, got.ResolutionSLA, "resolutionSLA")
			require.Equal(t, tt.owner, got.OwnerRole, "ownerRole")
			require.Equal(t, tt.escalation, got.EscalationPath, "escalationPath")

			cal := c.Teams[got.Team]
			loc, err := time.LoadLocation(cal.TimeZone)
			require.NoError(t, err)
			at := func(s string) time.Time {
				v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
				require.NoError(t, err)
				return v
			}
			intake := at("2026-11-24 10:00")
			for _, d := range []struct {
				sla  SLA
				want string
			}{{got.ResponseSLA, tt.dueResponse}, {got.ResolutionSLA, tt.dueBy}} {
				due, err := cal.Deadline(intake, d.sla)
				require.NoError(t, err)
				require.Equal(t, at(d.want).UTC(), due.UTC(), string(d.sla))
			}
		})
	}
}

// TestDefaultCriticalTypesHaveBackup checks §5's last rule over the whole default catalog.
func TestDefaultCriticalTypesHaveBackup(t *testing.T) {
	for _, tt := range mustDefault(t).TaskTypes {
		if tt.Scores.Criticality >= 4 {
			require.NotEmpty(t, tt.BackupOwner, "%s: criticality %d needs a backupOwner", tt.ID, tt.Scores.Criticality)
		}
	}
}

func TestDefaultLookups(t *testing.T) {
	c := mustDefault(t)
	_, ok := c.TaskType("no-such-type")
	require.False(t, ok, "unknown id found")
	require.Len(t, c.IDs(), 10, "number of task types")
	require.IsIncreasing(t, c.IDs(), "IDs sorted and unique")
	require.Equal(t, []string{"pause-paid-campaign", "sync-marketing-data", "validate-utm-naming"}, c.Actions(ExecutorRPA), "rpa actions")
	require.Equal(t, []string{"diagnose-tracking", "refresh-dashboard", "refresh-reports"}, c.Actions(ExecutorCloud), "cloud actions")
	require.Empty(t, c.Actions("gpu"), "unknown executor")
}

// TestRefNamesVersionAndBytes checks that Ref carries the version and tells apart
// two editions that share a version but not their bytes.
func TestRefNamesVersionAndBytes(t *testing.T) {
	c := mustDefault(t)
	require.Regexp(t, `^2026-11-25\.1@[0-9a-f]{8}$`, c.Ref(), "version@digest")
	again := mustDefault(t)
	require.Equal(t, c.Ref(), again.Ref(), "Ref of the same bytes")
	edited, err := Parse(append([]byte(" "), defaultCatalog...))
	require.NoError(t, err)
	require.Equal(t, c.Version, edited.Version, "same version")
	require.NotEqual(t, c.Ref(), edited.Ref(), "an edit keeps its Ref")
}
