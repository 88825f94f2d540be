package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/activities"
)

// syncRequest is an automated marketing-ops task whose exception needs a senior with development.
var syncRequest = TaskRequest{RequestID: "req-1", TaskType: "routine-data-sync", Title: "Sync the CRM segments"}

// failSync has the data sync's automation refuse the task, so it becomes an exception at once.
func failSync(te *taskEnv) {
	te.automation("sync-marketing-data", mock.Anything, activities.AutomationResult{},
		temporal.NewNonRetryableApplicationError("CRM refused the sync", activities.ErrAutomationRejected, nil)).Once()
}

// Level 1 is whoever holds the task: when the roster books devon for a failed
// automation after level 1 asked the owner's queue, devon is asked at level 1 too,
// and level 2 asks the managers other than him.
func TestBookingDuringLevelOneTellsTheBookedPerson(t *testing.T) {
	se := newStaffedEnv(t, false)
	failSync(se.taskEnv)
	se.book(10*time.Second, "devon", "least utilized senior with skill \"development\"")
	atOne := se.statusAt(time.Minute)
	atTwo := se.statusAt(16 * time.Minute) // the level-1 window is 15m
	se.finishBy("devon", 20*time.Minute, "synced by hand")
	st := se.run(syncRequest)

	assert.Equal(t, []string{"level-1→role:automation-owner", "level-1→devon", "level-2→maya"}, se.escalated(),
		"devon, booked while level 1 ran, is asked there, and not again as a manager at level 2")
	assert.Equal(t, 1, atOne.EscalationLevel)
	assert.Equal(t, []string{"role:automation-owner", "devon"}, atOne.EscalatedTo)
	assert.Equal(t, []string{"maya"}, atTwo.EscalatedTo)
	require.Len(t, st.Escalations, 1)
	assert.Equal(t, EndTaken, st.Escalations[0].Ended)
	assert.Equal(t, "devon", st.Escalations[0].EndedBy)
}

// A booking after level 1 asks nobody at level 1: level 2 had asked its managers already.
func TestBookingAfterLevelOneAsksNobodyThere(t *testing.T) {
	se := newStaffedEnv(t, false)
	failSync(se.taskEnv)
	se.book(16*time.Minute, "devon", "least utilized senior with skill \"development\"")
	se.finishBy("devon", 20*time.Minute, "synced by hand")
	se.run(syncRequest)

	assert.Equal(t, []string{"level-1→role:automation-owner", "level-2→maya", "level-2→devon"}, se.escalated(),
		"level 2 was asked before the booking")
}
