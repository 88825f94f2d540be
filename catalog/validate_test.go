package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// smallCatalog is a valid catalog with one hybrid critical type and one human type;
// each case below breaks one field of a fresh copy.
func smallCatalog() Catalog {
	return Catalog{
		Version: "test.1",
		Teams: map[string]Calendar{"ops": {
			TimeZone:     "America/New_York",
			WorkingHours: map[string]string{"mon": "09:00-17:00", "fri": "09:00-17:00"},
			Holidays:     []string{"2026-11-26"},
		}},
		TaskTypes: []TaskType{{
			ID: "pause-campaign", Name: "Pause campaign", Team: "ops",
			Scores: Scores{5, 5, 3}, Lane: LaneHybrid,
			Automation: &Automation{Executor: ExecutorRPA, Action: "pause-campaign", Timeout: Duration(2 * time.Minute), MaxAttempts: 3},
			OwnerRole:  "on-call-ops", BackupOwner: "ops-manager",
			ResponseSLA: "15m", ResolutionSLA: "60m",
			EscalationPath: []string{"ops-manager", "director", "it"}, Fallback: FallbackPause,
			Skill: "paid-media",
		}, {
			ID: "creative-review", Name: "Creative review", Team: "ops",
			Scores: Scores{3, 3, 1}, Lane: LaneHuman, OwnerRole: "reviewer",
			ResponseSLA: "1 business day", ResolutionSLA: "same day",
			EscalationPath: []string{"creative-lead"}, Fallback: FallbackDefer,
			Skill: "design",
		}},
	}
}

// marshal writes a catalog as ops would, so Parse sees real JSON.
func marshal(t *testing.T, c Catalog) []byte {
	t.Helper()
	b, err := json.Marshal(c)
	require.NoError(t, err)
	return b
}

func TestParseSmallCatalog(t *testing.T) {
	c, err := Parse(marshal(t, smallCatalog()))
	require.NoError(t, err)
	require.Equal(t, []string{"creative-review", "pause-campaign"}, c.IDs(), "ids")
	require.Equal(t, []string{"pause-campaign"}, c.Actions(ExecutorRPA), "rpa actions")
}

