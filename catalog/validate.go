package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"time"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Duration is a time.Duration written as "90s" or "2m" in JSON.
type Duration time.Duration

// MarshalJSON writes the duration as text.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads "2m"-style text.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be text like \"2m\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: write it like \"90s\" or \"2m\"", s)
	}
	*d = Duration(v)
	return nil
}

func (c *Catalog) validate() error {
	if c.Version == "" {
		return errors.New(`field version: required; name this edition, like "2026-11-24.1"`)
	}
	if len(c.Teams) == 0 {
		return errors.New("field teams: at least one team calendar is required")
	}
	teams := make([]string, 0, len(c.Teams))
	for name := range c.Teams {
		teams = append(teams, name)
	}
	sort.Strings(teams)
	for _, name := range teams {
		if err := c.Teams[name].Validate(); err != nil {
			return fmt.Errorf("team %q: field %w", name, err)
		}
	}
	if len(c.TaskTypes) == 0 {
		return errors.New("field taskTypes: at least one task type is required")
	}
	seen := map[string]bool{}
	actions := map[string]Automation{}
	for i, t := range c.TaskTypes {
		if err := c.validateTaskType(t); err != nil {
			return fmt.Errorf("task type %q (taskTypes[%d]): field %w", t.ID, i, err)
		}
		if seen[t.ID] {
			return fmt.Errorf("task type %q (taskTypes[%d]): field id: used twice; give each type its own id", t.ID, i)
		}
		seen[t.ID] = true
		if a := t.Automation; a != nil {
			// An action is one activity on one pool, registered once: its types agree on how it runs.
			if other, ok := actions[a.Action]; ok && (other.Executor != a.Executor || other.Callback != a.Callback) {
				return fmt.Errorf("task type %q (taskTypes[%d]): field automation: action %q is named by another type with another executor or callback; give them the same", t.ID, i, a.Action)
			}
			actions[a.Action] = *a
		}
	}
	if c.Intake != nil {
		return c.Intake.validate()
	}
	return nil
}

func (c *Catalog) validateTaskType(t TaskType) error {
	switch {
	case !idPattern.MatchString(t.ID):
		return fmt.Errorf("id: %q must be lower-case words joined by hyphens, like \"live-campaign-outage\"", t.ID)
	case t.Name == "":
		return errors.New("name: required; say what the work is")
	case c.Teams[t.Team].TimeZone == "":
		return fmt.Errorf("team: %q has no calendar under teams; add it or fix the name", t.Team)
	case t.OwnerRole == "":
		return errors.New("ownerRole: required; name the role that takes this work")
	case t.ManualMinutes < 0:
		return fmt.Errorf("manualMinutes: %d is negative; give the minutes a person spends by hand", t.ManualMinutes)
	case t.Skill != "" && !idPattern.MatchString(t.Skill):
		return fmt.Errorf("skill: %q must be a lower-case skill name, like \"analysis\" or \"project-management\"; the roster assigns people by it", t.Skill)
	}
	if t.Allocation != "" {
		if err := t.Allocation.Validate(); err != nil {
			return fmt.Errorf("allocation: %w", err)
		}
	}
	if err := t.Scores.Validate(); err != nil {
		return err
	}
	if err := validateRequires(t); err != nil {
		return err
	}
	if want := ClassifyLane(t.Scores); t.Lane != want {
		return fmt.Errorf("lane: the scores give lane %q but the entry says %q; fix the scores or the lane", want, t.Lane)
	}
	if err := validateAutomation(t); err != nil {
		return err
	}
	if err := t.ResponseSLA.Validate(); err != nil {
		return fmt.Errorf("responseSLA: %w", err)
	}
	if err := t.ResolutionSLA.Validate(); err != nil {
		return fmt.Errorf("resolutionSLA: %w", err)
	}
	if len(t.EscalationPath) == 0 || len(t.EscalationPath) > 3 {
		return fmt.Errorf("escalationPath: has %d levels; list one to three roles, owner's manager first", len(t.EscalationPath))
	}
	for i, share := range t.WarnAt {
		if share <= 0 || share >= 1 {
			return fmt.Errorf("warnAt[%d]: %g must be a share between 0 and 1, like 0.75", i, share)
		}
	}
	if w := time.Duration(t.EscalationWindow); w != 0 && (w < time.Second || w > 24*time.Hour) {
		return fmt.Errorf("escalationWindow: %s must be between 1s and 24h", w)
	}
	switch t.Fallback {
	case FallbackDefer, FallbackReroute, FallbackPause:
	default:
		return fmt.Errorf("fallback: %q is not a fallback; use \"defer\", \"reroute\" or \"pause\"", t.Fallback)
	}
	if t.Scores.Criticality >= 4 && t.BackupOwner == "" {
		return errors.New("backupOwner: required for critical work (criticality 4 or 5); name who takes over")
	}
	return validateRecurrence(t.Recurs, c.Teams[t.Team])
}

func validateAutomation(t TaskType) error {
	a := t.Automation
	if t.Lane == LaneHuman {
		if a != nil {
			return errors.New("automation: set on a human-lane type; remove it or raise the automation score")
		}
		if t.ReviewRole != "" {
			return errors.New("reviewRole: only automated work is reviewed; remove it")
		}
		return nil
	}
	switch {
	case a == nil:
		return fmt.Errorf("automation: required for the %s lane; name the executor and action", t.Lane)
	case a.Executor != ExecutorRPA && a.Executor != ExecutorCloud:
		return fmt.Errorf("automation.executor: %q is not an executor; use \"rpa\" or \"cloud\"", a.Executor)
	case !idPattern.MatchString(a.Action):
		return fmt.Errorf("automation.action: %q must be lower-case words joined by hyphens, like \"pause-campaign\"", a.Action)
	case a.Callback && (time.Duration(a.Timeout) < time.Second || time.Duration(a.Timeout) > MaxCallbackTimeout):
		return fmt.Errorf("automation.timeout: %s must be between 1s and 24h for a callback job", time.Duration(a.Timeout))
	case !a.Callback && (time.Duration(a.Timeout) < time.Second || time.Duration(a.Timeout) > time.Hour):
		return fmt.Errorf("automation.timeout: %s must be between 1s and 1h (a longer job answers 202 and calls back: set automation.callback)", time.Duration(a.Timeout))
	case a.MaxAttempts < 1 || a.MaxAttempts > 10:
		return fmt.Errorf("automation.maxAttempts: %d must be between 1 and 10", a.MaxAttempts)
	}
	return nil
}
