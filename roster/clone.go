package roster

// Clone copies the state deeply, so an update's validator can try a change without making it.
func (s *State) Clone() *State {
	c := *s
	c.load = nil
	c.Managers = append([]string(nil), s.Managers...)
	c.Members = make([]Member, len(s.Members))
	for i, m := range s.Members {
		m.Skills = append([]string(nil), m.Skills...)
		m.Away = append([]Away(nil), m.Away...)
		if m.Allocations != nil {
			shares := Shares{}
			// A copy does not depend on the map's order.
			//workflowcheck:ignore
			for k, v := range m.Allocations {
				shares[k] = v
			}
			m.Allocations = shares
		}
		c.Members[i] = m
	}
	c.Bookings = make(map[string]Booking, len(s.Bookings))
	//workflowcheck:ignore
	for id, b := range s.Bookings {
		c.Bookings[id] = b
	}
	c.held, c.closedPrune = nil, 0
	c.Queue = Queue{}
	for _, w := range s.Queue.First(-1) {
		c.Queue.add(w)
	}
	c.Done = append([]Completion(nil), s.Done...)
	c.Needs = s.Needs // never changed in place
	if s.Closed != nil {
		c.Closed = make(map[string]Closed, len(s.Closed))
		//workflowcheck:ignore
		for id, v := range s.Closed {
			c.Closed[id] = v
		}
	}
	return &c
}
