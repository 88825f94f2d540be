package workflows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/ledger"
)

// ledgerWrites is what a test task wrote to the ledger; the taskEnv's mutex guards it.
type ledgerWrites struct {
	facts       []ledger.Fact // the facts written, in the order they arrived, retries and all
	writes      []string      // each call: "local 2" or "activity 2", with the facts it carried
	localFails  bool          // the worker cannot reach the ledger: local writes fail, the activity's succeed
	localFailed int           // local attempts that failed
}

// mockLedger answers RecordFacts, called as a local or a regular activity. Maybe:
// tests state the facts a task recorded through te.recorded().
func (te *taskEnv) mockLedger() {
	te.env.RegisterActivity(&activities.Ledger{})
	te.env.OnActivity("RecordFacts", mock.Anything, mock.Anything).Return(func(ctx context.Context, req activities.RecordFactsRequest) (activities.RecordFactsResult, error) {
		te.mu.Lock()
		defer te.mu.Unlock()
		how := "activity"
		if activity.GetInfo(ctx).IsLocalActivity {
			how = "local"
			if te.localFails {
				te.localFailed++
				return activities.RecordFactsResult{}, errors.New("database is locked (5) (SQLITE_BUSY)")
			}
		}
		te.writes = append(te.writes, fmt.Sprintf("%s %d", how, len(req.Facts)))
		for _, f := range req.Facts {
			te.facts = append(te.facts, inUTC(f))
		}
		return activities.RecordFactsResult{Recorded: len(req.Facts)}, nil
	}).Maybe()
}

// recorded lists the facts the task wrote to the ledger, in order, as "key: what @
// time after the start", and checks each belongs to the task and has its own key.
func (te *taskEnv) recorded() []string {
	te.t.Helper()
	te.mu.Lock()
	defer te.mu.Unlock()
	keys := map[string]bool{}
	out := make([]string, len(te.facts))
	for i, f := range te.facts {
		assert.Equal(te.t, testWorkflowID, f.TaskID)
		assert.False(te.t, keys[f.Milestone], "key %s recorded twice", f.Milestone)
		keys[f.Milestone] = true
		out[i] = fmt.Sprintf("%s: %s @%s", f.Milestone, factWhat(f), f.At.Sub(te.start))
	}
	return out
}

// factWhat is the gist of a fact: the details its kind carries that a test states.
func factWhat(f ledger.Fact) string {
	switch {
	case f.Task != nil:
		return fmt.Sprintf("%s %s %s %s %dmin", f.Task.TaskType, f.Task.Team, f.Task.Bucket, f.Task.Lane, f.Task.ManualMinutes)
	case f.Handoff != nil:
		return fmt.Sprintf("%s %s→%s (%s)", f.Handoff.Kind, f.Handoff.From, f.Handoff.To, f.Handoff.Reason)
	case f.Clock != nil:
		return fmt.Sprintf("%s %s used %s", f.Clock.Name, f.Clock.Outcome, f.Clock.Used)
	case f.Escalation != nil:
		return fmt.Sprintf("%s level %d", f.Escalation.Trigger, f.Escalation.Level)
	case f.Automation != nil:
		return fmt.Sprintf("%s %s failed=%t", f.Automation.Executor, f.Automation.Action, f.Automation.Failed)
	case f.Action != nil:
		a, verdict := f.Action, "accepted"
		if !a.Accepted {
			verdict = "refused: " + a.Reason
		}
		return fmt.Sprintf("%s by %s via %s%s%s %s", a.Name, a.Actor, a.IdentityKind, strings.TrimRight(" "+a.Subject+" "+a.Issuer, " "), strings.TrimRight(" "+a.System, " "), verdict)
	case f.Closure != nil:
		return fmt.Sprintf("%s (%s by %s) automation=%t %gh", f.Closure.Outcome, f.Note, f.Person, f.Closure.ByAutomation, f.Closure.HoursActual)
	case f.Person != "":
		return string(f.Kind) + " " + f.Person
	}
	return string(f.Kind) + " " + f.Note
}

// inUTC is a fact as the ledger keeps it: instants, in no zone. The test
// environment's workflow clock runs in the machine's zone, which tests must not see.
func inUTC(f ledger.Fact) ledger.Fact {
	f.At = f.At.UTC()
	if f.Task != nil {
		task := *f.Task
		task.Received = task.Received.UTC()
		f.Task = &task
	}
	if f.Clock != nil {
		clock := *f.Clock
		clock.Deadline = clock.Deadline.UTC()
		f.Clock = &clock
	}
	return f
}

// written lists the task's calls to RecordFacts, as "local 2" or "activity 2": how
// each was made and how many facts it carried.
func (te *taskEnv) written() []string {
	te.mu.Lock()
	defer te.mu.Unlock()
	return slices.Clone(te.writes)
}