func TestParseRejects(t *testing.T) {
	const hybrid, human = `task type "pause-campaign" (taskTypes[0]): field `, `task type "creative-review" (taskTypes[1]): field `
	tests := []struct {
		name   string
		mutate func(c *Catalog)
		want   string
	}{
		{"missing version", func(c *Catalog) { c.Version = "" }, "field version: required"},
		{"no teams", func(c *Catalog) { c.Teams = nil }, "field teams: at least one"},
		{"no task types", func(c *Catalog) { c.TaskTypes = nil }, "field taskTypes: at least one"},
		{"bad time zone", func(c *Catalog) { setCal(c, func(k *Calendar) { k.TimeZone = "Mars/Olympus" }) }, `team "ops": field timeZone: "Mars/Olympus"`},
		{"empty time zone", func(c *Catalog) { setCal(c, func(k *Calendar) { k.TimeZone = "" }) }, `team "ops": field timeZone: ""`},
		{"bad weekday", func(c *Catalog) { setCal(c, func(k *Calendar) { k.WorkingHours["funday"] = "09:00-17:00" }) }, `team "ops": field workingHours.funday: not a weekday`},
		{"no working day", func(c *Catalog) { setCal(c, func(k *Calendar) { k.WorkingHours = nil }) }, `team "ops": field workingHours: no working day`},
		{"hours reversed", func(c *Catalog) { setCal(c, func(k *Calendar) { k.WorkingHours["mon"] = "17:00-09:00" }) }, `field workingHours.mon: "17:00-09:00"`},
		{"hours empty range", func(c *Catalog) { setCal(c, func(k *Calendar) { k.WorkingHours["mon"] = "09:00-09:00" }) }, `field workingHours.mon:`},
		{"hours past midnight", func(c *Catalog) { setCal(c, func(k *Calendar) { k.WorkingHours["mon"] = "09:00-25:00" }) }, `field workingHours.mon:`},
		{"hours not a range", func(c *Catalog) { setCal(c, func(k *Calendar) { k.WorkingHours["mon"] = "9 to 5" }) }, `field workingHours.mon: "9 to 5" is not a range`},
		{"bad holiday", func(c *Catalog) { setCal(c, func(k *Calendar) { k.Holidays = []string{"2026-13-01"} }) }, `team "ops": field holidays[0]: "2026-13-01"`},
		{"holiday not ISO", func(c *Catalog) { setCal(c, func(k *Calendar) { k.Holidays = []string{"2026-11-26", "26/11/2026"} }) }, `field holidays[1]`},
		{"duplicate id", func(c *Catalog) { c.TaskTypes[1].ID = "pause-campaign" }, `task type "pause-campaign" (taskTypes[1]): field id: used twice`},
		{"bad id", func(c *Catalog) { c.TaskTypes[0].ID = "Pause_Campaign" }, `task type "Pause_Campaign" (taskTypes[0]): field id:`},
		{"empty id", func(c *Catalog) { c.TaskTypes[1].ID = "" }, `task type "" (taskTypes[1]): field id:`},
		{"empty name", func(c *Catalog) { c.TaskTypes[1].Name = "" }, human + "name: required"},
		{"unknown team", func(c *Catalog) { c.TaskTypes[1].Team = "growth" }, human + `team: "growth"`},
		{"empty ownerRole", func(c *Catalog) { c.TaskTypes[0].OwnerRole = "" }, hybrid + "ownerRole: required"},
		{"skill with spaces", func(c *Catalog) { c.TaskTypes[1].Skill = "Project Management" }, human + `skill: "Project Management"`},
		{"unknown allocation", func(c *Catalog) { c.TaskTypes[1].Allocation = "firefighting" }, human + `allocation: "firefighting" is not an allocation`},
		{"negative manualMinutes", func(c *Catalog) { c.TaskTypes[1].ManualMinutes = -5 }, human + "manualMinutes: -5"},
		{"latency out of range", func(c *Catalog) { c.TaskTypes[0].Scores.Latency = 6 }, hybrid + "scores.latency: 6"},
		{"automation out of range", func(c *Catalog) { c.TaskTypes[1].Scores.Automation = 0 }, human + "scores.automation: 0"},
		{"lane inconsistent", func(c *Catalog) { c.TaskTypes[0].Lane = LaneHuman }, hybrid + `lane: the scores give lane "hybrid" but the entry says "human"`},
		{"human lane with automation", func(c *Catalog) {
			c.TaskTypes[1].Automation = c.TaskTypes[0].Automation
		}, human + "automation: set on a human-lane type"},
		{"human lane with review", func(c *Catalog) { c.TaskTypes[1].ReviewRole = "analyst" }, human + "reviewRole:"},
		{"automated lane without automation", func(c *Catalog) {
			c.TaskTypes[0].Scores, c.TaskTypes[0].Lane, c.TaskTypes[0].Automation = Scores{1, 3, 5}, LaneAutomated, nil
		}, hybrid + "automation: required for the automated lane"},
		{"hybrid lane without automation", func(c *Catalog) { c.TaskTypes[0].Automation = nil }, hybrid + "automation: required for the hybrid lane"},
		{"bad executor", func(c *Catalog) { c.TaskTypes[0].Automation.Executor = "gpu" }, hybrid + `automation.executor: "gpu"`},
		{"bad action", func(c *Catalog) { c.TaskTypes[0].Automation.Action = "Pause Campaign" }, hybrid + `automation.action: "Pause Campaign"`},
		{"zero timeout", func(c *Catalog) { c.TaskTypes[0].Automation.Timeout = 0 }, hybrid + "automation.timeout: 0s"},
		{"timeout under 1s", func(c *Catalog) { c.TaskTypes[0].Automation.Timeout = Duration(500 * time.Millisecond) }, hybrid + "automation.timeout: 500ms"},
		{"timeout over 1h", func(c *Catalog) { c.TaskTypes[0].Automation.Timeout = Duration(2 * time.Hour) }, hybrid + "automation.timeout: 2h0m0s"},
		{"callback timeout over 24h", func(c *Catalog) {
			c.TaskTypes[0].Automation.Callback, c.TaskTypes[0].Automation.Timeout = true, Duration(25*time.Hour)
		}, hybrid + "automation.timeout: 25h0m0s must be between 1s and 24h for a callback job"},
		{"action run two ways", func(c *Catalog) {
			second := c.TaskTypes[0]
			second.ID, second.Automation = "pause-campaign-slowly", &Automation{Executor: ExecutorRPA, Action: c.TaskTypes[0].Automation.Action, Timeout: Duration(8 * time.Hour), MaxAttempts: 1, Callback: true}
			c.TaskTypes = append(c.TaskTypes, second)
		}, `task type "pause-campaign-slowly" (taskTypes[2]): field automation: action`},
		{"maxAttempts 0", func(c *Catalog) { c.TaskTypes[0].Automation.MaxAttempts = 0 }, hybrid + "automation.maxAttempts: 0"},
		{"maxAttempts 11", func(c *Catalog) { c.TaskTypes[0].Automation.MaxAttempts = 11 }, hybrid + "automation.maxAttempts: 11"},
		{"bad response SLA", func(c *Catalog) { c.TaskTypes[0].ResponseSLA = "asap" }, hybrid + `responseSLA: "asap" is not an SLA`},
		{"empty resolution SLA", func(c *Catalog) { c.TaskTypes[1].ResolutionSLA = "" }, human + "resolutionSLA: is empty"},
		{"zero SLA", func(c *Catalog) { c.TaskTypes[0].ResolutionSLA = "0m" }, hybrid + "resolutionSLA:"},
		{"zero business days", func(c *Catalog) { c.TaskTypes[1].ResponseSLA = "0 business days" }, human + "responseSLA:"},
		{"empty escalationPath", func(c *Catalog) { c.TaskTypes[1].EscalationPath = nil }, human + "escalationPath: has 0 levels"},
		{"four escalation levels", func(c *Catalog) {
			c.TaskTypes[0].EscalationPath = append(c.TaskTypes[0].EscalationPath, "ceo")
		}, hybrid + "escalationPath: has 4 levels"},
		{"bad fallback", func(c *Catalog) { c.TaskTypes[0].Fallback = "escalate" }, hybrid + `fallback: "escalate"`},
		{"empty fallback", func(c *Catalog) { c.TaskTypes[1].Fallback = "" }, human + `fallback: ""`},
		{"critical without backup", func(c *Catalog) { c.TaskTypes[0].BackupOwner = "" }, hybrid + "backupOwner: required"},
		{"criticality 4 without backup", func(c *Catalog) {
			c.TaskTypes[0].Scores, c.TaskTypes[0].BackupOwner = Scores{4, 4, 3}, ""
		}, hybrid + "backupOwner: required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := smallCatalog()
			tt.mutate(&c)
			_, err := Parse(marshal(t, c))
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// setCal edits the one team calendar; the map is fresh per smallCatalog call.
func setCal(c *Catalog, edit func(k *Calendar)) {
	k := c.Teams["ops"]
	edit(&k)
	c.Teams["ops"] = k
}

// TestParseRejectsBadJSON covers mistakes the decoder catches before validation.
func TestParseRejectsBadJSON(t *testing.T) {
	valid := string(marshal(t, smallCatalog()))
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown field in a task type", `"ownerRole"`, `"owner"`, `unknown field "owner"`},
		{"unknown top-level field", `"version"`, `"edition"`, `unknown field "edition"`},
		{"timeout not a duration", `"timeout":"2m0s"`, `"timeout":"soon"`, `duration "soon"`},
		{"timeout as a number", `"timeout":"2m0s"`, `"timeout":120`, `duration must be text`},
		{"score as text", `"latency":5`, `"latency":"high"`, "decode:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, valid, tt.old, "fixture")
			_, err := Parse([]byte(strings.Replace(valid, tt.old, tt.new, 1)))
			require.ErrorContains(t, err, "decode:")
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestLoad(t *testing.T) {
	c, err := Load("")
	require.NoError(t, err)
	require.Equal(t, mustDefault(t).Ref(), c.Ref(), "Load(\"\") is the default")

	dir := t.TempDir()
	_, err = Load(filepath.Join(dir, "missing.json"))
	require.ErrorContains(t, err, "read catalog:")
	require.ErrorContains(t, err, "missing.json")

	good := filepath.Join(dir, "good.json")
	require.NoError(t, os.WriteFile(good, marshal(t, smallCatalog()), 0o600))
	c, err = Load(good)
	require.NoError(t, err)
	require.Equal(t, "test.1", c.Version, "version")

	broken := smallCatalog()
	broken.Version = ""
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, marshal(t, broken), 0o600))
	_, err = Load(bad)
	require.ErrorContains(t, err, "catalog "+bad)
	require.ErrorContains(t, err, "field version")
}

// A callback job may run for hours: the webhook answers 202 and reports back later.
func TestCallbackAutomationMayRunLong(t *testing.T) {
	c := smallCatalog()
	c.TaskTypes[0].Automation.Callback, c.TaskTypes[0].Automation.Timeout = true, Duration(8*time.Hour)
	cat, err := Parse(marshal(t, c))
	require.NoError(t, err)
	tt, ok := cat.TaskType(c.TaskTypes[0].ID)
	require.True(t, ok)
	require.True(t, tt.Automation.Callback)
	require.Equal(t, Duration(8*time.Hour), tt.Automation.Timeout)
}
