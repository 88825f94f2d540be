package intake

import (
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
		return fmt.Errorf("dueDate: %s is in the past (now %s in %s); give a date from today on", req.DueDate, now.In(zone).Format("2006-01-02 15:04"), zone)
	}
	return nil
}

func requiredWhy(field string, tt catalog.TaskType) string {
	switch {
	case field == "campaignId" && tt.Fallback == catalog.FallbackPause:
		return "the pause fallback pauses that campaign when the resolution SLA is lost"
	case field == "payload" && tt.Automation != nil:
		return "the " + tt.Automation.Action + " automation works on it"
	}
	return "the catalog's requires list names it"
}
