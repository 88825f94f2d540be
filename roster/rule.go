package roster

import (
	"fmt"
	"sort"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// UtilizationCap is the share of an allocation past which nobody is assigned:
// 95% leaves no slack for urgent work (DOMAIN.md §7).
const UtilizationCap = 0.95

// epsilon absorbs float rounding when hours sum exactly to the cap.
const epsilon = 1e-9

// pick chooses who takes a request, or says why nobody can. Among available people
// with the skill and the right seniority it takes those whose allocation stays within
// the cap after the booking, then the one the intake preferred, else the least
// utilized in that allocation, then the least utilized overall, then by ID. People the
// request avoids are passed over, unless nobody else may take the task at all.
func (s *State) pick(req Request, now time.Time) (string, string) {
	tier, why := s.eligible(req, now, req.Avoid)
	readmitted := false
	if len(tier) == 0 && len(req.Avoid) > 0 {
		if again, _ := s.eligible(req, now, nil); len(again) > 0 {
			// Passing over those who left would strand the task: nobody else may take it.
			tier, readmitted = again, true
		}
	}
	if len(tier) == 0 {
		return "", why
	}
	var fits []*Member
	for _, m := range tier {
		if s.fits(m, req.Allocation, req.Hours) {
			fits = append(fits, m)
		}
	}
	if len(fits) == 0 {
		why = fmt.Sprintf("every available %s with skill %q would pass %.0f%% of their %s hours with %.2fh more", seniority(req), req.Skill, UtilizationCap*100, req.Allocation, req.Hours)
		if readmitted {
			why += "; nobody else may take it"
		}
		return "", why
	}
	for _, m := range fits {
		if m.ID == req.Prefer {
			return m.ID, "the intake asked for them and they have capacity"
		}
	}
	sort.SliceStable(fits, func(i, j int) bool {
		a, b := fits[i], fits[j]
		if ua, ub := s.utilization(a, req.Allocation), s.utilization(b, req.Allocation); ua != ub {
			return ua < ub
		}
		if oa, ob := s.overall(a), s.overall(b); oa != ob {
			return oa < ob
		}
		return a.ID < b.ID
	})
	if readmitted {
		return fits[0].ID, fmt.Sprintf("nobody else may take it (%s with skill %q), so %s, who left it, has it again", seniority(req), req.Skill, fits[0].ID)
	}
	return fits[0].ID, fmt.Sprintf("least utilized in %s with skill %q", req.Allocation, req.Skill)
}

// eligible are the people of the right seniority with the request's skill who may take
// it now, leaving out those in skip; when there are none, it says why.
func (s *State) eligible(req Request, now time.Time, skip []string) ([]*Member, string) {
	var skilled, available []*Member
	for i := range s.Members {
		m := &s.Members[i]
		if !m.HasSkill(req.Skill) {
			continue
		}
		skilled = append(skilled, m)
		if !m.awayAt(now) && !contains(req.Exclude, m.ID) && !contains(skip, m.ID) {
			available = append(available, m)
		}
	}
	switch {
	case len(skilled) == 0:
		return nil, fmt.Sprintf("nobody on %s has skill %q", s.Team, req.Skill)
	case len(available) == 0:
		return nil, fmt.Sprintf("everyone with skill %q is away or handed the task back", req.Skill)
	case req.AnySeniority:
		return available, ""
	}
	tier := inTier(available, req.Senior)
	if len(tier) == 0 && len(inTier(skilled, req.Senior)) == 0 {
		// Nobody of the right seniority has the skill at all; anyone with it beats waiting forever.
		tier = available
	}
	if len(tier) == 0 {
		return nil, fmt.Sprintf("every %s with skill %q is away or handed the task back", seniority(req), req.Skill)
	}
	return tier, ""
}

// seniority names who a request asks for, in reasons.
func seniority(req Request) string {
	switch {
	case req.AnySeniority:
		return "person"
	case req.Senior:
		return "senior"
	}
	return "specialist or coordinator"
}

// fits says whether a person has the allocation and stays within the cap with hours more.
func (s *State) fits(m *Member, a catalog.Allocation, hours float64) bool {
	capacity := m.Capacity(a)
	return capacity > 0 && s.booked(m.ID, a)+hours <= UtilizationCap*capacity+epsilon
}

// inTier keeps seniors for senior work, specialists and coordinators otherwise.
func inTier(people []*Member, senior bool) []*Member {
	var out []*Member
	for _, m := range people {
		if (m.Seniority == Senior) == senior {
			out = append(out, m)
		}
	}
	return out
}

// booked sums the hours of a person's open bookings in one allocation. The sums are
// kept until the person's bookings change, and added up in task order so they replay the same.
func (s *State) booked(person string, a catalog.Allocation) float64 {
	s.index()
	sums, ok := s.load[person]
	if !ok {
		sums = map[catalog.Allocation]float64{}
		for _, id := range s.held[person] {
			b := s.Bookings[id]
			sums[b.Allocation] += b.Hours
		}
		s.load[person] = sums
	}
	return sums[a]
}

// utilization is the booked share of a person's allocation; 1 when they have none of it.
func (s *State) utilization(m *Member, a catalog.Allocation) float64 {
	capacity := m.Capacity(a)
	if capacity <= 0 {
		return 1
	}
	return s.booked(m.ID, a) / capacity
}

// overall is the booked share of a person's whole week.
func (s *State) overall(m *Member) float64 {
	sum := 0.0
	for _, a := range catalog.Allocations() {
		sum += s.booked(m.ID, a)
	}
	return sum / m.WeeklyHours
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
