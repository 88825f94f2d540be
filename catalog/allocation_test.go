package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAllocationForAndNeedsSenior(t *testing.T) {
	tests := []struct {
		bucket     Bucket
		exception  bool
		allocation Allocation
		senior     bool
	}{
		{BucketInstantCritical, false, AllocationReactiveSupport, true},
		{BucketInstantCritical, true, AllocationReactiveSupport, true},
		{BucketPlannedCritical, false, AllocationCampaignExecution, false},
		{BucketPlannedCritical, true, AllocationReactiveSupport, true},
		{BucketRepeatableNoncritical, false, AllocationCampaignExecution, false},
		{BucketRepeatableNoncritical, true, AllocationReactiveSupport, true},
		{BucketExceptionOnly, false, AllocationReactiveSupport, true},
		{BucketExceptionOnly, true, AllocationReactiveSupport, true},
	}
	for _, tc := range tests {
		name := string(tc.bucket)
		if tc.exception {
			name += "/exception"
		}
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.allocation, AllocationFor(TaskType{ID: "by-bucket"}, tc.bucket, tc.exception), "by bucket")
			assert.Equal(t, tc.senior, NeedsSenior(tc.bucket, tc.exception), "needs senior")
			for _, own := range Allocations() {
				assert.Equal(t, own, AllocationFor(TaskType{ID: "own", Allocation: own}, tc.bucket, tc.exception), "a type naming %s", own)
			}
		})
	}
}

func TestAllocationForDefaultCatalog(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		id        string
		exception bool
		want      Allocation
	}{
		{"live-campaign-outage", false, AllocationReactiveSupport},
		{"creative-stakeholder-review", false, AllocationReactiveSupport},
		{"weekly-lifecycle-email-qa", false, AllocationCampaignExecution},
		{"weekly-lifecycle-email-qa", true, AllocationReactiveSupport},
		{"reporting-refresh", false, AllocationCampaignExecution},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			tt := taskType(t, c, tc.id)
			assert.Equal(t, tc.want, AllocationFor(tt, ClassifyBucket(tt.Scores), tc.exception))
		})
	}
}

func TestAllocationValidate(t *testing.T) {
	tests := []struct {
		allocation Allocation
		wantErr    bool
	}{
		{AllocationCampaignExecution, false},
		{AllocationReactiveSupport, false},
		{AllocationOptimization, false},
		{AllocationAutomationImprovement, false},
		{"", true},
		{"meetings", true},
		{"Campaign-Execution", true},
	}
	for _, tc := range tests {
		t.Run(string(tc.allocation), func(t *testing.T) {
			err := tc.allocation.Validate()
			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), `"`+string(tc.allocation)+`" is not an allocation`)
			assert.Contains(t, err.Error(), "campaign-execution reactive-support optimization automation-improvement")
		})
	}
}

func TestTaskTypeAllocationChecked(t *testing.T) {
	tests := []struct {
		name       string
		allocation Allocation
		wantErr    string
	}{
		{name: "by bucket", allocation: ""},
		{name: "its own", allocation: AllocationOptimization},
		{name: "unknown", allocation: "meetings", wantErr: `task type "creative-review" (taskTypes[1]): field allocation: "meetings" is not an allocation`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := smallCatalog()
			c.TaskTypes[1].Allocation = tc.allocation
			parsed, err := Parse(marshal(t, c))
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			tt, ok := parsed.TaskType("creative-review")
			require.True(t, ok)
			assert.Equal(t, tc.allocation, tt.Allocation)
		})
	}
}
