// Package catalog holds the task catalog ops edit (task types, their scores, lanes,
// owners, SLAs, escalation paths and fallbacks, and team calendars) and the
// classification rules of DOMAIN.md §2–§3 that turn scores into a bucket and a lane.
package catalog

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/lanes-dev/lanes/strictjson"
)

//go:embed default.json
var defaultCatalog []byte

// Catalog is the set of task types Lanes knows and the calendars of the teams that own them.
type Catalog struct {
	// Version is what ops call this edition of the catalog; Lanes records it on every task it classifies.
	Version string `json:"version"`
	// Teams maps a team name to its working calendar.
	Teams map[string]Calendar `json:"teams"`
	// TaskTypes are the kinds of work intake may submit.
	TaskTypes []TaskType `json:"taskTypes"`
	// Intake scores requests into service tiers and sets when approval is needed; omitted, DefaultIntakePolicy.
	Intake *IntakePolicy `json:"intake,omitempty"`

	digest string
	byID   map[string]int
}

// Executor names the pool that runs a type's automation.
type Executor string

// The two automation pools, each on its own task queue.
const (
	ExecutorRPA   Executor = "rpa"
	ExecutorCloud Executor = "cloud"
)

// Fallback is what Lanes does when a task loses its resolution SLA.
type Fallback string

// The fallback actions of DOMAIN.md §6.
const (
	FallbackDefer   Fallback = "defer"
	FallbackReroute Fallback = "reroute"
	FallbackPause   Fallback = "pause"
)

// Automation is how the automated and hybrid lanes act on a task type.
type Automation struct {
	// Executor is the pool that runs it: "rpa" (bots moving data between systems) or "cloud" (services and jobs).
	Executor Executor `json:"executor"`
	// Action names the automation, such as "pause-campaign"; it is the activity type Temporal runs.
	Action string `json:"action"`
	// Timeout bounds one attempt, such as "2m".
	Timeout Duration `json:"timeout"`
	// MaxAttempts is how many times Lanes tries before the task becomes an exception for a human.
	MaxAttempts int `json:"maxAttempts"`
	// Callback says the webhook may answer 202 Accepted and report the job's result later to
	// Lanes' callback route. Such a job cannot heartbeat, so Timeout alone bounds an attempt:
	// it may be up to 24h, and a dead worker's attempt is noticed only when it runs out.
	Callback bool `json:"callback,omitempty"`
}

// MaxCallbackTimeout bounds the timeout of a callback automation, a long job reported later.
const MaxCallbackTimeout = 24 * time.Hour

// TaskType is one kind of work in the catalog.
type TaskType struct {
	// ID is the name intake uses, such as "live-campaign-outage".
	ID string `json:"id"`
	// Name is what people read, such as "Live campaign outage".
	Name string `json:"name"`
	// Team owns the work and its calendar.
	Team string `json:"team"`
	// Scores are the type's default latency, criticality and automation potential.
	Scores Scores `json:"scores"`
	// Lane is the lane the scores give; it is checked against the rules so the catalog reads true.
	Lane Lane `json:"lane"`
	// Automation is required for the automated and hybrid lanes.
	Automation *Automation `json:"automation,omitempty"`
	// ReviewRole, when set, must approve the result of an automation before the task completes.
	ReviewRole string `json:"reviewRole,omitempty"`
	// OwnerRole is the queue of people who take the work (the on-call role for hybrid work).
	OwnerRole string `json:"ownerRole"`
	// BackupOwner takes the work when the owner cannot; every critical type names one.
	BackupOwner string `json:"backupOwner,omitempty"`
	// ResponseSLA is the time to acknowledge, from intake.
	ResponseSLA SLA `json:"responseSLA"`
	// ResolutionSLA is the time to resolve, from intake.
	ResolutionSLA SLA `json:"resolutionSLA"`
	// EscalationPath lists who is asked after the owner, level by level, when the task
	// escalates: the functional manager first, then the executive or cross-functional roles.
	EscalationPath []string `json:"escalationPath"`
	// WarnAt lists the shares of each SLA at which the holder is warned once, like 0.75; default [0.75].
	WarnAt []float64 `json:"warnAt,omitempty"`
	// EscalationWindow is how long each escalation level has to acknowledge before the next is asked; default 15m.
	EscalationWindow Duration `json:"escalationWindow,omitempty"`
	// Fallback runs when the resolution SLA is lost: "defer", "reroute" or "pause".
	Fallback Fallback `json:"fallback"`
	// ManualMinutes is the time a person would spend on one task by hand; the roster books it as the estimate.
	ManualMinutes int `json:"manualMinutes"`
	// Skill is what a person needs to take this work, such as "analysis"; the roster assigns by it,
	// so a type of a rostered team needs one.
	Skill string `json:"skill"`
	// Allocation is the share of people's week the work draws from; empty means by bucket (AllocationFor).
	Allocation Allocation `json:"allocation,omitempty"`
	// Requires lists the intake fields a request of this type must fill, such as "campaignId" for a pause.
	Requires []string `json:"requires,omitempty"`
	// Recurs, when set, is the cadence on which the work starts on its own (starter schedule create).
	Recurs *Recurrence `json:"recurs,omitempty"`
}

// Default is the catalog Lanes ships with: the task types of DOMAIN.md §4 and §5.
func Default() (*Catalog, error) {
	return Parse(defaultCatalog)
}

// Load reads a catalog file; an empty path means the default catalog.
func Load(path string) (*Catalog, error) {
	if path == "" {
		return Default()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	return c, nil
}

// Parse decodes and validates a catalog. Unknown fields are errors, so a typo never passes silently.
func Parse(data []byte) (*Catalog, error) {
	var c Catalog
	if err := strictjson.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	c.digest = hex.EncodeToString(sum[:4])
	c.byID = make(map[string]int, len(c.TaskTypes))
	for i, t := range c.TaskTypes {
		c.byID[t.ID] = i
	}
	return &c, nil
}

// Ref names this exact catalog: its version and a digest of its bytes, so an
// edit that forgot to bump the version is still told apart.
func (c *Catalog) Ref() string {
	return c.Version + "@" + c.digest
}

// TaskType finds a task type by ID.
func (c *Catalog) TaskType(id string) (TaskType, bool) {
	i, ok := c.byID[id]
	if !ok {
		return TaskType{}, false
	}
	return c.TaskTypes[i], true
}

// IDs lists the task type IDs, sorted, for messages that say what is allowed.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.TaskTypes))
	for _, t := range c.TaskTypes {
		ids = append(ids, t.ID)
	}
	sort.Strings(ids)
	return ids
}

// Actions lists the automations the catalog asks of each executor, sorted and without repeats.
func (c *Catalog) Actions(e Executor) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range c.TaskTypes {
		if t.Automation != nil && t.Automation.Executor == e && !seen[t.Automation.Action] {
			seen[t.Automation.Action] = true
			out = append(out, t.Automation.Action)
		}
	}
	sort.Strings(out)
	return out
}
