package roster

import (
	"sort"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// book records a booking, and the person's booked task in their list.
func (s *State) book(b Booking) {
	if _, ok := s.Bookings[b.TaskID]; ok {
		s.unbook(b.TaskID)
	}
	s.index()
	b.Since = time.Time{} // a wait ends with the booking; a later hand-back starts a new one
	s.Bookings[b.TaskID] = b
	ids := s.held[b.Person]
	i := sort.SearchStrings(ids, b.TaskID)
	ids = append(ids, "")
	copy(ids[i+1:], ids[i:])
	ids[i] = b.TaskID
	s.held[b.Person] = ids
	delete(s.load, b.Person)
}

func (s *State) unbook(taskID string) {
	s.index()
	b := s.Bookings[taskID]
	delete(s.Bookings, taskID)
	ids := s.held[b.Person]
	if i := sort.SearchStrings(ids, taskID); i < len(ids) && ids[i] == taskID {
		s.held[b.Person] = append(ids[:i], ids[i+1:]...)
	}
	delete(s.load, b.Person)
}

// index lists each person's bookings, once after the state was read or copied.
func (s *State) index() {
	if s.held != nil {
		return
	}
	s.held, s.load = map[string][]string{}, map[string]map[catalog.Allocation]float64{}
	for _, id := range sortedKeys(s.Bookings) {
		p := s.Bookings[id].Person
		s.held[p] = append(s.held[p], id)
	}
}

// holding lists the tasks a person holds, in task order.
func (s *State) holding(person string) []string {
	s.index()
	return s.held[person]
}
