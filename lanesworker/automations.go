package lanesworker

import "github.com/lanes-dev/lanes/activities"

// automations are the catalog actions implemented in Go, by action name. An
// action not listed here goes to its pool's webhook. To add an automation,
// write it in activities/ and add one line here.
func automations() map[string]activities.Automation {
	return map[string]activities.Automation{
		activities.ActionValidateUTMNaming: activities.UTMValidation{},
	}
}
