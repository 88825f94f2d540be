package workflows

import "go.temporal.io/sdk/workflow"

// Baseline names the recorded histories every change to running workflow logic must
// still replay (workflows/testdata/<Baseline>): v1, recorded from the integration run
// before Lanes' first release with `go test ./lanesworker -run TestIntegration
// -record-histories`. A change that would break them goes behind workflow.GetVersion
// with its change ID declared here, and a later baseline, recorded once no run of the
// old code is open, may retire that patch.
const Baseline = "v1"

// versionRosterQuietClose is a roster's run that waits for its notices on their way
// to land before it continues as new (rosterRun.awaitLanding).
const versionRosterQuietClose = "roster-quiet-close"

// versionTaskLedger is a task that writes its facts to the task ledger at its
// milestones (ledgerOutbox); tasks started before it record nothing, to the end.
// From ledgerWithActions on, it also writes each person's action it applies,
// accepted or refused, with the identity it came through (ledgerOutbox.action). One
// change ID for both, as each GetVersion costs a task two events (the marker and
// Temporal's TemporalChangeVersion search attribute).
const versionTaskLedger = "task-ledger"

// The versions of versionTaskLedger. Version 3 also changes routing, released with
// the ledger's actions: an automated or hybrid task, whose automation's start is its
// response, arms no response timers only to cancel them in the same workflow task
// (four events a task). One change ID for the three, for the same reason as above.
const (
	ledgerMilestones        workflow.Version = 1
	ledgerWithActions       workflow.Version = 2
	automationMeetsResponse workflow.Version = 3
)
