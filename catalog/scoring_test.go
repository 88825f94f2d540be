package catalog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRICEScore(t *testing.T) {
	// 2,000 accounts × high impact × 80% ÷ 4 person-weeks.
	r := RICE{Reach: 2000, Impact: 2, Confidence: 80, Effort: 4}
	require.NoError(t, r.Validate())
	assert.InDelta(t, 800, r.Score(), 1e-9)
}

func TestRICEValidateNamesTheField(t *testing.T) {
	for _, tt := range []struct {
		rice  RICE
		field string
	}{
		{RICE{Reach: -1, Impact: 1, Confidence: 50, Effort: 1}, "rice.reach"},
		{RICE{Reach: 1, Impact: 0, Confidence: 50, Effort: 1}, "rice.impact"},
		{RICE{Reach: 1, Impact: 4, Confidence: 50, Effort: 1}, "rice.impact"},
		{RICE{Reach: 1, Impact: 1, Confidence: 101, Effort: 1}, "rice.confidence"},
		{RICE{Reach: 1, Impact: 1, Confidence: 50, Effort: 0}, "rice.effort"},
	} {
		err := tt.rice.Validate()
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), tt.field+": "), err.Error())
	}
}

func TestPriorityFactorsValidate(t *testing.T) {
	err := PriorityFactors{StrategicPriority: 5, RevenueImpact: 6, ResourceNeeds: 1, DeadlineFeasibility: 1}.Validate()
	require.ErrorContains(t, err, "priority.revenueImpact: 6 is outside 1–5")
	require.NoError(t, PriorityFactors{1, 1, 1, 1}.Validate())
}

func TestWeightedScoreRunsZeroToHundred(t *testing.T) {
	p := DefaultIntakePolicy()
	assert.InDelta(t, 100, p.weighted(PriorityFactors{StrategicPriority: 5, RevenueImpact: 5, ResourceNeeds: 1, DeadlineFeasibility: 5}), 1e-9)
	assert.InDelta(t, 0, p.weighted(PriorityFactors{StrategicPriority: 1, RevenueImpact: 1, ResourceNeeds: 5, DeadlineFeasibility: 1}), 1e-9)
	// Strategic priority alone at 5 earns its weight's share: 35 of 100.
	assert.InDelta(t, 35, p.weighted(PriorityFactors{StrategicPriority: 5, RevenueImpact: 1, ResourceNeeds: 5, DeadlineFeasibility: 1}), 1e-9)
}

func TestTriageTiers(t *testing.T) {
	p := DefaultIntakePolicy()
	routine := Scores{Latency: 3, Criticality: 3, Automation: 1}
	critical := Scores{Latency: 5, Criticality: 5, Automation: 2}
	low := &RICE{Reach: 10, Impact: 0.5, Confidence: 50, Effort: 2}  // 1.25
	mid := &RICE{Reach: 200, Impact: 1, Confidence: 50, Effort: 1}   // 100
	high := &RICE{Reach: 2000, Impact: 2, Confidence: 80, Effort: 4} // 800
	weak := &PriorityFactors{1, 1, 5, 1}                             // 0
	strong := &PriorityFactors{5, 5, 1, 5}                           // 100
	for _, tt := range []struct {
		name    string
		rice    *RICE
		factors *PriorityFactors
		scores  Scores
		method  string
		score   float64
		tier    Tier
	}{
		{"unscored routine work gets standard", nil, nil, routine, "criticality", 0, TierStandard},
		{"unscored critical work gets full", nil, nil, critical, "criticality", 0, TierFull},
		{"low RICE goes to self-service", low, nil, routine, "rice", 1.25, TierSelfService},
		{"RICE at 100 is standard", mid, nil, routine, "rice", 100, TierStandard},
		{"RICE at 800 is full", high, nil, routine, "rice", 800, TierFull},
		{"weak weighted goes to self-service", nil, weak, routine, "weighted", 0, TierSelfService},
		{"the better of the two scores wins", low, strong, routine, "weighted", 100, TierFull},
		{"critical work is never sent to self-service", low, nil, critical, "rice", 1.25, TierFull},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Triage(tt.rice, tt.factors, tt.scores)
			assert.Equal(t, tt.method, got.Method)
			assert.InDelta(t, tt.score, got.Score, 1e-9)
			assert.Equal(t, tt.tier, got.Tier)
			assert.NotEmpty(t, got.Reason)
			if tt.tier == TierSelfService {
				assert.Equal(t, p.SelfService, got.SelfService)
				assert.Contains(t, got.Reason, "no one is assigned")
			} else {
				assert.Empty(t, got.SelfService)
			}
		})
	}
}

