package ledger

import (
	"context"
	"testing"
)

// A task's batch in one write: applied in order, a refused fact left out without
// holding back the ones after it, and the whole batch again, as a retry after a lost
// answer sends it, changing nothing.
func testBatchRecordsOnce(t *testing.T, cfg Config) {
	s := open(t, cfg)
	task := newScript("task-batched", "creative-stakeholder-review", "creative", "human", 90, march(3, 9, 0))
	task.booked("ben", march(3, 9, 10))
	task.closed(OutcomeCompleted, false, 0, march(3, 17, 0))
	level4 := Fact{TaskID: task.taskID, Milestone: "escalation-1-4", Kind: KindEscalated, At: march(3, 12, 0),
		Escalation: &Escalation{Trigger: TriggerBreach, Level: 4}}
	batch := []Fact{task.facts[0], task.facts[1], level4, task.facts[2]}

	for _, attempt := range []string{"first", "retried"} {
		refused, err := s.RecordAll(context.Background(), batch)
		if err != nil {
			t.Fatalf("%s RecordAll: %v", attempt, err)
		}
		if len(refused) != 1 || refused[0].Milestone != "escalation-1-4" {
			t.Fatalf("%s RecordAll refused %v, want only escalation-1-4", attempt, refused)
		}
	}
	if got := count(t, s, "SELECT COUNT(*) FROM milestones"); got != 3 {
		t.Errorf("the ledger holds %d milestones, want 3: classified, booked, closed", got)
	}
	if got := count(t, s, "SELECT COUNT(*) FROM escalations"); got != 0 {
		t.Errorf("the refused escalation left %d rows", got)
	}
	closed := march(3, 17, 0).UnixMilli()
	if got := count(t, s, "SELECT COUNT(*) FROM holders WHERE person = 'ben' AND held_to_ms = $1", closed); got != 1 {
		t.Errorf("%d holder rows of ben end at the close, want 1: the close applied after the booking", got)
	}
	if got := count(t, s, "SELECT COUNT(*) FROM tasks WHERE outcome = 'completed' AND closed_at_ms = $1", closed); got != 1 {
		t.Errorf("%d tasks closed at 17:00, want 1", got)
	}
}
