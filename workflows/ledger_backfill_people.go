package workflows

import (
	"slices"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// peopleFromStatus is who took the task and when they acknowledged it, keyed as the
// outbox numbers them. Only a task that never changed hands is told apart well enough:
// after a hand-back, a reassignment or a reroute the status no longer says who held
// it when, so those facts are left out. The automation's result, which is the task's
// response, is an acknowledgement too.
func peopleFromStatus(st TaskStatus) []ledger.Fact {
	type ack struct {
		at     time.Time
		person string
	}
	var acks []ack
	if run := st.Automation; run != nil && run.FinishedAt != nil && run.Error == "" {
		acks = append(acks, ack{at: *run.FinishedAt})
	}
	var facts []ledger.Fact
	if person := st.Assignee; st.Handoffs == 0 && person != "" && !IsRoleAssignee(person) {
		if at, ok := bookedAt(st, person); ok {
			f := keyed(booked(person), 1)
			f.At = at
			facts = append(facts, f)
		}
		if at, ok := firstAccepted(st, SignalAcknowledge, person); ok {
			acks = append(acks, ack{at: at, person: person})
		}
	} else if st.Handoffs > 0 {
		acks = nil // a person's acknowledgement may have come first: the numbers are unknown
	}
	slices.SortStableFunc(acks, func(a, b ack) int { return a.at.Compare(b.at) })
	for i, a := range acks {
		f := keyed(acknowledged(a.person), i+1)
		f.At = a.at
		facts = append(facts, f)
	}
	return facts
}

// bookedAt is when the one person who held the task got it: booked by the roster,
// named by the request (given at once), or taken from the queue when they acknowledged.
func bookedAt(st TaskStatus, person string) (time.Time, bool) {
	switch {
	case st.Staffing != nil && st.Staffing.Person == person && st.Staffing.BookedAt != nil:
		return *st.Staffing.BookedAt, true
	case st.Staffing == nil && st.Request.Assignee == person:
		return st.ReceivedAt, true
	}
	return firstAccepted(st, SignalAcknowledge, person)
}