// Thresholds are inclusive: a score exactly at one earns that tier.
func TestTriageThresholdsAreInclusive(t *testing.T) {
	p := DefaultIntakePolicy()
	routine := Scores{Latency: 3, Criticality: 3, Automation: 1}
	at := func(score float64) Tier {
		return p.Triage(&RICE{Reach: score, Impact: 1, Confidence: 100, Effort: 1}, nil, routine).Tier
	}
	assert.Equal(t, TierStandard, at(50))
	assert.Equal(t, TierSelfService, at(49.99))
	assert.Equal(t, TierFull, at(200))
	assert.Equal(t, TierStandard, at(199.99))
}

func TestIntakePolicyValidation(t *testing.T) {
	for _, tt := range []struct {
		mutate func(*IntakePolicy)
		want   string
	}{
		{func(p *IntakePolicy) { p.Weights = Weights{} }, "intake.weights: all zero"},
		{func(p *IntakePolicy) { p.Weights.RevenueImpact = -1 }, "intake.weights: -1 is negative"},
		{func(p *IntakePolicy) { p.RICE = Thresholds{Full: 10, Standard: 20} }, "intake.rice: full 10 must be at least standard 20"},
		{func(p *IntakePolicy) { p.Weighted.Full = 120 }, "intake.weighted: thresholds run 0–100"},
		{func(p *IntakePolicy) { p.SelfService = "" }, "intake.selfService: required"},
		{func(p *IntakePolicy) { p.SelfService = strings.Repeat("x", 501) }, "intake.selfService: over 500 characters"},
		{func(p *IntakePolicy) { p.RICE = Thresholds{} }, "intake.rice, intake.weighted: each needs its full threshold above 0"},
		{func(p *IntakePolicy) { p.ApprovalCriticality = 0 }, "intake.approvalCriticality: 0 is outside 1–6"},
	} {
		p := DefaultIntakePolicy()
		tt.mutate(&p)
		require.ErrorContains(t, p.validate(), tt.want)
	}
	require.NoError(t, DefaultIntakePolicy().validate())
}

func TestCatalogIntakeSection(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)
	assert.Equal(t, DefaultIntakePolicy(), c.IntakePolicy(), "the shipped catalog writes out the default policy")

	data := []byte(strings.Replace(string(defaultCatalog), `"approvalCriticality": 4`, `"approvalCriticality": 9`, 1))
	_, err = Parse(data)
	require.ErrorContains(t, err, "field intake.approvalCriticality: 9 is outside 1–6")

	data = []byte(strings.Replace(string(defaultCatalog), `"requires": ["campaignId"]`, `"requires": ["campaign"]`, 1))
	_, err = Parse(data)
	require.ErrorContains(t, err, `requires[0]: "campaign" is not an intake field`)

	// A recurring type cannot require what its scheduled runs never carry.
	data = []byte(strings.Replace(string(defaultCatalog), `"recurs": {"every": "week", "on": "mon", "at": "10:00"}`,
		`"recurs": {"every": "week", "on": "mon", "at": "10:00"}, "requires": ["campaignId"]`, 1))
	_, err = Parse(data)
	require.ErrorContains(t, err, `requires[0]: "campaignId" is never filled on the runs recurs starts`)
}
