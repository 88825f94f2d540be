package workflows

import (
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

// Bounds on the structured brief: it travels in the task's history and every status answer.
const (
	maxObjectiveLength = 1000
	maxListItems       = 20
	maxLinkLength      = 500
)

// validateBrief checks the structured brief, the scores and the DACI; each error names its field and the fix.
func (r TaskRequest) validateBrief() error {
	for _, f := range []struct {
		name, value string
		max         int
	}{{"objective", r.Objective, maxObjectiveLength}, {"audience", r.Audience, maxFieldLength}, {"businessUnit", r.BusinessUnit, maxFieldLength}} {
		if utf8.RuneCountInString(f.value) > f.max {
			return strictjson.Fieldf(f.name, "over %d characters", f.max).Fixf("link a longer brief in assets")
		}
	}
	if r.DueDate != "" {
		if _, err := ParseDueDate(r.DueDate, time.UTC); err != nil {
			return err
		}
	}
	if err := validateList("assets", r.Assets, maxLinkLength); err != nil {
		return err
	}
	if err := validateList("successMetrics", r.SuccessMetrics, maxFieldLength); err != nil {
		return err
	}
	if r.RICE != nil {
		if err := r.RICE.Validate(); err != nil {
			return err
		}
	}
	if r.Priority != nil {
		if err := r.Priority.Validate(); err != nil {
			return err
		}
	}
	if r.DACI != nil {
		if err := r.DACI.validate(); err != nil {
			return err
		}
	}
	if tr := r.Triage; tr != nil {
		if err := tooLong(maxObjectiveLength, "intake sets the triage", [2]string{"triage.method", tr.Method}, [2]string{"triage.tier", string(tr.Tier)},
			[2]string{"triage.reason", tr.Reason}, [2]string{"triage.selfService", tr.SelfService}); err != nil {
			return err
		}
		switch r.Triage.Tier {
		case catalog.TierFull, catalog.TierStandard, catalog.TierSelfService:
		default:
			return strictjson.Fieldf("triage.tier", "%q is not a service tier", r.Triage.Tier).Fixf("intake sets it (full, standard or self-service)")
		}
	}
	return nil
}

func (g Governance) validate() error {
	for _, f := range []struct{ name, value string }{{"daci.driver", g.Driver}, {"daci.approver", g.Approver}} {
		if err := validatePerson(f.name, f.value); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		name   string
		people []string
	}{{"daci.consultants", g.Consultants}, {"daci.informed", g.Informed}} {
		if err := validateList(l.name, l.people, maxFieldLength); err != nil {
			return err
		}
		for i, p := range l.people {
			if err := validatePerson(fmt.Sprintf("%s[%d]", l.name, i), p); err != nil {
				return err
			}
		}
	}
	return nil
}

func validatePerson(field, name string) error {
	switch {
	case utf8.RuneCountInString(name) > maxFieldLength:
		return strictjson.Fieldf(field, "over %d characters", maxFieldLength).Fixf("give the person's ID")
	case IsRoleAssignee(name):
		return strictjson.Fieldf(field, "%q is a role queue", name).Fixf("name a person")
	}
	return nil
}

func validateList(field string, items []string, maxLength int) error {
	if len(items) > maxListItems {
		return strictjson.Fieldf(field, "%d entries is over %d", len(items), maxListItems).Fixf("link a list instead")
	}
	for i, item := range items {
		switch {
		case strings.TrimSpace(item) == "":
			return strictjson.Fieldf(fmt.Sprintf("%s[%d]", field, i), "empty").Fixf("remove it or fill it in")
		case utf8.RuneCountInString(item) > maxLength:
			return strictjson.Fieldf(fmt.Sprintf("%s[%d]", field, i), "over %d characters", maxLength).Fixf("shorten it or link it")
		}
	}
	return nil
}

// RequestFields lists the fields an intake request may carry, for an unknown one:
// every JSON field of TaskRequest but the triage, which intake sets.
func RequestFields() string {
	t := reflect.TypeFor[TaskRequest]()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "triage" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// ParseDueDate reads a due date: a date means the end of that day in zone, a time is taken as written.
func ParseDueDate(s string, zone *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, zone)
	if err != nil {
		return time.Time{}, strictjson.Fieldf("dueDate", "%q is not a date", s).Fixf("write it as 2026-12-01 or 2026-12-01T17:00:00-05:00")
	}
	return d.AddDate(0, 0, 1).Add(-time.Second), nil
}
