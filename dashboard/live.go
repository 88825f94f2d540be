package dashboard

import (
	"context"
	"errors"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/reports"
	"github.com/lanes-dev/lanes/workflows"
)

// ErrNoRoster is a team that runs no roster: its work waits in role queues, and
// the load chart has no one to show for it.
var ErrNoRoster = errors.New("no roster running")

// Live is what is true now, which the ledger of closed work cannot say: the
// rosters' load, the open tasks and the schedules' next runs. Temporal is the real one; tests give a fake.
type Live interface {
	// Roster reads a team's roster as `starter roster` shows it; ErrNoRoster when
	// the team runs none.
	Roster(ctx context.Context, team string) (workflows.RosterStatus, error)
	// DueBefore lists the open tasks of team ("" for every team) whose
	// resolution deadline is before due, in no particular order, at most limit
	// of them; more says there were others.
	DueBefore(ctx context.Context, team string, due time.Time, limit int) (tasks []OpenTask, more bool, err error)
	// ScheduledRuns lists the runs the teams' recurring schedules will start, for
	// the review's forecast, with notes naming the schedules that start none.
	ScheduledRuns(ctx context.Context, types *catalog.Catalog, teams []string) (runs []reports.ScheduledRun, notes []string, err error)
}

// OpenTask is an open task as visibility lists it: the search attributes the
// task workflow keeps current.
type OpenTask struct {
	// ID is the task's workflow ID.
	ID       string
	TaskType string
	Team     string
	// Assignee is the person or role queue holding it; "" for automation.
	Assignee string
	// Stage is where the task is (received, assigned, acknowledged, …).
	Stage string
	// SLAState is on_track, paused or breached.
	SLAState string
	// ResolveBy is the resolution deadline.
	ResolveBy time.Time
	// EscalationLevel is the highest level reached, 0 for none.
	EscalationLevel int
}
