package roster

import "time"

// pruneAway forgets absences that ended, so the state carried across runs stays small.
func (m *Member) pruneAway(now time.Time) {
	kept := m.Away[:0]
	for _, a := range m.Away {
		if a.Back.IsZero() || now.Before(a.Back) {
			kept = append(kept, a)
		}
	}
	m.Away = kept
}

func (m *Member) awayAt(now time.Time) bool {
	for _, a := range m.Away {
		if !now.Before(a.From) && (a.Back.IsZero() || now.Before(a.Back)) {
			return true
		}
	}
	return false
}

// backAt is when an absence in progress at now ends: the latest end among the spans
// covering now, or nil when one of them is open-ended or none covers now.
func (m *Member) backAt(now time.Time) *time.Time {
	var back *time.Time
	for _, a := range m.Away {
		if now.Before(a.From) || (!a.Back.IsZero() && !now.Before(a.Back)) {
			continue
		}
		if a.Back.IsZero() {
			return nil
		}
		if back == nil || a.Back.After(*back) {
			b := a.Back
			back = &b
		}
	}
	return back
}
