package catalog

import "fmt"

// Allocation is one protected share of a person's week (DOMAIN.md §7).
type Allocation string

// The four protected allocations.
const (
	AllocationCampaignExecution     Allocation = "campaign-execution"
	AllocationReactiveSupport       Allocation = "reactive-support"
	AllocationOptimization          Allocation = "optimization"
	AllocationAutomationImprovement Allocation = "automation-improvement"
)

// Allocations lists the allocations in the order people read them.
func Allocations() []Allocation {
	return []Allocation{AllocationCampaignExecution, AllocationReactiveSupport, AllocationOptimization, AllocationAutomationImprovement}
}

// Validate accepts the four allocations.
func (a Allocation) Validate() error {
	for _, known := range Allocations() {
		if a == known {
			return nil
		}
	}
	return fmt.Errorf("%q is not an allocation; use one of %v", string(a), Allocations())
}

// AllocationFor is the allocation a task's hours are drawn from: the type's own
// when it names one, reactive support for instant and exception work, and
// campaign execution for planned and repeatable work.
func AllocationFor(t TaskType, bucket Bucket, exception bool) Allocation {
	switch {
	case t.Allocation != "":
		return t.Allocation
	case exception || bucket == BucketInstantCritical || bucket == BucketExceptionOnly:
		return AllocationReactiveSupport
	default:
		return AllocationCampaignExecution
	}
}

// NeedsSenior says whether work goes to senior staff: exceptions and instant-critical
// work do; standardized execution goes to specialists and coordinators (DOMAIN.md §7).
func NeedsSenior(bucket Bucket, exception bool) bool {
	return exception || bucket == BucketInstantCritical || bucket == BucketExceptionOnly
}
