package workflows

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

// MaxPayloadBytes bounds a request's payload: it travels in the workflow's history with every retry.
const MaxPayloadBytes = 64 << 10

// MaxTitleLength bounds a title so it reads in one line of the Temporal UI.
const MaxTitleLength = 200

// TaskRequest is one intake request and the input of CampaignTaskWorkflow.
type TaskRequest struct {
	// RequestID is the intake system's ID; the workflow ID derives from it, so a repeat starts nothing new.
	RequestID string `json:"requestId"`
	// TaskType is a catalog task type ID, such as "live-campaign-outage".
	TaskType string `json:"taskType"`
	// Title says in one line what is asked.
	Title string `json:"title"`
	// Description holds the detail the title leaves out; longer briefs are linked.
	Description string `json:"description,omitempty"`
	// Requester is who asked; they hear when the task completes, is deferred or waits on them.
	Requester string `json:"requester,omitempty"`
	// CampaignID names the campaign concerned; the pause fallback pauses it on the ad platform.
	CampaignID string `json:"campaignId,omitempty"`
	// Assignee, when set, is the person who takes human work instead of the owner role's queue.
	Assignee string `json:"assignee,omitempty"`
	// Scores, when set, replace the type's default scores for this one request.
	Scores *catalog.Scores `json:"scores,omitempty"`
	// Payload is handed to the automation as is, such as the URLs to validate.
	Payload json.RawMessage `json:"payload,omitempty"`

	// The structured brief (DOMAIN.md §8): what the work is for, for whom, and by when.
	Objective string `json:"objective,omitempty"`
	Audience  string `json:"audience,omitempty"`
	// DueDate is when the requester needs the work: a date (2026-12-01) or a time (RFC 3339).
	DueDate string `json:"dueDate,omitempty"`
	// Assets link the briefs, creatives and files the work needs.
	Assets []string `json:"assets,omitempty"`
	// SuccessMetrics say how the requester will judge the result, such as "CTR ≥ 2%".
	SuccessMetrics []string `json:"successMetrics,omitempty"`
	// BusinessUnit is who the work is for, so leaders see which units send the most.
	BusinessUnit string `json:"businessUnit,omitempty"`
	// Rush marks a request the requester needs sooner than usual.
	Rush bool `json:"rush,omitempty"`
	// RICE and Priority score the request; the better score sets its service tier.
	RICE     *catalog.RICE            `json:"rice,omitempty"`
	Priority *catalog.PriorityFactors `json:"priority,omitempty"`
	// DACI names who drives, approves, is consulted on and is informed of the task.
	DACI *Governance `json:"daci,omitempty"`
	// Triage is intake's score and service tier, set by intake from the catalog's policy.
	Triage *catalog.Triage `json:"triage,omitempty"`
}

// Governance is a task's DACI: the higher the risk, the stricter the checks (DOMAIN.md §8).
type Governance struct {
	// Driver moves the work along; the requester when not named.
	Driver string `json:"driver,omitempty"`
	// Approver signs off work that needs approval; when not named, the team's manager does.
	Approver string `json:"approver,omitempty"`
	// Consultants are asked for input.
	Consultants []string `json:"consultants,omitempty"`
	// Informed hear when the task completes.
	Informed []string `json:"informed,omitempty"`
}

// maxFieldLength bounds the free-text fields other than the description.
const maxFieldLength = 200

// maxDescriptionLength bounds the description: it travels in history and every status answer.
const maxDescriptionLength = 4000

