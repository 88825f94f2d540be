package catalog

import "github.com/lanes-dev/lanes/strictjson"

// Scores rate a task 1–5 on the three axes of DOMAIN.md §1.
type Scores struct {
	// Latency is how soon the task must be acted on: 5 immediate, 3 planned, 1 flexible.
	Latency int `json:"latency"`
	// Criticality is the damage if it goes wrong: 5 high, 3 medium, 1 low.
	Criticality int `json:"criticality"`
	// Automation is how rule-based and repeatable it is: 5 fully, 3 partly, 1 judgment only.
	Automation int `json:"automation"`
}

// Validate reports the first score outside 1–5, naming its field.
func (s Scores) Validate() error {
	for _, f := range []struct {
		name  string
		value int
	}{{"latency", s.Latency}, {"criticality", s.Criticality}, {"automation", s.Automation}} {
		if f.value < 1 || f.value > 5 {
			return strictjson.Fieldf("scores."+f.name, "%d is outside 1–5", f.value).Fixf("rate it 1 (low) to 5 (high)")
		}
	}
	return nil
}

// Bucket is the class of work a task falls in (DOMAIN.md §2).
type Bucket string

// The four buckets, in the order they are tested.
const (
	BucketInstantCritical       Bucket = "instant_critical"
	BucketPlannedCritical       Bucket = "planned_critical"
	BucketRepeatableNoncritical Bucket = "repeatable_noncritical"
	BucketExceptionOnly         Bucket = "exception_only"
)

// Lane is who executes a task (DOMAIN.md §3).
type Lane string

// The three lanes.
const (
	LaneAutomated Lane = "automated"
	LaneHybrid    Lane = "hybrid"
	LaneHuman     Lane = "human"
)

// ClassifyBucket applies the bucket rules of DOMAIN.md §2 in their order.
func ClassifyBucket(s Scores) Bucket {
	switch {
	case s.Latency >= 4 && s.Criticality >= 4:
		return BucketInstantCritical
	case s.Criticality >= 4:
		return BucketPlannedCritical
	case s.Automation >= 3:
		return BucketRepeatableNoncritical
	default:
		return BucketExceptionOnly
	}
}

// ClassifyLane applies the lane rules of DOMAIN.md §3.
func ClassifyLane(s Scores) Lane {
	switch {
	case s.Automation >= 4 && s.Criticality <= 3:
		return LaneAutomated
	case s.Latency >= 4 && s.Automation >= 3:
		return LaneHybrid
	default:
		return LaneHuman
	}
}
