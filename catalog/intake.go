package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxSelfServiceLength bounds the self-service pointer: every self-service task carries it in its triage.
const maxSelfServiceLength = 500

// IntakePolicy is how intake scores requests, sets their service tier and governs them.
type IntakePolicy struct {
	// Weights weigh the priority factors of the weighted score.
	Weights Weights `json:"weights"`
	// RICE and Weighted are each score's tier thresholds; the weighted score runs 0–100.
	RICE     Thresholds `json:"rice"`
	Weighted Thresholds `json:"weighted"`
	// SelfService is where a self-service request is pointed, such as the template library.
	SelfService string `json:"selfService"`
	// ApprovalCriticality is the criticality from which a task needs its approver's sign-off to complete.
	ApprovalCriticality int `json:"approvalCriticality"`
}

func (p IntakePolicy) validate() error {
	for _, w := range p.Weights.values() {
		if !finite(w) || w < 0 {
			return fmt.Errorf("field intake.weights: %v is negative; weigh each factor 0 or more", w)
		}
	}
	sum := 0.0
	for _, w := range p.Weights.values() {
		sum += w
	}
	switch {
	case sum == 0:
		return errors.New("field intake.weights: all zero; give at least one factor weight, like strategicPriority 0.4")
	case p.RICE.Full <= 0 || p.Weighted.Full <= 0:
		return errors.New("field intake.rice, intake.weighted: each needs its full threshold above 0, like {\"full\": 200, \"standard\": 50}; left out, every scored request would get full service")
	case p.RICE.Standard < 0 || p.RICE.Full < p.RICE.Standard:
		return fmt.Errorf("field intake.rice: full %v must be at least standard %v, and both 0 or more", p.RICE.Full, p.RICE.Standard)
	case p.Weighted.Standard < 0 || p.Weighted.Full < p.Weighted.Standard || p.Weighted.Full > 100:
		return fmt.Errorf("field intake.weighted: thresholds run 0–100 with full %v at least standard %v", p.Weighted.Full, p.Weighted.Standard)
	case p.SelfService == "":
		return errors.New("field intake.selfService: required; where self-service requests are pointed, like the template library's URL")
	case utf8.RuneCountInString(p.SelfService) > maxSelfServiceLength:
		return fmt.Errorf("field intake.selfService: over %d characters; point to a page, like the template library's URL", maxSelfServiceLength)
	case p.ApprovalCriticality < 1 || p.ApprovalCriticality > 6:
		return fmt.Errorf("field intake.approvalCriticality: %d is outside 1–6; 4 asks approval of criticality 4 and 5 (6 never asks)", p.ApprovalCriticality)
	}
	return nil
}

// DefaultIntakePolicy is the policy of a catalog without an intake section.
func DefaultIntakePolicy() IntakePolicy {
	return IntakePolicy{
		Weights:             Weights{StrategicPriority: 0.35, RevenueImpact: 0.3, ResourceNeeds: 0.15, DeadlineFeasibility: 0.2},
		RICE:                Thresholds{Full: 200, Standard: 50},
		Weighted:            Thresholds{Full: 70, Standard: 40},
		SelfService:         "the marketing-ops template library and request guide",
		ApprovalCriticality: 4,
	}
}

// IntakePolicy is the catalog's intake section, or the default when it has none.
func (c *Catalog) IntakePolicy() IntakePolicy {
	if c.Intake != nil {
		return *c.Intake
	}
	return DefaultIntakePolicy()
}

// RequirableFields are the intake fields a task type may require.
var RequirableFields = []string{"assets", "audience", "businessUnit", "campaignId", "description", "dueDate", "objective", "payload", "requester", "successMetrics"}

func validateRequires(t TaskType) error {
	for i, f := range t.Requires {
		if !slices.Contains(RequirableFields, f) {
			return fmt.Errorf("requires[%d]: %q is not an intake field; use one of %s", i, f, strings.Join(RequirableFields, ", "))
		}
		if t.Recurs != nil && !slices.Contains(scheduledFields, f) {
			return fmt.Errorf("requires[%d]: %q is never filled on the runs recurs starts, which carry only %s; drop it or recurs", i, f, strings.Join(scheduledFields, ", "))
		}
	}
	return nil
}

// scheduledFields are the requirable fields a schedule's runs fill.
var scheduledFields = []string{"description", "requester"}
