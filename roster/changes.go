package roster

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Bounds on what runtime changes add to a roster's state, which it carries across
// continue-as-new in one payload (Temporal refuses payloads over 2 MB).
const (
	maxTeamSize = 500
	maxAway     = 50
)

// Join adds a person to the team; their time off is read in the team's zone.
func (s *State) Join(p Person, zone *time.Location) error {
	if err := p.Validate(zone); err != nil {
		return fmt.Errorf("person.%w", err)
	}
	if s.member(p.ID) != nil {
		return fmt.Errorf("person.id: %q is already on %s; use change-hours to change them", p.ID, s.Team)
	}
	if len(s.Members) >= maxTeamSize {
		return fmt.Errorf("person: %s has %d people, the most a roster holds; split the team in the catalog and the roster file", s.Team, maxTeamSize)
	}
	if s.Needs != nil {
		if err := knownSkills(p, s.Needs); err != nil {
			return fmt.Errorf("person.%w", err)
		}
	}
	m := Member{Person: p}
	for _, off := range p.TimeOff {
		from, back, _ := off.Span(zone) // validated above
		m.Away = append(m.Away, Away{From: from, Back: back})
	}
	m.TimeOff = nil
	s.Members = append(s.Members, m)
	sort.Slice(s.Members, func(i, j int) bool { return s.Members[i].ID < s.Members[j].ID })
	return nil
}

// Leave takes a person off the team; their open tasks go to others or back to the queue.
func (s *State) Leave(id string, now time.Time) ([]Notice, error) {
	if s.member(id) == nil {
		return nil, s.unknown(id)
	}
	if contains(s.Managers, id) && len(s.Managers) == 1 {
		return nil, fmt.Errorf("person: %q is %s's only manager; name another manager before they leave", id, s.Team)
	}
	for _, skill := range sortedKeys(s.Needs) {
		if s.lastWith(skill, id) {
			return nil, fmt.Errorf("person: %q is the last on %s with skill %q, which %v need; add someone with it first", id, s.Team, skill, s.Needs[skill])
		}
	}
	for i := range s.Members {
		if s.Members[i].ID == id {
			s.Members = append(s.Members[:i], s.Members[i+1:]...)
			break
		}
	}
	for i, m := range s.Managers {
		if m == id {
			s.Managers = append(s.Managers[:i:i], s.Managers[i+1:]...)
			break
		}
	}
	out := s.handBack(id, now, "left the team")
	return append(out, s.Drain(now)...), nil
}

// SetAway records time off; if it has begun, the person's open tasks go to others or the queue.
func (s *State) SetAway(id string, away Away, now time.Time) ([]Notice, error) {
	m := s.member(id)
	if m == nil {
		return nil, s.unknown(id)
	}
	if !away.Back.IsZero() && !away.Back.After(away.From) {
		return nil, fmt.Errorf("back: %s is not after from %s", away.Back.Format(time.RFC3339), away.From.Format(time.RFC3339))
	}
	m.pruneAway(now)
	if len(m.Away) >= maxAway {
		return nil, fmt.Errorf("person: %q has %d stretches of time off ahead, the most a roster keeps; add this one once the first has passed", id, maxAway)
	}
	m.Away = append(m.Away, away)
	return s.Rebalance(now), nil
}

// SetBack ends a person's time off now, so work can reach them again.
func (s *State) SetBack(id string, now time.Time) ([]Notice, error) {
	m := s.member(id)
	if m == nil {
		return nil, s.unknown(id)
	}
	if !m.awayAt(now) {
		return nil, fmt.Errorf("person: %q is not away", id)
	}
	var kept []Away
	for _, a := range m.Away {
		switch {
		case now.Before(a.From): // later time off stays
			kept = append(kept, a)
		case a.Back.IsZero() || now.Before(a.Back):
			kept = append(kept, Away{From: a.From, Back: now})
		}
	}
	m.Away = kept
	return s.Drain(now), nil
}

// SetHours changes a person's weekly hours and, when given, their allocation shares.
// Open bookings stay; more capacity lets waiting tasks in.
func (s *State) SetHours(id string, weeklyHours float64, shares Shares, now time.Time) ([]Notice, error) {
	m := s.member(id)
	if m == nil {
		return nil, s.unknown(id)
	}
	changed := m.Person
	changed.WeeklyHours = weeklyHours
	if len(shares) > 0 {
		changed.Allocations = shares
	}
	if err := changed.Validate(time.UTC); err != nil {
		return nil, err
	}
	m.Person = changed
	return s.Drain(now), nil
}

