package catalog

import (
	"fmt"
	"math"

	"github.com/lanes-dev/lanes/strictjson"
)

// RICE holds a request's RICE inputs (DOMAIN.md §8): reach × impact × confidence ÷ effort.
type RICE struct {
	// Reach is how many people or accounts the work touches in a quarter.
	Reach float64 `json:"reach"`
	// Impact per person: 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive.
	Impact float64 `json:"impact"`
	// Confidence in the estimates, in percent (0–100).
	Confidence float64 `json:"confidence"`
	// Effort is the person-weeks the work takes.
	Effort float64 `json:"effort"`
}

// Validate reports the first input out of range, naming its field.
func (r RICE) Validate() error {
	switch {
	case !finite(r.Reach) || r.Reach < 0:
		return strictjson.Fieldf("rice.reach", "%v must be 0 or more", r.Reach).Fixf("people or accounts reached per quarter")
	case !finite(r.Impact) || r.Impact < 0.25 || r.Impact > 3:
		return strictjson.Fieldf("rice.impact", "%v is outside 0.25–3", r.Impact).Fixf("use 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive")
	case !finite(r.Confidence) || r.Confidence < 0 || r.Confidence > 100:
		return strictjson.Fieldf("rice.confidence", "%v is outside 0–100", r.Confidence).Fixf("give it in percent")
	case !finite(r.Effort) || r.Effort <= 0:
		return strictjson.Fieldf("rice.effort", "%v must be more than 0", r.Effort).Fixf("person-weeks, like 0.5")
	case !finite(r.Score() * 100): // the score is kept to two decimals
		return strictjson.Fieldf("rice", "reach %v over effort %v is beyond counting", r.Reach, r.Effort).Fixf("give reach per quarter and effort in person-weeks")
	}
	return nil
}

// Score is reach × impact × confidence ÷ effort, with confidence as a fraction.
func (r RICE) Score() float64 {
	return r.Reach * r.Impact * (r.Confidence / 100) / r.Effort
}

// PriorityFactors rate a request 1–5 for the weighted score.
type PriorityFactors struct {
	StrategicPriority int `json:"strategicPriority"`
	RevenueImpact     int `json:"revenueImpact"`
	// ResourceNeeds counts against the request: 5 needs the most people and time.
	ResourceNeeds int `json:"resourceNeeds"`
	// DeadlineFeasibility is 5 when the due date is easy to meet.
	DeadlineFeasibility int `json:"deadlineFeasibility"`
}

func (p PriorityFactors) fields() []scoredField {
	return []scoredField{
		{"strategicPriority", p.StrategicPriority, false},
		{"revenueImpact", p.RevenueImpact, false},
		{"resourceNeeds", p.ResourceNeeds, true},
		{"deadlineFeasibility", p.DeadlineFeasibility, false},
	}
}

type scoredField struct {
	name     string
	value    int
	inverted bool
}

// Validate reports the first factor outside 1–5, naming its field.
func (p PriorityFactors) Validate() error {
	for _, f := range p.fields() {
		if f.value < 1 || f.value > 5 {
			return strictjson.Fieldf("priority."+f.name, "%d is outside 1–5", f.value).Fixf("rate it 1 (low) to 5 (high)")
		}
	}
	return nil
}

// Weights weigh the priority factors in the weighted score; they need not sum to 1.
type Weights struct {
	StrategicPriority   float64 `json:"strategicPriority"`
	RevenueImpact       float64 `json:"revenueImpact"`
	ResourceNeeds       float64 `json:"resourceNeeds"`
	DeadlineFeasibility float64 `json:"deadlineFeasibility"`
}

func (w Weights) values() []float64 {
	return []float64{w.StrategicPriority, w.RevenueImpact, w.ResourceNeeds, w.DeadlineFeasibility}
}

// Thresholds are the lowest scores that earn full and standard service.
type Thresholds struct {
	Full     float64 `json:"full"`
	Standard float64 `json:"standard"`
}

