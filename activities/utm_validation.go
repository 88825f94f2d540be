package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"go.temporal.io/sdk/temporal"
)

// ActionValidateUTMNaming is the action UTMValidation runs.
const ActionValidateUTMNaming = "validate-utm-naming"

// requiredUTM are the parameters every tracked link carries, in the order problems are reported.
func requiredUTM() []string { return []string{"utm_source", "utm_medium", "utm_campaign"} }

// defaultMediums are the utm_medium values of the naming convention, used when
// the payload names none.
func defaultMediums() []string {
	return []string{"email", "cpc", "paid_social", "social", "display", "affiliate", "organic", "referral"}
}

// UTMValidation checks campaign links against the UTM naming convention. It
// runs in the worker on the RPA pool's queue: it only reads the links, so it needs no bot.
type UTMValidation struct{}

var _ Automation = UTMValidation{}

// utmPayload is the payload of a validate-utm-naming request.
type utmPayload struct {
	URLs           []string `json:"urls"`
	AllowedMediums []string `json:"allowedMediums,omitempty"`
}

// UTMViolation is one way one link breaks the convention.
type UTMViolation struct {
	URL     string `json:"url"`
	Problem string `json:"problem"`
}

// UTMReport is the Details of a validate-utm-naming result.
type UTMReport struct {
	Checked    int            `json:"checked"`
	Violating  int            `json:"violating"`
	Violations []UTMViolation `json:"violations"`
}

// Run checks every link in the payload. Links that break the convention are a
// finding, not a failure: the check ran, and the result lists them.
func (UTMValidation) Run(_ context.Context, req AutomationRequest) (AutomationResult, error) {
	var p utmPayload
	if len(req.Payload) > 0 {
		if err := json.Unmarshal(req.Payload, &p); err != nil {
			return AutomationResult{}, temporal.NewNonRetryableApplicationError(
				"payload: not a JSON object with urls", ErrAutomationRejected, err)
		}
	}
	if len(p.URLs) == 0 {
		return AutomationResult{}, temporal.NewNonRetryableApplicationError(
			`payload.urls: required, a list of at least one link, such as {"urls": ["https://…?utm_source=…&utm_medium=…&utm_campaign=…"]}`,
			ErrAutomationRejected, nil)
	}
	mediums := p.AllowedMediums
	if len(mediums) == 0 {
		mediums = defaultMediums()
	}

	report := UTMReport{Checked: len(p.URLs), Violations: []UTMViolation{}}
	for _, link := range p.URLs {
		problems := checkUTM(link, mediums)
		if len(problems) > 0 {
			report.Violating++
		}
		for _, problem := range problems {
			report.Violations = append(report.Violations, UTMViolation{URL: link, Problem: problem})
		}
	}
	details, err := json.Marshal(report)
	if err != nil {
		return AutomationResult{}, temporal.NewNonRetryableApplicationError("encode UTM report", ErrAutomationRejected, err)
	}
	return AutomationResult{
		Summary: fmt.Sprintf("%s checked, %d %s the UTM naming convention",
			plural(report.Checked, "URL"), report.Violating, verb(report.Violating)),
		Details: details,
	}, nil
}

// checkUTM lists what is wrong with one link: the required parameters first,
// then any other utm_* parameter, whose values follow the same rules.
func checkUTM(link string, mediums []string) []string {
	u, err := url.Parse(link)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return []string{"not an absolute URL"}
	}
	query, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return []string{fmt.Sprintf("query string does not parse: %v", err)}
	}
	var problems []string
	for _, key := range requiredUTM() {
		if len(query[key]) == 0 || query[key][0] == "" {
			problems = append(problems, key+" is missing")
		}
	}
	keys := make([]string, 0, len(query))
	for key := range query {
		keys = append(keys, key)
	}
	slices.Sort(keys) // so the same link always reports in the same order
	for _, key := range keys {
		if !strings.HasPrefix(key, "utm_") {
			continue
		}
		values := query[key]
		if len(values) > 1 {
			problems = append(problems, fmt.Sprintf("%s is given %d times", key, len(values)))
		}
		if v := values[0]; v != "" {
			problems = append(problems, checkUTMValue(key, v)...)
		}
	}
	if m := query.Get("utm_medium"); m != "" && !slices.Contains(mediums, m) {
		problems = append(problems, fmt.Sprintf("utm_medium %q is not one of %s", m, strings.Join(mediums, ", ")))
	}
	return problems
}

// checkUTMValue applies the value rules: lower-case, no spaces, only a-z, 0-9, _ and -.
func checkUTMValue(key, v string) []string {
	var problems []string
	if strings.ToLower(v) != v {
		problems = append(problems, fmt.Sprintf("%s %q is not lower-case", key, v))
	}
	if strings.ContainsAny(v, " \t\n") {
		problems = append(problems, fmt.Sprintf("%s %q contains a space", key, v))
	}
	lowered := strings.ToLower(v)
	if strings.ContainsFunc(lowered, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == ' ' || r == '\t' || r == '\n')
	}) {
		problems = append(problems, fmt.Sprintf("%s %q has characters other than a-z, 0-9, _ and -", key, v))
	}
	return problems
}

// plural reads like "1 URL" or "12 URLs".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// verb agrees with a count: "1 violates", "2 violate".
func verb(n int) string {
	if n == 1 {
		return "violates"
	}
	return "violate"
}
