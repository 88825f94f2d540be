package roster_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
)

// load is a booking made before the request under test.
type load struct {
	task, who, skill string
	alloc            catalog.Allocation // campaign execution when empty
	hours            float64
}

// TestAssignmentRule asks for one task after some load is booked and checks who takes it,
// or that it waits, and why.
func TestAssignmentRule(t *testing.T) {
	const (
		campaign = catalog.AllocationCampaignExecution
		reactive = catalog.AllocationReactiveSupport
	)
	senior := func(r roster.Request) roster.Request { r.Senior = true; return r }
	prefer := func(who string, r roster.Request) roster.Request { r.Prefer = who; return r }
	exclude := func(r roster.Request, who ...string) roster.Request { r.Exclude = who; return r }
	avoid := func(r roster.Request, who ...string) roster.Request { r.Avoid = who; return r }
	anySeniority := func(r roster.Request) roster.Request { r.AnySeniority = true; return r }
	noCampaign := person("zed", roster.Specialist, "analysis", "design")
	noCampaign.Allocations = roster.Shares{reactive: 50, catalog.AllocationOptimization: 25, catalog.AllocationAutomationImprovement: 25}
	halfTime := person("ana", roster.Specialist, "analysis")
	halfTime.WeeklyHours = 20

	tests := []struct {
		name   string
		people []roster.Person
		before []load
		req    roster.Request
		want   string // "" means the task waits in the queue
		why    string // part of the notice's reason
	}{
		// Skill.
		{
			name:   "only people with the skill",
			people: []roster.Person{person("ana", roster.Specialist, "writing"), person("bob", roster.Specialist, "analysis")},
			req:    work("t", "analysis", 2),
			want:   "bob", why: `least utilized in campaign-execution with skill "analysis"`,
		},
		{
			name:   "nobody has the skill",
			people: []roster.Person{person("ana", roster.Specialist, "writing")},
			req:    work("t", "design", 2),
			why:    `nobody on ops has skill "design"`,
		},
		// Seniority.
		{
			name:   "senior work goes to a senior even when busier",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			before: []load{{task: "b", who: "sam", skill: "analysis", hours: 8}},
			req:    senior(work("t", "analysis", 2)),
			want:   "sam",
		},
		{
			name:   "standard work goes to a specialist even when a senior is idle",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			before: []load{{task: "b", who: "ana", skill: "analysis", hours: 8}},
			req:    work("t", "analysis", 2),
			want:   "ana",
		},
		{
			name:   "standard work goes to a coordinator, not a senior",
			people: []roster.Person{person("cora", roster.Coordinator, "analysis"), person("sam", roster.Senior, "analysis")},
			before: []load{{task: "b", who: "cora", skill: "analysis", hours: 10}},
			req:    work("t", "analysis", 2),
			want:   "cora",
		},
		{
			name:   "senior work falls back to a specialist when no senior has the skill",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "writing")},
			req:    senior(work("t", "analysis", 2)),
			want:   "ana",
		},
		{
			name:   "standard work falls back to a senior when only seniors have the skill",
			people: []roster.Person{person("ana", roster.Specialist, "writing"), person("sam", roster.Senior, "analysis")},
			req:    work("t", "analysis", 2),
			want:   "sam",
		},
		{
			name:   "no fallback when the skilled seniors are at the cap",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			before: []load{{task: "b", who: "sam", skill: "analysis", hours: 15}},
			req:    senior(work("t", "analysis", 2)),
			why:    `senior with skill "analysis" would pass 95% of their campaign-execution hours`,
		},
		{
			name:   "no fallback when the skilled senior is away",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), awayFrom(person("sam", roster.Senior, "analysis"), t0.Add(-time.Hour), time.Time{})},
			req:    senior(work("t", "analysis", 2)),
			why:    `skill "analysis"`,
		},
		// Load.
		{
			name:   "least utilized in the allocation",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 4}, {task: "b", who: "bob", skill: "analysis", hours: 2}},
			req:    work("t", "analysis", 1),
			want:   "bob",
		},
		{
			name:   "utilization is a share of capacity, not hours",
			people: []roster.Person{halfTime, person("bob", roster.Specialist, "analysis")},
			// ana: 2h of 8h is 25%; bob: 3h of 16h is 18.75%.
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 2}, {task: "b", who: "bob", skill: "analysis", hours: 3}},
			req:    work("t", "analysis", 1),
			want:   "bob",
		},
		{
			name:   "the allocation's utilization beats overall utilization",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 1}, {task: "b", who: "bob", skill: "analysis", alloc: reactive, hours: 7}},
			req:    work("t", "analysis", 1),
			want:   "bob",
		},
		{
			name:   "a tie in the allocation goes to the less utilized overall",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", alloc: reactive, hours: 2}},
			req:    work("t", "analysis", 1),
			want:   "bob",
		},
		{
			name:   "a full tie goes to the first ID, whatever the roster order",
			people: []roster.Person{person("bob", roster.Specialist, "analysis"), person("ana", roster.Specialist, "analysis")},
			req:    work("t", "analysis", 1),
			want:   "ana",
		},
		// The 95% cap.
		{
			name:   "the whole 95% at once is allowed",
			people: []roster.Person{person("ana", roster.Specialist, "analysis")},
			req:    work("t", "analysis", 15.2),
			want:   "ana",
		},
		{
			name:   "exactly at the cap after earlier bookings is allowed",
			people: []roster.Person{person("ana", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 10}},
			req:    work("t", "analysis", 5.2),
			want:   "ana",
		},
		{
			name:   "float rounding at the cap is absorbed",
			people: []roster.Person{person("ana", roster.Specialist, "analysis")},
			// 13.3 + 1.9 is 15.200000000000001 in float64.
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 13.3}},
			req:    work("t", "analysis", 1.9),
			want:   "ana",
		},
		{
			name:   "just above the cap waits",
			people: []roster.Person{person("ana", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 10}},
			req:    work("t", "analysis", 5.21),
			why:    "would pass 95% of their campaign-execution hours",
		},
		{
			name:   "the cap is per allocation",
			people: []roster.Person{person("ana", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 15}},
			req:    roster.Request{TaskID: "t", Skill: "analysis", Allocation: reactive, Hours: 7.6, At: t0},
			want:   "ana",
		},
		{
			name:   "the less utilized is passed over when the task would take them past the cap",
			people: []roster.Person{halfTime, person("bob", roster.Specialist, "analysis")},
			// ana: 4h of 8h is 50%, 8h would pass 7.6h; bob: 9h of 16h is 56%, 13h fits.
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 4}, {task: "b", who: "bob", skill: "analysis", hours: 9}},
			req:    work("t", "analysis", 4),
			want:   "bob",
		},
		// A 0% allocation.
		{
			name:   "nobody takes work from an allocation they have 0% of",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), noCampaign},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 14}},
			req:    work("t", "analysis", 1),
			want:   "ana",
		},
		{
			name:   "a 0% allocation does not take overflow",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), noCampaign},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 15}},
			req:    work("t", "analysis", 1),
			why:    "would pass 95%",
		},
		{
			name:   "not even a zero-hour task",
			people: []roster.Person{person("ana", roster.Specialist, "writing"), noCampaign},
			req:    work("t", "design", 0),
			why:    `skill "design"`,
		},
		// Prefer.
		{
			name:   "prefer is honoured when they fit",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    prefer("bob", work("t", "analysis", 2)),
			want:   "bob", why: "the intake asked for them",
		},
		{
			name:   "prefer is ignored past the cap",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 14}},
			req:    prefer("bob", work("t", "analysis", 2)),
			want:   "ana", why: "least utilized",
		},
		{
			name:   "prefer is ignored for the wrong seniority",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 6}},
			req:    prefer("sam", work("t", "analysis", 2)),
			want:   "ana",
		},
		{
			name:   "prefer is ignored without the skill",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "writing")},
			req:    prefer("bob", work("t", "analysis", 2)),
			want:   "ana",
		},
		{
			name:   "prefer is ignored when they are away",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), awayFrom(person("bob", roster.Specialist, "analysis"), t0.Add(-time.Hour), t0.Add(time.Hour))},
			req:    prefer("bob", work("t", "analysis", 2)),
			want:   "ana",
		},
		{
			name:   "exclude beats prefer",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			req:    exclude(prefer("ana", work("t", "analysis", 2)), "ana"),
			want:   "bob",
		},
		// Exclude.
		{
			name:   "exclude skips the least utilized",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    exclude(work("t", "analysis", 2), "ana"),
			want:   "bob",
		},
		{
			name:   "everyone excluded waits",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			req:    exclude(work("t", "analysis", 2), "ana", "bob"),
			why:    "is away or handed the task back",
		},
		{
			name:   "exclusion is never lifted, even when it strands the task",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "writing")},
			req:    exclude(work("t", "analysis", 2), "ana"),
			why:    "is away or handed the task back",
		},
		// Avoid: people who left the task.
		{
			name:   "avoid skips the one who left",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    avoid(work("t", "analysis", 2), "ana"),
			want:   "bob",
		},
		{
			name:   "avoid never strands the task: the only one with the skill has it again",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "writing")},
			req:    avoid(work("t", "analysis", 2), "ana"),
			want:   "ana", why: `nobody else may take it (specialist or coordinator with skill "analysis"), so ana, who left it, has it again`,
		},
		{
			name:   "avoid never strands senior work: the only senior with the skill has it again",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			req:    avoid(senior(work("t", "analysis", 2)), "sam"),
			want:   "sam", why: "so sam, who left it, has it again",
		},
		{
			name:   "avoid readmits no one who is away",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-time.Hour), time.Time{})},
			req:    avoid(work("t", "analysis", 2), "ana"),
			why:    `everyone with skill "analysis" is away or handed the task back`,
		},
		{
			name:   "a readmitted person at the cap waits, and the reason says nobody else may take it",
			people: []roster.Person{person("ana", roster.Specialist, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 15}},
			req:    avoid(work("t", "analysis", 2), "ana"),
			why:    "would pass 95% of their campaign-execution hours with 2.00h more; nobody else may take it",
		},
		{
			name:   "avoid does not lift an exclusion",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("bob", roster.Specialist, "analysis")},
			req:    avoid(exclude(work("t", "analysis", 2), "bob"), "ana"),
			want:   "ana", why: "who left it, has it again",
		},
		// Any seniority: a task rerouted after its resolution SLA ran out.
		{
			name:   "any seniority gives senior work to a specialist when the senior left it",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			req:    anySeniority(avoid(senior(work("t", "analysis", 2)), "sam")),
			want:   "ana", why: "least utilized",
		},
		{
			name:   "any seniority gives standard work to the least utilized, senior or not",
			people: []roster.Person{person("ana", roster.Specialist, "analysis"), person("sam", roster.Senior, "analysis")},
			before: []load{{task: "a", who: "ana", skill: "analysis", hours: 4}},
			req:    anySeniority(work("t", "analysis", 2)),
			want:   "sam",
		},
		// Away.
		{
			name:   "away now is skipped",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-24*time.Hour), t0.Add(24*time.Hour)), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    work("t", "analysis", 2),
			want:   "bob",
		},
		{
			name:   "away until told otherwise is skipped",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-24*time.Hour), time.Time{}), person("bob", roster.Specialist, "analysis")},
			req:    work("t", "analysis", 2),
			want:   "bob",
		},
		{
			name:   "away from this instant is skipped",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0, t0.Add(time.Hour)), person("bob", roster.Specialist, "analysis")},
			req:    work("t", "analysis", 2),
			want:   "bob",
		},
		{
			name:   "back at this instant is in",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-time.Hour), t0), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    work("t", "analysis", 2),
			want:   "ana",
		},
		{
			name:   "time off in the future does not count yet",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(time.Hour), t0.Add(48*time.Hour)), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    work("t", "analysis", 2),
			want:   "ana",
		},
		{
			name:   "time off in the past does not count",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-48*time.Hour), t0.Add(-24*time.Hour)), person("bob", roster.Specialist, "analysis")},
			before: []load{{task: "b", who: "bob", skill: "analysis", hours: 6}},
			req:    work("t", "analysis", 2),
			want:   "ana",
		},
		{
			name:   "everyone with the skill away waits",
			people: []roster.Person{awayFrom(person("ana", roster.Specialist, "analysis"), t0.Add(-time.Hour), time.Time{}), person("bob", roster.Specialist, "writing")},
			req:    work("t", "analysis", 2),
			why:    `everyone with skill "analysis" is away`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newState(t, tc.people...)
			for _, l := range tc.before {
				alloc := l.alloc
				if alloc == "" {
					alloc = campaign
				}
				hold(t, s, l.task, l.who, l.skill, alloc, l.hours)
			}

			n := s.Ask(tc.req, t0)

			assert.Equal(t, tc.req.TaskID, n.TaskID)
			assert.Equal(t, tc.req.Allocation, n.Allocation)
			assert.Equal(t, tc.req.Hours, n.Hours)
			assert.Contains(t, n.Reason, tc.why)
			require.Equal(t, tc.want, n.Person, "reason: %s", n.Reason)
			if tc.want == "" {
				assert.Equal(t, 1, n.Position)
				assert.Equal(t, roster.DefaultQueueWait, n.QueueWait)
				assert.Equal(t, []string{tc.req.TaskID}, queueIDs(s))
				assert.NotContains(t, s.Bookings, tc.req.TaskID)
				return
			}
			assert.Zero(t, n.Position)
			assert.Zero(t, s.Queue.Len())
			require.Contains(t, s.Bookings, tc.req.TaskID)
			assert.Equal(t, tc.want, s.Bookings[tc.req.TaskID].Person)
			assert.Equal(t, t0, s.Bookings[tc.req.TaskID].BookedAt)
		})
	}
}