// Tier is how much service a request gets (DOMAIN.md §8).
type Tier string

// The service tiers.
const (
	TierFull        Tier = "full"         // the team does the work
	TierStandard    Tier = "standard"     // templates or partial support
	TierSelfService Tier = "self-service" // no human work: the requester is pointed to self-service
)

var tierRank = map[Tier]int{TierSelfService: 0, TierStandard: 1, TierFull: 2}

// TiersMostServiceFirst lists the tiers as reports show them, the most service
// first, then "" for a request intake did not score.
func TiersMostServiceFirst() []Tier {
	return []Tier{TierFull, TierStandard, TierSelfService, ""}
}

// Triage is intake's verdict on a request: its score and the service it gets.
type Triage struct {
	// Method is the score behind the tier: "rice", "weighted", or "criticality" when unscored.
	Method string `json:"method"`
	// Score is the RICE or weighted score; 0 when unscored.
	Score float64 `json:"score"`
	// Tier is the service the request gets.
	Tier Tier `json:"tier"`
	// Reason says why, in words the requester reads.
	Reason string `json:"reason"`
	// SelfService points a self-service request to where it can help itself.
	SelfService string `json:"selfService,omitempty"`
}

// Triage scores a request and sets its tier: the better of its RICE and weighted
// tiers, and full service for work in a critical bucket whatever its score, since
// an outage must never be sent to self-service. An unscored request gets standard service
// unless it is critical.
func (p IntakePolicy) Triage(rice *RICE, factors *PriorityFactors, scores Scores) Triage {
	var best *Triage
	consider := func(t Triage) {
		if best == nil || tierRank[t.Tier] > tierRank[best.Tier] {
			best = &t
		}
	}
	if rice != nil {
		score := round2(rice.Score())
		consider(Triage{Method: "rice", Score: score, Tier: p.RICE.tier(score),
			Reason: fmt.Sprintf("RICE %.2f (full from %v, standard from %v)", score, p.RICE.Full, p.RICE.Standard)})
	}
	if factors != nil {
		score := round2(p.weighted(*factors))
		consider(Triage{Method: "weighted", Score: score, Tier: p.Weighted.tier(score),
			Reason: fmt.Sprintf("weighted score %.2f of 100 (full from %v, standard from %v)", score, p.Weighted.Full, p.Weighted.Standard)})
	}
	bucket := ClassifyBucket(scores)
	critical := bucket == BucketInstantCritical || bucket == BucketPlannedCritical
	switch {
	case best == nil && critical:
		best = &Triage{Method: "criticality", Tier: TierFull, Reason: fmt.Sprintf("unscored; criticality %d gets full service", scores.Criticality)}
	case best == nil:
		best = &Triage{Method: "criticality", Tier: TierStandard, Reason: fmt.Sprintf("unscored; criticality %d gets standard service", scores.Criticality)}
	case critical && best.Tier != TierFull:
		best.Tier = TierFull
		best.Reason += fmt.Sprintf("; criticality %d gets full service whatever the score", scores.Criticality)
	}
	if best.Tier == TierSelfService {
		best.SelfService = p.SelfService
		best.Reason += "; below the standard threshold, so no one is assigned: use " + p.SelfService
	}
	return *best
}

// weighted scores the factors 0–100: each rated 1–5 maps to 0–1 (resource needs
// inverted), weighed, and scaled.
func (p IntakePolicy) weighted(f PriorityFactors) float64 {
	weights := p.Weights.values()
	sum, total := 0.0, 0.0
	for i, field := range f.fields() {
		n := float64(field.value-1) / 4
		if field.inverted {
			n = 1 - n
		}
		sum += weights[i] * n
		total += weights[i]
	}
	return 100 * sum / total
}

func (t Thresholds) tier(score float64) Tier {
	switch {
	case score >= t.Full:
		return TierFull
	case score >= t.Standard:
		return TierStandard
	}
	return TierSelfService
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
