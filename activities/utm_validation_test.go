package activities

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runUTM(t *testing.T, payload string) (AutomationResult, error) {
	t.Helper()
	req := AutomationRequest{IdempotencyKey: "task-7/utm", TaskID: "task-7", Action: ActionValidateUTMNaming}
	if payload != "" {
		req.Payload = json.RawMessage(payload)
	}
	return runAutomation(t, UTMValidation{}, ActionValidateUTMNaming, req)
}

func TestUTMValidation(t *testing.T) {
	const good = "https://shop.example.com/spring?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale-2025"
	tests := []struct {
		name        string
		payload     string
		wantSummary string
		want        []UTMViolation
	}{
		{
			name:        "good URLs",
			payload:     `{"urls": ["` + good + `", "https://example.com/?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_content=ad_1"]}`,
			wantSummary: "2 URLs checked, 0 violate the UTM naming convention",
			want:        []UTMViolation{},
		},
		{
			name:        "uppercase",
			payload:     `{"urls": ["https://example.com/?utm_source=Newsletter&utm_medium=email&utm_campaign=spring"]}`,
			wantSummary: "1 URL checked, 1 violates the UTM naming convention",
			want: []UTMViolation{{
				URL:     "https://example.com/?utm_source=Newsletter&utm_medium=email&utm_campaign=spring",
				Problem: `utm_source "Newsletter" is not lower-case`,
			}},
		},
		{
			name:        "missing utm_campaign",
			payload:     `{"urls": ["` + good + `", "https://example.com/?utm_source=newsletter&utm_medium=email"]}`,
			wantSummary: "2 URLs checked, 1 violates the UTM naming convention",
			want:        []UTMViolation{{URL: "https://example.com/?utm_source=newsletter&utm_medium=email", Problem: "utm_campaign is missing"}},
		},
		{
			name:        "bad medium",
			payload:     `{"urls": ["https://example.com/?utm_source=fb&utm_medium=facebook&utm_campaign=spring"]}`,
			wantSummary: "1 URL checked, 1 violates the UTM naming convention",
			want: []UTMViolation{{
				URL:     "https://example.com/?utm_source=fb&utm_medium=facebook&utm_campaign=spring",
				Problem: `utm_medium "facebook" is not one of email, cpc, paid_social, social, display, affiliate, organic, referral`,
			}},
		},
		{
			name:        "allowed mediums from the payload",
			payload:     `{"urls": ["https://example.com/?utm_source=fb&utm_medium=facebook&utm_campaign=spring"], "allowedMediums": ["facebook"]}`,
			wantSummary: "1 URL checked, 0 violate the UTM naming convention",
			want:        []UTMViolation{},
		},
		{
			name:        "space and other characters",
			payload:     `{"urls": ["https://example.com/?utm_source=news+letter&utm_medium=email&utm_campaign=spring.sale"]}`,
			wantSummary: "1 URL checked, 1 violates the UTM naming convention",
			want: []UTMViolation{
				{URL: "https://example.com/?utm_source=news+letter&utm_medium=email&utm_campaign=spring.sale", Problem: `utm_campaign "spring.sale" has characters other than a-z, 0-9, _ and -`},
				{URL: "https://example.com/?utm_source=news+letter&utm_medium=email&utm_campaign=spring.sale", Problem: `utm_source "news letter" contains a space`},
			},
		},
		{
			name:        "not a URL",
			payload:     `{"urls": ["spring sale"]}`,
			wantSummary: "1 URL checked, 1 violates the UTM naming convention",
			want:        []UTMViolation{{URL: "spring sale", Problem: "not an absolute URL"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := runUTM(t, tt.payload)
			require.NoError(t, err)
			assert.Equal(t, tt.wantSummary, res.Summary)
			var report UTMReport
			require.NoError(t, json.Unmarshal(res.Details, &report))
			assert.Equal(t, tt.want, report.Violations)
		})
	}
}

func TestUTMValidationRejectsPayload(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    string
	}{
		{name: "no payload", want: "payload.urls: required"},
		{name: "not an object", payload: `"https://example.com"`, want: "payload"},
		{name: "urls not a list", payload: `{"urls": "https://example.com"}`, want: "payload"},
		{name: "no urls", payload: `{"allowedMediums": ["email"]}`, want: "payload.urls: required"},
		{name: "empty urls", payload: `{"urls": []}`, want: "payload.urls: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runUTM(t, tt.payload)
			appErr := requireAppError(t, err, ErrAutomationRejected, false)
			assert.Contains(t, appErr.Error(), tt.want)
		})
	}
}

// Invalid JSON cannot travel through Temporal's data converter, so this case
// calls Run directly: it guards callers that build requests by hand.
func TestUTMValidationRejectsInvalidJSON(t *testing.T) {
	req := AutomationRequest{Action: ActionValidateUTMNaming, Payload: json.RawMessage(`{"urls": [`)}
	_, err := UTMValidation{}.Run(context.Background(), req)
	appErr := requireAppError(t, err, ErrAutomationRejected, false)
	assert.Contains(t, appErr.Error(), "payload")
}
