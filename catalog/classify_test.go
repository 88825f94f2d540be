package catalog

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Words of DOMAIN.md §1 and §4, so the table below reads like the reference.
const (
	immediate, planned, flexible = 5, 3, 1
	high, medium, low            = 5, 3, 1
)

// TestClassifyReference checks every row of DOMAIN.md §4, scored with the words of §1.
func TestClassifyReference(t *testing.T) {
	tests := []struct {
		task   string
		scores Scores
		bucket Bucket
		lane   Lane
	}{
		{"Pause paid campaign after 404 spike", Scores{immediate, high, medium}, BucketInstantCritical, LaneHybrid},
		{"Weekly lifecycle email QA", Scores{planned, high, medium}, BucketPlannedCritical, LaneHuman},
		{"UTM naming validation", Scores{planned, medium, high}, BucketRepeatableNoncritical, LaneAutomated},
		{"Monthly dashboard refresh", Scores{flexible, low, high}, BucketRepeatableNoncritical, LaneAutomated},
		{"Creative stakeholder review", Scores{planned, medium, low}, BucketExceptionOnly, LaneHuman},
	}
	for _, tt := range tests {
		t.Run(tt.task, func(t *testing.T) {
			require.Equal(t, tt.bucket, ClassifyBucket(tt.scores), "bucket")
			require.Equal(t, tt.lane, ClassifyLane(tt.scores), "lane")
		})
	}
}

// TestClassifyBucketBoundaries sits on either side of each threshold of §2 and checks the rule order.
func TestClassifyBucketBoundaries(t *testing.T) {
	tests := []struct {
		name   string
		scores Scores
		want   Bucket
	}{
		{"latency 4 criticality 4 is instant", Scores{4, 4, 1}, BucketInstantCritical},
		{"latency 5 criticality 5 automation 5 is instant", Scores{5, 5, 5}, BucketInstantCritical},
		{"latency 3 criticality 4 is planned", Scores{3, 4, 5}, BucketPlannedCritical},
		{"latency 1 criticality 4 automation 1 is planned", Scores{1, 4, 1}, BucketPlannedCritical},
		{"latency 4 criticality 3 automation 3 is repeatable", Scores{4, 3, 3}, BucketRepeatableNoncritical},
		{"criticality 3 automation 4 is repeatable", Scores{3, 3, 4}, BucketRepeatableNoncritical},
		{"criticality 3 automation 3 is repeatable", Scores{1, 3, 3}, BucketRepeatableNoncritical},
		{"criticality 3 automation 2 is exception", Scores{3, 3, 2}, BucketExceptionOnly},
		{"latency 5 criticality 3 automation 2 is exception", Scores{5, 3, 2}, BucketExceptionOnly},
		{"all ones is exception", Scores{1, 1, 1}, BucketExceptionOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, ClassifyBucket(tt.scores), "bucket")
		})
	}
}

// TestClassifyLaneBoundaries sits on either side of each threshold of §3; automated wins over hybrid.
func TestClassifyLaneBoundaries(t *testing.T) {
	tests := []struct {
		name   string
		scores Scores
		want   Lane
	}{
		{"automation 4 criticality 3 is automated", Scores{1, 3, 4}, LaneAutomated},
		{"automation 5 criticality 1 is automated", Scores{1, 1, 5}, LaneAutomated},
		{"automated wins over hybrid", Scores{5, 3, 5}, LaneAutomated},
		{"automation 4 criticality 4 latency 3 is human", Scores{3, 4, 4}, LaneHuman},
		{"automation 4 criticality 4 latency 4 is hybrid", Scores{4, 4, 4}, LaneHybrid},
		{"latency 4 automation 3 is hybrid", Scores{4, 1, 3}, LaneHybrid},
		{"latency 5 criticality 5 automation 3 is hybrid", Scores{5, 5, 3}, LaneHybrid},
		{"latency 3 automation 3 is human", Scores{3, 1, 3}, LaneHuman},
		{"latency 4 automation 2 is human", Scores{4, 1, 2}, LaneHuman},
		{"automation 3 criticality 3 latency 3 is human", Scores{3, 3, 3}, LaneHuman},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, ClassifyLane(tt.scores), "lane")
		})
	}
}

// TestClassifyAllScores restates §2 and §3 as exclusive conditions, without rule order,
// and checks all 125 score triples, so a reordered switch cannot slip through.
func TestClassifyAllScores(t *testing.T) {
	for l := 1; l <= 5; l++ {
		for c := 1; c <= 5; c++ {
			for a := 1; a <= 5; a++ {
				s := Scores{Latency: l, Criticality: c, Automation: a}
				var bucket Bucket
				switch {
				case l >= 4 && c >= 4:
					bucket = BucketInstantCritical
				case l <= 3 && c >= 4:
					bucket = BucketPlannedCritical
				case c <= 3 && a >= 3:
					bucket = BucketRepeatableNoncritical
				case c <= 3 && a <= 2:
					bucket = BucketExceptionOnly
				}
				automated := a >= 4 && c <= 3
				lane := LaneHuman
				if automated {
					lane = LaneAutomated
				} else if l >= 4 && a >= 3 {
					lane = LaneHybrid
				}
				require.Equal(t, bucket, ClassifyBucket(s), "bucket")
				require.Equal(t, lane, ClassifyLane(s), "lane")
			}
		}
	}
}

// TestScoresValidate checks that the error names the first bad field, as ops read it in the catalog.
func TestScoresValidate(t *testing.T) {
	tests := []struct {
		scores Scores
		want   string // "" means valid
	}{
		{Scores{1, 1, 1}, ""},
		{Scores{5, 5, 5}, ""},
		{Scores{0, 3, 3}, "scores.latency: 0"},
		{Scores{6, 3, 3}, "scores.latency: 6"},
		{Scores{3, 0, 3}, "scores.criticality: 0"},
		{Scores{3, 6, 3}, "scores.criticality: 6"},
		{Scores{3, 3, -1}, "scores.automation: -1"},
		{Scores{3, 3, 6}, "scores.automation: 6"},
		{Scores{0, 0, 0}, "scores.latency"},
	}
	for _, tt := range tests {
		err := tt.scores.Validate()
		if tt.want == "" {
			require.NoError(t, err)
			continue
		}
		require.ErrorContains(t, err, tt.want)
	}
}
