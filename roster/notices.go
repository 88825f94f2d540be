package roster

// Notifying records that n, a notice booking a person, is on its way to its task: the
// booking shows as notifying until Delivered. A notice kept for the next run has serial 0.
func (s *State) Notifying(n Notice) {
	b, ok := s.Bookings[n.TaskID]
	if !ok || n.Person == "" || b.Person != n.Person {
		return
	}
	b.Notifying, b.NoticeSerial = true, n.Serial
	s.Bookings[n.TaskID] = b
}

// Delivered records that the notice numbered serial reached its task, so the task
// names the person its booking holds; a later notice of the task keeps it notifying.
func (s *State) Delivered(taskID string, serial int) {
	b, ok := s.Bookings[taskID]
	if !ok || !b.Notifying || b.NoticeSerial != serial {
		return
	}
	b.Notifying, b.NoticeSerial = false, 0
	s.Bookings[taskID] = b
}

// Told records that a waiting task's place reached it.
func (s *State) Told(taskID string) {
	if w, ok := s.Queue.get(taskID); ok {
		w.Told = true
	}
}

// NoticeFor is what the roster has to tell a task now: the person its booking holds,
// or its place in the queue; false when the roster holds neither for it.
func (s *State) NoticeFor(taskID string) (Notice, bool) {
	if b, ok := s.Bookings[taskID]; ok {
		return Notice{TaskID: taskID, Seq: b.Seq, Person: b.Person, Allocation: b.Allocation, Hours: b.Hours, Reason: b.Why}, true
	}
	if w, ok := s.Queue.get(taskID); ok {
		return Notice{TaskID: taskID, Seq: w.Seq, Allocation: w.Allocation, Hours: w.Hours, Position: s.Queue.Position(taskID),
			Reason: w.Why, QueueWait: s.QueueWait}, true
	}
	return Notice{}, false
}

// Untold lists the tasks whose notice has not reached them: bookings still notifying,
// in task order, then waiting tasks not told their place, in queue order. A run that
// continues as new carries them this way, and the next run tells them.
func (s *State) Untold() []string {
	var ids []string
	for _, id := range sortedKeys(s.Bookings) {
		if s.Bookings[id].Notifying {
			ids = append(ids, id)
		}
	}
	for _, w := range s.Queue.First(-1) {
		if !w.Told {
			ids = append(ids, w.TaskID)
		}
	}
	return ids
}
