package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// syncResolution is the data sync's resolution SLA: 24h, when its reroute runs.
const syncResolution = 24 * time.Hour

// On a rostered team the reroute asks the roster for someone else with the skill, of
// any seniority: devon, the only senior with development, lost the SLA of a failed
// sync, so omar, a specialist with it, takes it. The task waits in the owner role's
// queue meanwhile, and the fallback's record says what the state says.
func TestRerouteOnARosteredTeamBooksSomeoneElse(t *testing.T) {
	se := newStaffedEnv(t, false)
	failSync(se.taskEnv)
	se.book(10*time.Second, "devon", "least utilized senior with skill \"development\"")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "devon"}})
	asking := se.statusAt(syncResolution + time.Second)
	se.book(syncResolution+10*time.Second, "omar", "least utilized in reactive-support with skill \"development\"")
	se.finishBy("omar", syncResolution+time.Minute, "synced by hand")
	st := se.run(syncRequest)

	require.Len(t, se.asks, 2)
	again := se.asks[1]
	assert.Equal(t, []string{"devon"}, again.Avoid)
	assert.Empty(t, again.Exclude)
	assert.True(t, again.AnySeniority, "the reroute widens the pool past seniority")
	assert.True(t, again.Senior)
	assert.Equal(t, "resolution SLA lost with devon", again.Reason)

	assert.Equal(t, "role:automation-owner", asking.Assignee, "the owner role's queue, not the backup owner's, while the roster books")
	require.NotNil(t, asking.Fallback)
	assert.Equal(t, `rerouted from devon: the marketing-ops roster books someone else with skill "development", of any seniority`, asking.Fallback.Detail)
	assert.Equal(t, "devon", asking.Fallback.From)
	assert.Empty(t, asking.Fallback.To)

	assert.Equal(t, catalog.FallbackReroute, st.Fallback.Action)
	assert.Equal(t, "omar", st.Fallback.To)
	assert.Equal(t, `rerouted from devon to omar: least utilized in reactive-support with skill "development"`, st.Fallback.Detail)
	assert.Equal(t, "omar", st.CompletedBy)
	assert.Equal(t, 1, st.Handoffs)
	assert.Contains(t, se.sent(), "unassigned→devon")
	assert.NotContains(t, se.sent(), "nobody-else→maya")
}

// When nobody but the person who lost the SLA may take the task, the roster gives it
// back to them rather than leave it in the queue for good; the task tells the
// managers, and the record says it is back with them.
func TestRerouteNobodyElseMayTakeTellsTheManagers(t *testing.T) {
	se := newStaffedEnv(t, false)
	failSync(se.taskEnv)
	se.book(10*time.Second, "devon", "least utilized senior with skill \"development\"")
	se.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "devon"}})
	readmitted := `nobody else may take it (person with skill "development"), so devon, who left it, has it again`
	se.book(syncResolution+10*time.Second, "devon", readmitted)
	se.finishBy("devon", syncResolution+time.Minute, "synced by hand")
	st := se.run(syncRequest)

	assert.Equal(t, "devon", st.CompletedBy)
	assert.Equal(t, "devon", st.Fallback.To)
	assert.Equal(t, "rerouted from devon, back to devon: "+readmitted, st.Fallback.Detail)
	assert.Contains(t, se.sent(), "nobody-else→maya", "the managers other than devon hear")
	assert.NotContains(t, se.sent(), "nobody-else→devon")
}

// A handed-back task that nobody else may take goes back to the person who handed it
// back, and the managers hear, as for a reroute.
func TestHandBackNobodyElseMayTakeTellsTheManagers(t *testing.T) {
	se := newStaffedEnv(t, false)
	se.book(time.Second, "lena", "least utilized")
	se.signalAt(time.Minute, SignalHandBack, HandBackSignal{ActionHeader: ActionHeader{Actor: "lena"}, Reason: "too busy"})
	se.answer(2*time.Minute, roster.Notice{Person: "lena", Allocation: catalog.AllocationReactiveSupport, Hours: 1,
		Reason: `nobody else may take it (senior with skill "design"), so lena, who left it, has it again`})
	se.finishBy("lena", 3*time.Minute, "done")
	st := se.run(reviewRequest)

	assert.Equal(t, "lena", st.CompletedBy)
	assert.Contains(t, se.sent(), "nobody-else→maya")
	assert.Contains(t, se.sent(), "nobody-else→devon")
	assert.Nil(t, st.Fallback)
}

// On a team without a roster the reroute moves a person's task to the backup owner's
// queue, tells them, and records from whom.
func TestRerouteWithoutARosterNamesFromAndTo(t *testing.T) {
	te := newTaskEnv(t, tuesday10NY)
	qa := TaskRequest{RequestID: "req-1", TaskType: "weekly-lifecycle-email-qa", Title: "QA the winback series", DACI: &Governance{Approver: testApprover}}
	te.signalAt(time.Minute, SignalAcknowledge, AcknowledgeSignal{ActionHeader: ActionHeader{Actor: "ops-lead-1"}})
	te.finishBy("specialist-1", 8*time.Hour, "QA passed")
	st := te.run(qa)

	assert.Equal(t, "rerouted from ops-lead-1 to role:lifecycle-specialist", st.Fallback.Detail)
	assert.Equal(t, "ops-lead-1", st.Fallback.From)
	assert.Equal(t, "role:lifecycle-specialist", st.Fallback.To)
	assert.Contains(t, te.sent(), "unassigned→ops-lead-1")
	assert.Equal(t, 1, st.Handoffs)
}

// The default marketing-ops roster, running the rule: a failed sync's exception goes to
// devon, the only senior with development; rerouted, it goes to omar; when omar goes
// out of office, nobody but devon may take it, so devon has it again rather than the
// task waiting in the queue for good.
func TestRosterRerouteNeverStrandsTheTask(t *testing.T) {
	re := newRosterEnv(t)
	ask := roster.Request{TaskID: testWorkflowID, TaskType: "routine-data-sync", Title: "sync", Skill: "development", Senior: true,
		Allocation: catalog.AllocationReactiveSupport, Hours: 1, Priority: 250, At: tuesday10NY, Seq: 1}
	re.at(time.Second, func() { re.ask(ask) })
	rerouted := ask
	rerouted.Seq, rerouted.Avoid, rerouted.AnySeniority, rerouted.Reason = 2, []string{"devon"}, true, "resolution SLA lost with devon"
	re.at(2*time.Second, func() { re.ask(rerouted) })
	away := re.updateAt(3*time.Second, UpdateOutOfOffice, OutOfOfficeUpdate{Actor: "maya", Person: "omar"})
	re.run(4 * time.Second)

	require.NoError(t, away.err)
	var people []string
	for _, n := range re.told() {
		people = append(people, n.Person)
	}
	assert.Equal(t, []string{"devon", "omar", "devon"}, people)
	last := re.told()[2]
	assert.Equal(t, 2, last.Seq, "the rerouted ask, placed again")
	assert.Contains(t, last.Reason, "so devon, who left it, has it again")
}
