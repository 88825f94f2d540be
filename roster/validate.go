package roster

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

var (
	personPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	skillPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// maxWeeklyHours bounds a week; more is a typo, not a person.
const maxWeeklyHours = 80

func (f *File) validate(cat *catalog.Catalog) error {
	if len(f.Teams) == 0 {
		return errors.New("teams: at least one team is required; a team left out keeps its role queues")
	}
	for _, name := range sortedKeys(f.Teams) {
		cal, ok := cat.Teams[name]
		if !ok {
			return fmt.Errorf("teams.%s: not a team in catalog %s; use one of %s", name, cat.Ref(), strings.Join(sortedKeys(cat.Teams), ", "))
		}
		zone, err := time.LoadLocation(cal.TimeZone)
		if err != nil {
			return fmt.Errorf("teams.%s: the catalog's time zone %q does not load: %w", name, cal.TimeZone, err)
		}
		if err := f.Teams[name].Validate(zone); err != nil {
			return fmt.Errorf("teams.%s.%w", name, err)
		}
		if err := f.Teams[name].coversSkills(name, cat); err != nil {
			return fmt.Errorf("teams.%s: %w", name, err)
		}
	}
	return f.checkEmails()
}

// Validate checks a team's roster; errors start with the field's path under the team.
func (t Team) Validate(zone *time.Location) error {
	if t.QueueWait < 0 {
		return errors.New("queueWait: negative; give how long a task may wait for capacity, like \"30m\"")
	}
	if len(t.People) == 0 {
		return errors.New("people: at least one person is required")
	}
	ids := map[string]bool{}
	for i, p := range t.People {
		if err := p.Validate(zone); err != nil {
			return fmt.Errorf("people[%d].%w", i, err)
		}
		if ids[p.ID] {
			return fmt.Errorf("people[%d].id: %q is listed twice; give each person one entry", i, p.ID)
		}
		ids[p.ID] = true
	}
	if len(t.Managers) == 0 {
		return errors.New("managers: name at least one person who may move tasks between people")
	}
	managers := map[string]bool{}
	for i, m := range t.Managers {
		if !ids[m] {
			return fmt.Errorf("managers[%d]: %q is not on the team; add them to people or fix the name", i, m)
		}
		if managers[m] {
			return fmt.Errorf("managers[%d]: %q is listed twice; name each manager once", i, m)
		}
		managers[m] = true
	}
	return nil
}

// Validate checks one person; errors start with the field's name.
func (p Person) Validate(zone *time.Location) error {
	switch {
	case !personPattern.MatchString(p.ID):
		return fmt.Errorf("id: %q must be a lower-case handle, like \"maya\" or \"li.wei\"", p.ID)
	case p.Seniority != Senior && p.Seniority != Specialist && p.Seniority != Coordinator:
		return fmt.Errorf("seniority: %q; use senior, specialist or coordinator", p.Seniority)
	case len(p.Skills) == 0:
		return errors.New("skills: at least one skill is required, such as analysis or writing")
	case math.IsNaN(p.WeeklyHours) || p.WeeklyHours <= 0:
		return fmt.Errorf("weeklyHours: %g is not positive; give the hours a week left after meetings and overhead, like 32", p.WeeklyHours)
	case p.WeeklyHours > maxWeeklyHours:
		return fmt.Errorf("weeklyHours: %g is over %d; give the hours a week left after meetings and overhead", p.WeeklyHours, maxWeeklyHours)
	}
	for i, s := range p.Skills {
		if !skillPattern.MatchString(s) {
			return fmt.Errorf("skills[%d]: %q must be a lower-case skill name, like \"project-management\"", i, s)
		}
	}
	if len(p.Allocations) > 0 {
		if err := p.Allocations.Validate(); err != nil {
			return fmt.Errorf("allocations: %w", err)
		}
	}
	for i, off := range p.TimeOff {
		if _, _, err := off.Span(zone); err != nil {
			return fmt.Errorf("timeOff[%d].%w", i, err)
		}
	}
	return nil
}

// Validate checks that the shares name known allocations and sum to 100%.
func (s Shares) Validate() error {
	sum := 0
	for _, a := range sortedKeys(s) {
		if err := a.Validate(); err != nil {
			return err
		}
		if s[a] < 0 || s[a] > 100 {
			return fmt.Errorf("%s: %d%% is outside 0–100", a, s[a])
		}
		sum += s[a]
	}
	if sum != 100 {
		return fmt.Errorf("the shares sum to %d%%, not 100%%; leave them out for the default 40/20/20/20", sum)
	}
	return nil
}

// Span reads the stretch in the team's zone: dates are midnight there.
func (o TimeOff) Span(zone *time.Location) (from, back time.Time, err error) {
	if from, err = parseWhen(o.From, zone); err != nil {
		return from, back, fmt.Errorf("from: %w", err)
	}
	if o.Back == "" {
		return from, back, nil
	}
	if back, err = parseWhen(o.Back, zone); err != nil {
		return from, back, fmt.Errorf("back: %w", err)
	}
	if !back.After(from) {
		return from, back, fmt.Errorf("back: %s is not after from %s", o.Back, o.From)
	}
	return from, back, nil
}

func parseWhen(s string, zone *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, zone); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%q is neither a date like 2026-12-21 nor an RFC 3339 time", s)
	}
	return t, nil
}

// StandardSkills are the skills capacity is counted in (DOMAIN.md §7); a roster also
// knows the skills its team's task types name.
var standardSkills = []string{"analysis", "design", "development", "project-management", "writing"}

// knownSkills refuses a skill neither standard nor needed by the team's task types: a
// typo would leave the person out of the work they are meant for.
func knownSkills(p Person, needs map[string][]string) error {
	for i, s := range p.Skills {
		if _, needed := needs[s]; needed || contains(standardSkills, s) {
			continue
		}
		known := append(append([]string(nil), standardSkills...), sortedKeys(needs)...)
		sort.Strings(known)
		return fmt.Errorf("skills[%d]: %q is not a skill of this team's work; use one of %v", i, s, known)
	}
	return nil
}

// coversSkills checks that someone on the team has each skill the team's task types
// need, and that each person's skills are ones the team knows.
func (t Team) coversSkills(team string, cat *catalog.Catalog) error {
	needs := SkillsNeeded(cat, team)
	for i, p := range t.People {
		if err := knownSkills(p, needs); err != nil {
			return fmt.Errorf("people[%d].%w", i, err)
		}
	}
	for _, tt := range cat.TaskTypes {
		if tt.Team != team {
			continue
		}
		if tt.Skill == "" {
			return fmt.Errorf("task type %q has no skill in the catalog; give it one, such as \"analysis\", so the roster can assign it", tt.ID)
		}
		held := false
		for _, p := range t.People {
			held = held || p.HasSkill(tt.Skill)
		}
		if !held {
			return fmt.Errorf("no one has skill %q, which task type %q needs; add it to a person's skills", tt.Skill, tt.ID)
		}
	}
	return nil
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	// The keys are sorted below, so the map's order never shows.
	//workflowcheck:ignore
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
