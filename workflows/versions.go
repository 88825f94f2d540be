package workflows

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
const versionTaskLedger = "task-ledger"

// versionActionLedger is a task that writes each person's action it applies,
// accepted or refused, with the identity it came through, to the ledger
// (ledgerOutbox.action); tasks started before it write none, to the end.
const versionActionLedger = "action-ledger"
