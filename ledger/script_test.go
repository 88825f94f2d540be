package ledger

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lanes-dev/lanes/catalog"
)

// testZone is a fixed zone away from UTC, so the tests pass wherever and whenever
// they run and a period boundary that ignored zones would show.
var testZone = time.FixedZone("UTC-5", -5*60*60)

// march2026 is the report period of the query tests, in the test zone.
var march2026 = Period{
	From: time.Date(2026, time.March, 1, 0, 0, 0, 0, testZone),
	To:   time.Date(2026, time.April, 1, 0, 0, 0, 0, testZone),
}

// march is a time on a day of March 2026 in the test zone.
func march(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, testZone)
}

// script writes the facts of one task in the order a workflow would, each under
// its own milestone key.
type script struct {
	taskID string
	facts  []Fact
}

func newScript(taskID, taskType, team string, lane catalog.Lane, manualMinutes int, received time.Time) *script {
	s := &script{taskID: taskID}
	s.add(Fact{Kind: KindClassified, At: received, Task: &TaskDetails{
		TaskType: taskType, Team: team, Bucket: catalog.BucketRepeatableNoncritical, Lane: lane,
		Received: received, ManualMinutes: manualMinutes, HoursEstimated: float64(manualMinutes) / 60,
	}})
	return s
}

func (s *script) add(f Fact) {
	f.TaskID = s.taskID
	f.Milestone = fmt.Sprintf("%s-%d", f.Kind, len(s.facts)+1)
	s.facts = append(s.facts, f)
}

func (s *script) queued(at time.Time) {
	s.add(Fact{Kind: KindQueued, At: at, Note: "no one on the team has room"})
}

func (s *script) booked(person string, at time.Time) {
	s.add(Fact{Kind: KindBooked, At: at, Person: person})
}

func (s *script) acknowledged(person string, at time.Time) {
	s.add(Fact{Kind: KindAcknowledged, At: at, Person: person})
}

func (s *script) handoff(kind HandoffKind, from, to string, toLane catalog.Lane, at time.Time) {
	s.add(Fact{Kind: KindHandoff, At: at, Handoff: &Handoff{Kind: kind, From: from, To: to, ToLane: toLane}})
}

func (s *script) automation(action string, failed bool, at time.Time) {
	s.add(Fact{Kind: KindAutomation, At: at, Automation: &AutomationAttempt{Executor: "rpa", Action: action, Failed: failed}})
}

// sla records a clock ending at the given time; its deadline is the end time
// when breached and an hour later when met.
func (s *script) sla(name, outcome string, at time.Time) {
	deadline := at
	if outcome == ClockMet {
		deadline = at.Add(time.Hour)
	}
	s.add(Fact{Kind: KindSLAClock, At: at, Clock: &SLAClock{
		Name: name, Target: "1h", Budget: time.Hour, Used: time.Hour - deadline.Sub(at), Deadline: deadline, Outcome: outcome,
	}})
}

func (s *script) escalated(trigger string, level int, at time.Time) {
	s.add(Fact{Kind: KindEscalated, At: at, Escalation: &Escalation{Trigger: trigger, Level: level}})
}

// closed ends the task; a close by automation names the automation, as the workflow's does.
func (s *script) closed(outcome string, byAutomation bool, paused time.Duration, at time.Time) {
	f := Fact{Kind: KindClosed, At: at, Closure: &Closure{Outcome: outcome, ByAutomation: byAutomation, Paused: paused}}
	if byAutomation {
		f.Person = "automation:bot"
	}
	s.add(f)
}

func recordAll(t *testing.T, s *Store, facts []Fact) {
	t.Helper()
	for _, f := range facts {
		if err := s.Record(context.Background(), f); err != nil {
			t.Fatalf("Record %s/%s: %v", f.TaskID, f.Milestone, err)
		}
	}
}