// Validate checks what can be checked without the catalog; each error is a
// *strictjson.FieldError naming its field and the fix.
func (r TaskRequest) Validate() error {
	switch {
	case strings.TrimSpace(r.RequestID) == "":
		return strictjson.Fieldf("requestId", "required").Fixf("the intake system's ID for the request (starter generates one when omitted)")
	case utf8.RuneCountInString(r.RequestID) > maxFieldLength:
		return strictjson.Fieldf("requestId", "longer than %d characters", maxFieldLength).Fixf("use the intake system's short ID")
	case !ValidWorkflowID(r.RequestID):
		return requestIDCharError(r.RequestID)
	case strings.TrimSpace(r.TaskType) == "":
		return strictjson.Fieldf("taskType", "required").Fixf("name a catalog task type (starter catalog lists them)")
	case strings.TrimSpace(r.Title) == "":
		return strictjson.Fieldf("title", "required").Fixf("say in one line what is asked")
	case utf8.RuneCountInString(r.Title) > MaxTitleLength:
		return strictjson.Fieldf("title", "%d characters is over %d", utf8.RuneCountInString(r.Title), MaxTitleLength).Fixf("move detail into description")
	case utf8.RuneCountInString(r.Description) > maxDescriptionLength:
		return strictjson.Fieldf("description", "over %d characters", maxDescriptionLength).Fixf("link longer briefs instead")
	case IsRoleAssignee(r.Assignee):
		return strictjson.Fieldf("assignee", "name a person").Fixf("role queues come from the catalog's ownerRole")
	case len(r.Payload) > MaxPayloadBytes:
		return strictjson.Fieldf("payload", "%d bytes is over %d", len(r.Payload), MaxPayloadBytes).Fixf("link large content instead of embedding it")
	case len(r.Payload) > 0 && !json.Valid(r.Payload):
		return strictjson.Fieldf("payload", "not valid JSON")
	}
	if err := tooLong(maxFieldLength, "give the ID or name, not a description", [2]string{"taskType", r.TaskType},
		[2]string{"requester", r.Requester}, [2]string{"campaignId", r.CampaignID}, [2]string{"assignee", r.Assignee}, [2]string{"dueDate", r.DueDate}); err != nil {
		return err
	}
	if err := r.validateText(); err != nil {
		return err
	}
	if r.Scores != nil {
		if err := r.Scores.Validate(); err != nil {
			return err
		}
	}
	return r.validateBrief()
}

// requestIDCharError names the first character of a request ID that a workflow ID
// cannot carry: Temporal sends the ID in a gRPC header, which takes printable ASCII only.
func requestIDCharError(id string) error {
	if !utf8.ValidString(id) {
		return strictjson.Fieldf("requestId", "is not valid UTF-8").Fixf("use printable ASCII letters, digits and punctuation (it becomes the Temporal workflow ID)")
	}
	i := strings.IndexFunc(id, func(c rune) bool { return c < '!' || c > '~' })
	c := []rune(id[i:])[0]
	kind := "a space or control character"
	if c > unicode.MaxASCII {
		kind = "not ASCII"
	}
	return strictjson.Fieldf("requestId", "%q at character %d is %s", c, utf8.RuneCountInString(id[:i])+1, kind).
		Fixf("use printable ASCII letters, digits and punctuation, such as spring-cafe-1 (it becomes the Temporal workflow ID)")
}

// tooLong names the first of the fields over max characters and lists the others
// that are, so one answer tells the requester everything to shorten.
func tooLong(max int, fix string, fields ...[2]string) error {
	var over []string
	for _, f := range fields {
		if utf8.RuneCountInString(f[1]) > max {
			over = append(over, f[0])
		}
	}
	switch len(over) {
	case 0:
		return nil
	case 1:
		return strictjson.Fieldf(over[0], "over %d characters", max).Fixf("%s", fix)
	}
	return strictjson.Fieldf(over[0], "over %d characters, and so are %s", max, strings.Join(over[1:], ", ")).Fixf("%s", fix)
}

// validateText refuses text a person could not read or a system could not store:
// bytes that are not UTF-8, and control characters other than tabs and line breaks.
func (r TaskRequest) validateText() error {
	fields := [][2]string{
		{"title", r.Title}, {"description", r.Description}, {"requester", r.Requester}, {"campaignId", r.CampaignID},
		{"assignee", r.Assignee}, {"objective", r.Objective}, {"audience", r.Audience}, {"dueDate", r.DueDate}, {"businessUnit", r.BusinessUnit},
	}
	for _, l := range []struct {
		name  string
		items []string
	}{{"assets", r.Assets}, {"successMetrics", r.SuccessMetrics}} {
		for i, item := range l.items {
			fields = append(fields, [2]string{fmt.Sprintf("%s[%d]", l.name, i), item})
		}
	}
	if g := r.DACI; g != nil {
		fields = append(fields, [2]string{"daci.driver", g.Driver}, [2]string{"daci.approver", g.Approver})
		for _, l := range []struct {
			name   string
			people []string
		}{{"daci.consultants", g.Consultants}, {"daci.informed", g.Informed}} {
			for i, p := range l.people {
				fields = append(fields, [2]string{fmt.Sprintf("%s[%d]", l.name, i), p})
			}
		}
	}
	for _, f := range fields {
		if err := strictjson.ValidText(f[0], f[1]); err != nil {
			return err
		}
	}
	return nil
}