// Move is a manager giving a task to someone else; the rules still hold: the new
// person needs the skill, must be in, and stays within the cap.
func (s *State) Move(taskID, to, actor string, now time.Time) ([]Notice, error) {
	if !contains(s.Managers, actor) {
		return nil, fmt.Errorf("actor: %q is not a manager of %s (%v); ask one of them", actor, s.Team, s.Managers)
	}
	var req Request
	b, booked := s.Bookings[taskID]
	w, waiting := s.Queue.get(taskID)
	switch {
	case booked:
		req = b.Request
	case waiting:
		req = w.Request
	default:
		return nil, fmt.Errorf("taskId: %q holds no place on %s; it is closed, or not a rostered task of this team", taskID, s.Team)
	}
	m := s.member(to)
	switch {
	case m == nil:
		return nil, fmt.Errorf("to: %q is not on %s", to, s.Team)
	case booked && b.Person == to:
		return nil, fmt.Errorf("to: the task is already with %s", to)
	case !m.HasSkill(req.Skill):
		return nil, fmt.Errorf("to: %s lacks skill %q that the task needs", to, req.Skill)
	case m.awayAt(now):
		return nil, fmt.Errorf("to: %s is away", to)
	case m.Capacity(req.Allocation) <= 0:
		return nil, fmt.Errorf("to: %s has no %s hours in their week; pick someone who has", to, req.Allocation)
	case !s.fits(m, req.Allocation, req.Hours):
		return nil, fmt.Errorf("to: %s would pass %.0f%% of their %s hours with %.2fh more; free their time or pick someone else",
			to, UtilizationCap*100, req.Allocation, req.Hours)
	}
	s.Queue.remove(taskID)
	if booked {
		s.Counts.Released++
	}
	why := "moved by " + actor
	s.book(Booking{Request: req, Person: to, BookedAt: now, Why: why})
	s.Counts.Assigned++
	s.Counts.Moved++
	out := []Notice{{TaskID: taskID, Seq: req.Seq, Person: to, Allocation: req.Allocation, Hours: req.Hours, Reason: why}}
	return append(out, s.Drain(now)...), nil
}

// Rebalance hands back the open tasks of everyone away now, and lets waiting tasks in.
func (s *State) Rebalance(now time.Time) []Notice {
	for i := range s.Members {
		s.Members[i].pruneAway(now)
	}
	var out []Notice
	for _, m := range s.Members {
		if m.awayAt(now) {
			out = append(out, s.handBack(m.ID, now, "out of office")...)
		}
	}
	return append(out, s.Drain(now)...)
}

// NextChange is the next time someone leaves or comes back, when the roster must rebalance.
func (s *State) NextChange(now time.Time) (time.Time, bool) {
	var next time.Time
	for _, m := range s.Members {
		for _, a := range m.Away {
			for _, t := range []time.Time{a.From, a.Back} {
				if t.After(now) && (next.IsZero() || t.Before(next)) {
					next = t
				}
			}
		}
	}
	return next, !next.IsZero()
}

// handBack re-places each task a person holds. They are not excluded: being away
// or off the team already keeps work from them, and once back they may take it again.
func (s *State) handBack(id string, now time.Time, why string) []Notice {
	var out []Notice
	for _, taskID := range slices.Clone(s.holding(id)) {
		req := s.Bookings[taskID].Request
		req.Reason = fmt.Sprintf("%s %s", id, why)
		out = append(out, s.Ask(req, now))
	}
	return out
}

// lastWith says whether id is the only member with the skill.
func (s *State) lastWith(skill, id string) bool {
	for _, m := range s.Members {
		if m.HasSkill(skill) && m.ID != id {
			return false
		}
	}
	return s.member(id).HasSkill(skill)
}

func (s *State) unknown(id string) error {
	ids := make([]string, 0, len(s.Members))
	for _, m := range s.Members {
		ids = append(ids, m.ID)
	}
	return fmt.Errorf("person: %q is not on %s; use one of %v", id, s.Team, ids)
}
