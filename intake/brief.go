package intake

import (
	"errors"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// filled says whether a request fills each intake field a task type may require.
var filled = map[string]func(workflows.TaskRequest) bool{
	"assets":         func(r workflows.TaskRequest) bool { return len(r.Assets) > 0 },
	"audience":       func(r workflows.TaskRequest) bool { return strings.TrimSpace(r.Audience) != "" },
	"businessUnit":   func(r workflows.TaskRequest) bool { return strings.TrimSpace(r.BusinessUnit) != "" },
	"campaignId":     func(r workflows.TaskRequest) bool { return strings.TrimSpace(r.CampaignID) != "" },
	"description":    func(r workflows.TaskRequest) bool { return strings.TrimSpace(r.Description) != "" },
	"dueDate":        func(r workflows.TaskRequest) bool { return r.DueDate != "" },
	"objective":      func(r workflows.TaskRequest) bool { return strings.TrimSpace(r.Objective) != "" },
	"payload":        func(r workflows.TaskRequest) bool { return len(r.Payload) > 0 && string(r.Payload) != "null" },
	"requester":      func(r workflows.TaskRequest) bool { return strings.TrimSpace(r.Requester) != "" },
	"successMetrics": func(r workflows.TaskRequest) bool { return len(r.SuccessMetrics) > 0 },
}

// checkBrief checks what the catalog type asks of a request, and that its due date is ahead.
func checkBrief(req workflows.TaskRequest, tt catalog.TaskType, cal catalog.Calendar, now time.Time) error {
	for _, field := range tt.Requires {
		if isFilled, ok := filled[field]; ok && !isFilled(req) {
			return strictjson.Fieldf(field, "required for %s", tt.ID).Fixf("%s", requiredWhy(field, tt))
		}
	}
	if g := req.DACI; g != nil && g.Approver != "" {
		switch g.Approver {
		case req.Requester:
			return strictjson.Fieldf("daci.approver", "%s is the requester", g.Approver).Fixf("approval is someone else's check, so name another person")
		case req.Assignee:
			return strictjson.Fieldf("daci.approver", "%s is the assignee and cannot approve their own work", g.Approver).Fixf("name another person")
		}
	}
	if req.DueDate == "" {
		return nil
	}
	zone, err := time.LoadLocation(cal.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	due, err := workflows.ParseDueDate(req.DueDate, zone)
	if err != nil {
		return err
	}
	if due.Before(now) {
		return pastDueError{strictjson.Fieldf("dueDate", "%s is in the past (now %s in %s)", req.DueDate, now.In(zone).Format("2006-01-02 15:04"), zone).Fixf("give a date from today on")}
	}
	return nil
}

// ErrDueDatePassed is a request refused for its past due date. A resend of a request
// that started before its date passed is still a duplicate, not a refusal.
var ErrDueDatePassed = errors.New("due date passed")

// pastDueError is the due date's field error that is also ErrDueDatePassed.
type pastDueError struct{ *strictjson.FieldError }

func (e pastDueError) Unwrap() error        { return e.FieldError }
func (e pastDueError) Is(target error) bool { return target == ErrDueDatePassed }

func requiredWhy(field string, tt catalog.TaskType) string {
	switch {
	case field == "campaignId" && tt.Fallback == catalog.FallbackPause:
		return "the pause fallback pauses that campaign when the resolution SLA is lost"
	case field == "payload" && tt.Automation != nil:
		return "the " + tt.Automation.Action + " automation works on it"
	}
	return "the catalog's requires list names it"
}
