package intake

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
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
			return fmt.Errorf("%s: required for %s; %s", field, tt.ID, requiredWhy(field, tt))
		}
	}
	if g := req.DACI; g != nil && g.Approver != "" {
		switch g.Approver {
		case req.Requester:
			return fmt.Errorf("daci.approver: %s is the requester; approval is someone else's check, so name another person", g.Approver)
		case req.Assignee:
			return fmt.Errorf("daci.approver: %s is the assignee and cannot approve their own work; name another person", g.Approver)
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
		return pastDueError(fmt.Sprintf("dueDate: %s is in the past (now %s in %s); give a date from today on", req.DueDate, now.In(zone).Format("2006-01-02 15:04"), zone))
	}
	return nil
}

// ErrDueDatePassed is a request refused for its past due date. A resend of a request
// that started before its date passed is still a duplicate, not a refusal.
var ErrDueDatePassed = errors.New("due date passed")

type pastDueError string

func (e pastDueError) Error() string        { return string(e) }
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
