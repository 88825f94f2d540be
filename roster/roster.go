// Package roster holds who works on each team and the rule that assigns human work
// by skill and load (DOMAIN.md §7): people with their skills, seniority, weekly hours
// and protected allocations, the bookings of open tasks against that capacity, and
// the queue of tasks nobody can take yet. It is plain deterministic code, run inside
// each team's roster workflow, so a table test checks every rule.
package roster

import (
	_ "embed"
	"fmt"
	"os"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

//go:embed default.json
var defaultRoster []byte

// Seniority decides which work a person takes: seniors take exceptions and
// instant-critical work, specialists and coordinators standardized execution.
type Seniority string

// The three seniorities of DOMAIN.md §7.
const (
	Senior      Seniority = "senior"
	Specialist  Seniority = "specialist"
	Coordinator Seniority = "coordinator"
)

// Shares splits a person's week into the protected allocations, in percent summing to 100.
type Shares map[catalog.Allocation]int

// DefaultShares is DOMAIN.md §7's common split: 40% campaign execution, 20% reactive
// support, 20% optimization, 20% automation and process improvement.
func DefaultShares() Shares {
	return Shares{
		catalog.AllocationCampaignExecution:     40,
		catalog.AllocationReactiveSupport:       20,
		catalog.AllocationOptimization:          20,
		catalog.AllocationAutomationImprovement: 20,
	}
}

// TimeOff is a stretch a person is away: from the first day (or instant) away until the first back.
type TimeOff struct {
	// From is the first day away, "2026-12-21", or an RFC 3339 instant.
	From string `json:"from"`
	// Back is the first day back, "2027-01-04", or an RFC 3339 instant; empty means until told otherwise.
	Back string `json:"back,omitempty"`
}

// Person is one member of a team.
type Person struct {
	// ID is how tasks, signals and notices name the person, such as "maya".
	ID string `json:"id"`
	// Name is what people read, such as "Maya Chen".
	Name string `json:"name,omitempty"`
	// Seniority is senior, specialist or coordinator.
	Seniority Seniority `json:"seniority"`
	// Skills are the catalog skills the person has, such as "analysis".
	Skills []string `json:"skills"`
	// WeeklyHours is the person's working time after meetings and overhead.
	WeeklyHours float64 `json:"weeklyHours"`
	// Allocations splits WeeklyHours; empty means DefaultShares.
	Allocations Shares `json:"allocations,omitempty"`
	// TimeOff lists when the person is away; nobody is assigned work while away.
	TimeOff []TimeOff `json:"timeOff,omitempty"`
}

// Team is one team's roster as ops write it.
type Team struct {
	// Managers may move tasks between people; each must be a person on the team.
	Managers []string `json:"managers"`
	// QueueWait is how long a task may wait for capacity before its escalation starts; default 30m.
	QueueWait catalog.Duration `json:"queueWait,omitempty"`
	// People are the team's members.
	People []Person `json:"people"`
}

// DefaultQueueWait is how long a task waits for capacity when the roster does not say.
const DefaultQueueWait = 30 * time.Minute

// File is a roster file: the teams whose human work the roster assigns. A team the
// file leaves out keeps its role queues, which anyone on the role may take from.
type File struct {
	// Teams maps a catalog team name to its roster.
	Teams map[string]Team `json:"teams"`
	// Emails maps a person's ID to the address the company's identity provider signs
	// them in with, so the intake service knows whose token it holds. It stays out of
	// the teams, so no address enters the rosters' state in Temporal.
	Emails map[string]string `json:"emails,omitempty"`
}

// Default is the roster Lanes ships with for the default catalog's two teams.
func Default(cat *catalog.Catalog) (*File, error) {
	return Parse(defaultRoster, cat)
}

// Load reads a roster file; an empty path means the default roster.
func Load(path string, cat *catalog.Catalog) (*File, error) {
	if path == "" {
		return Default(cat)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read roster: %w", err)
	}
	f, err := Parse(data, cat)
	if err != nil {
		return nil, fmt.Errorf("roster %s: %w", path, err)
	}
	return f, nil
}

// Parse decodes a roster and checks it against the catalog: unknown fields, teams the
// catalog lacks and catalog skills nobody on the team has are errors naming the field.
func Parse(data []byte, cat *catalog.Catalog) (*File, error) {
	var f File
	if err := strictjson.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := f.validate(cat); err != nil {
		return nil, err
	}
	return &f, nil
}

// Staffs says whether the roster assigns the team's human work.
func (f *File) Staffs(team string) bool {
	if f == nil {
		return false
	}
	_, ok := f.Teams[team]
	return ok
}

// Managers lists the team's managers in the file; none for a team without a roster.
func (f *File) Managers(team string) []string {
	if f == nil {
		return nil
	}
	return f.Teams[team].Managers
}

// People lists the IDs of the team's people in the file; none for a team without a roster.
func (f *File) People(team string) []string {
	if f == nil {
		return nil
	}
	var ids []string
	for _, p := range f.Teams[team].People {
		ids = append(ids, p.ID)
	}
	return ids
}

// TeamNames lists the rostered teams, sorted.
func (f *File) TeamNames() []string {
	return sortedKeys(f.Teams)
}

// SkillsNeeded maps each skill the team's catalog types need to those types' IDs.
func SkillsNeeded(cat *catalog.Catalog, team string) map[string][]string {
	needs := map[string][]string{}
	for _, t := range cat.TaskTypes {
		if t.Team == team && t.Skill != "" {
			needs[t.Skill] = append(needs[t.Skill], t.ID)
		}
	}
	return needs
}

// shares is the person's split, DefaultShares when they name none.
func (p Person) shares() Shares {
	if len(p.Allocations) == 0 {
		return DefaultShares()
	}
	return p.Allocations
}

// Capacity is the person's weekly hours in one allocation.
func (p Person) Capacity(a catalog.Allocation) float64 {
	return p.WeeklyHours * float64(p.shares()[a]) / 100
}

// HasSkill says whether the person has the skill.
func (p Person) HasSkill(skill string) bool {
	for _, s := range p.Skills {
		if s == skill {
			return true
		}
	}
	return false
}

// queueWait is the team's wait before a capacity breach, with its default.
func (t Team) queueWait() time.Duration {
	if t.QueueWait <= 0 {
		return DefaultQueueWait
	}
	return time.Duration(t.QueueWait)
}
