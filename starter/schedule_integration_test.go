package main

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// scheduleQueue is where the test's worker runs the task workflows schedules start.
const scheduleQueue = "starter-schedule-it"

// scheduleServer is a real Temporal server with Lanes' task workflow
// and its activities on scheduleQueue (no roster: human work waits in its role's queue),
// and a starter env whose dial reaches it.
type scheduleServer struct {
	liveStarter
}

func startScheduleServer(t *testing.T, cat *catalog.Catalog) *scheduleServer {
	t.Helper()
	ts, c := newLanesServer(t)
	ts.NewWorker(scheduleQueue, func(r worker.Registry) {
		r.RegisterWorkflow(workflows.CampaignTaskWorkflow)
		r.RegisterWorkflow(workflows.EscalationWorkflow)
		r.RegisterActivity(&activities.TaskPolicies{Catalog: cat, Queues: map[catalog.Executor]string{
			catalog.ExecutorRPA: scheduleQueue + "-rpa", catalog.ExecutorCloud: scheduleQueue + "-cloud",
		}})
		r.RegisterActivity(&activities.Notifications{Notifier: &activities.LogNotifier{Logger: zaptest.NewLogger(t)}})
		r.RegisterActivity(&activities.Campaigns{})
	})
	e, out := newTestEnv(t, nil, nil)
	e.catalog, e.now = cat, time.Now
	e.dial = func(context.Context) (*intake.Client, func(), error) {
		return &intake.Client{Temporal: c, Catalog: cat, TaskQueue: scheduleQueue}, func() {}, nil
	}
	return &scheduleServer{liveStarter{t: t, c: c, env: e, out: out}}
}

// describe reads a schedule as Temporal keeps it.
func (s *scheduleServer) describe(id string) *client.ScheduleDescription {
	s.t.Helper()
	d, err := s.c.ScheduleClient().GetHandle(context.Background(), id).Describe(context.Background())
	require.NoError(s.t, err)
	return d
}

// section is list's block for one schedule: from its ID to the next blank line.
func section(t *testing.T, out, id string) string {
	t.Helper()
	i := strings.Index(out, "\n"+id+"\n")
	require.GreaterOrEqual(t, i, 0, "no section for %s in\n%s", id, out)
	rest := out[i+1:]
	if j := strings.Index(rest, "\n\n"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// line is the first line of text that starts with prefix.
func line(t *testing.T, text, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no line starting %q in\n%s", prefix, text)
	return ""
}

// withHolidays is the default catalog with one more holiday per team: the second
// day after now on which the team's recurring type runs and which is not already a
// holiday, so at least one run comes before it and the server must skip it. It reads
// the catalog's own calendar, so a holiday it already has (1 January, say) never
// takes the place of the first run.
func withHolidays(t *testing.T, now time.Time) (*catalog.Catalog, map[string]time.Time) {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	added := map[string]time.Time{}
	for _, id := range []string{"weekly-lifecycle-email-qa", "monthly-dashboard-refresh"} {
		tt, ok := cat.TaskType(id)
		require.True(t, ok, id)
		team := cat.Teams[tt.Team]
		days := runDaysAfter(t, now, *tt.Recurs, team, 2)
		added[tt.Team] = days[1]
		cat = withHoliday(t, cat, tt.Team, days[1].Format(time.DateOnly))
	}
	return cat, added
}

// runDaysAfter are the first n runs of a cadence after now, in the team's zone,
// leaving out the team's holidays.
func runDaysAfter(t *testing.T, now time.Time, r catalog.Recurrence, team catalog.Calendar, n int) []time.Time {
	t.Helper()
	loc, err := time.LoadLocation(team.TimeZone)
	require.NoError(t, err)
	hour, minute := r.Clock()
	local := now.In(loc)
	var runs []time.Time
	for d := 0; len(runs) < n; d++ {
		run := time.Date(local.Year(), local.Month(), local.Day()+d, hour, minute, 0, 0, loc)
		onCadence := (r.Every == catalog.EveryWeek && run.Weekday() == r.Weekday()) || (r.Every == catalog.EveryMonth && run.Day() == r.Day)
		if onCadence && run.After(now) && !slices.Contains(team.Holidays, run.Format(time.DateOnly)) {
			runs = append(runs, run)
		}
	}
	return runs
}

// withHoliday is cat with one more holiday for team, as ops would add it to the file.
func withHoliday(t *testing.T, cat *catalog.Catalog, team, day string) *catalog.Catalog {
	t.Helper()
	data, err := json.Marshal(cat)
	require.NoError(t, err)
	edited, err := catalog.Parse(data)
	require.NoError(t, err)
	cal := edited.Teams[team]
	if !slices.Contains(cal.Holidays, day) {
		cal.Holidays = append(cal.Holidays, day)
	}
	edited.Teams[team] = cal
	data, err = json.Marshal(edited)
	require.NoError(t, err)
	edited, err = catalog.Parse(data)
	require.NoError(t, err)
	return edited
}

// starter schedule on a real server: create, list with holidays skipped, a triggered run
// that the real task workflow classifies, create again, a catalog change, pause, delete.
func TestIntegrationScheduleCommands(t *testing.T) {
	cat, holidays := withHolidays(t, time.Now())
	s := startScheduleServer(t, cat)
	const weekly, monthly = "lanes-recur-weekly-lifecycle-email-qa", "lanes-recur-monthly-dashboard-refresh"

	out, err := s.starter("schedule", "list")
	require.NoError(t, err)
	require.Contains(t, out, "\n"+monthly+"  not created yet; starter schedule create makes it\n")
	require.Contains(t, out, "\n"+weekly+"  not created yet; starter schedule create makes it\n")

	out, err = s.starter("schedule", "create")
	require.NoError(t, err)
	holidaysOf := func(team string) string { return strconv.Itoa(len(cat.Teams[team].Holidays)) }
	require.Equal(t, monthly+" created: on day 1 of every month at 08:00 Europe/London, skipping "+holidaysOf("analytics")+" holidays of analytics.\n"+
		weekly+" created: every Monday at 10:00 America/New_York, skipping "+holidaysOf("marketing-ops")+" holidays of marketing-ops.\n", out)

	t.Run("Temporal's next runs follow the cadence and skip the holidays", func(t *testing.T) {
		for id, want := range map[string]struct {
			team, zone string
			day        func(time.Time) bool
			hour       int
		}{
			weekly:  {"marketing-ops", "America/New_York", func(t time.Time) bool { return t.Weekday() == time.Monday }, 10},
			monthly: {"analytics", "Europe/London", func(t time.Time) bool { return t.Day() == 1 }, 8},
		} {
			d := s.describe(id)
			loc, err := time.LoadLocation(want.zone)
			require.NoError(t, err)
			next := d.Info.NextActionTimes
			require.Len(t, next, 10, id)
			holiday := holidays[want.team].Format(time.DateOnly)
			skipped := false
			for i, at := range next {
				local := at.In(loc)
				require.True(t, want.day(local), "%s run %s", id, local)
				require.Equal(t, [3]int{want.hour, 0, 0}, [3]int{local.Hour(), local.Minute(), local.Second()}, "%s run %s", id, local)
				require.NotEqual(t, holiday, local.Format(time.DateOnly), "%s runs on the holiday", id)
				if i > 0 && next[i-1].Before(holidays[want.team]) && at.After(holidays[want.team]) {
					skipped = true
				}
			}
			require.True(t, skipped, "%s: the holiday %s lies between two runs", id, holiday)
			require.False(t, d.Schedule.State.Paused)
		}
	})

	out, err = s.starter("schedule", "list")
	require.NoError(t, err)
	t.Log("\n" + out)
	for id, team := range map[string]string{weekly: "marketing-ops", monthly: "analytics"} {
		block := section(t, out, id)
		require.Regexp(t, `(?m)^  State +running$`, block)
		require.Regexp(t, `(?m)^  Catalog +matches$`, block)
		require.Regexp(t, `(?m)^  Holidays +no run on (.*, )?`+holidays[team].Format("Mon 2 Jan 2006")+`(, .*)?$`, block)
		require.NotContains(t, line(t, block, "  Next runs"), holidays[team].Format("Mon 2 Jan 2006"))
		require.Regexp(t, `(?m)^  Recent run +none yet$`, block)
	}
	require.Regexp(t, `(?m)^  Cadence +every Monday at 10:00 America/New_York, skipping `+holidaysOf("marketing-ops")+` holidays$`, section(t, out, weekly))

	t.Run("a triggered run is an ordinary task the worker classifies", func(t *testing.T) {
		out, err := s.starter("schedule", "trigger", "weekly-lifecycle-email-qa")
		require.NoError(t, err)
		require.Equal(t, weekly+" triggered: a task starts now, named task-recur-weekly-lifecycle-email-qa-<time>; starter schedule list shows it under recent runs.\n", out)
		var taskID string
		require.Eventually(t, func() bool {
			recent := s.describe(weekly).Info.RecentActions
			if len(recent) == 1 && recent[0].StartWorkflowResult != nil {
				taskID = recent[0].StartWorkflowResult.WorkflowID
			}
			return taskID != ""
		}, 20*time.Second, 100*time.Millisecond, "the schedule started a workflow")
		require.Regexp(t, `^task-recur-weekly-lifecycle-email-qa-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, taskID)

		in := &intake.Client{Temporal: s.c, Catalog: cat}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		st, err := in.WaitFor(ctx, taskID, intake.Classified)
		require.NoError(t, err)
		require.Equal(t, taskID, st.TaskID)
		require.Equal(t, workflows.TaskRequest{
			RequestID: "recur-weekly-lifecycle-email-qa", TaskType: "weekly-lifecycle-email-qa", Title: "Weekly lifecycle email QA (recurring)",
			Description: "Started by schedule " + weekly + ", every Monday at 10:00 (America/New_York).", Requester: "schedule",
			Triage: &catalog.Triage{Method: "criticality", Tier: catalog.TierFull, Reason: "unscored; criticality 5 gets full service"},
		}, st.Request)
		require.Equal(t, catalog.BucketPlannedCritical, st.Bucket)
		require.Equal(t, catalog.LaneHuman, st.Lane)
		require.Equal(t, workflows.StageAssigned, st.Stage)
		require.Equal(t, "role:marketing-ops-lead", st.Assignee)
		require.Equal(t, cat.Ref(), st.CatalogRef)

		desc, err := s.c.DescribeWorkflowExecution(ctx, taskID, "")
		require.NoError(t, err)
		attrs := map[string]string{}
		for name, p := range desc.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields() {
			var v any
			require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &v))
			if text, ok := v.(string); ok {
				attrs[name] = text
			}
		}
		require.Equal(t, "weekly-lifecycle-email-qa", attrs["LanesTaskType"])
		require.Equal(t, "marketing-ops", attrs["LanesTeam"])
		require.Equal(t, "planned_critical", attrs["LanesBucket"], "the worker's own attributes follow")

		var block string
		require.Eventually(t, func() bool {
			out, err := s.starter("schedule", "list")
			require.NoError(t, err)
			block = section(t, out, weekly)
			return strings.Contains(block, "1 started by this schedule")
		}, 20*time.Second, 200*time.Millisecond, "visibility counts the open run")
		t.Log("\n" + block)
		require.Regexp(t, `(?m)^  Recent run +\w{3} \d+ \w{3} \d{4} \d\d:\d\d E[SD]T  `+regexp.QuoteMeta(taskID)+`$`, block)
		require.Regexp(t, `(?m)^  Open tasks +1 started by this schedule$`, block)
		require.Regexp(t, `(?m)^  Open tasks +0 started by this schedule$`, section(t, s.out.String(), monthly))
	})

	out, err = s.starter("schedule", "create")
	require.NoError(t, err)
	require.Contains(t, out, monthly+" unchanged: ")
	require.Contains(t, out, weekly+" unchanged: ")

	t.Run("a paused schedule stays paused through create, and lists why", func(t *testing.T) {
		out, err := s.starter("schedule", "pause", "weekly-lifecycle-email-qa", "--note", "Holiday send freeze")
		require.NoError(t, err)
		require.Equal(t, weekly+" paused: Holiday send freeze.\n", out)
		out, err = s.starter("schedule", "create", "--type", "weekly-lifecycle-email-qa")
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(out, weekly+" unchanged: "), out)
		out, err = s.starter("schedule", "list")
		require.NoError(t, err)
		require.Regexp(t, `(?m)^  State +PAUSED: Holiday send freeze$`, section(t, out, weekly))
		require.Regexp(t, `(?m)^  State +running$`, section(t, out, monthly))

		out, err = s.starter("schedule", "unpause", "weekly-lifecycle-email-qa")
		require.NoError(t, err)
		require.Equal(t, weekly+" runs on its cadence again.\n", out)
		require.False(t, s.describe(weekly).Schedule.State.Paused)
	})

	t.Run("a catalog edit is listed, and create brings the schedule up to date", func(t *testing.T) {
		edited := withHoliday(t, cat, "marketing-ops", "2031-01-06")
		s.env.catalog = edited
		out, err := s.starter("schedule", "list")
		require.NoError(t, err)
		require.Regexp(t, `(?m)^  Catalog +differs in holidays; starter schedule create --type weekly-lifecycle-email-qa updates it$`, section(t, out, weekly))
		require.Regexp(t, `(?m)^  Catalog +matches$`, section(t, out, monthly))
		out, err = s.starter("schedule", "create")
		require.NoError(t, err)
		count := len(edited.Teams["marketing-ops"].Holidays)
		require.Contains(t, out, weekly+" updated (holidays): every Monday at 10:00 America/New_York, skipping "+strconv.Itoa(count)+" holidays of marketing-ops.\n")
		require.Contains(t, out, monthly+" unchanged: ")
		skip := s.describe(weekly).Schedule.Spec.Skip
		require.Len(t, skip, count)
		require.Equal(t, "holiday 2031-01-06", skip[count-1].Comment)
		out, err = s.starter("schedule", "create", "--type", "weekly-lifecycle-email-qa")
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(out, weekly+" unchanged: "), out)
	})

	t.Run("delete", func(t *testing.T) {
		out, err := s.starter("schedule", "delete", "weekly-lifecycle-email-qa")
		require.NoError(t, err)
		require.Equal(t, weekly+" deleted; the tasks it started go on.\n", out)
		_, err = s.starter("schedule", "delete", "weekly-lifecycle-email-qa")
		require.EqualError(t, err, "schedule "+weekly+" does not exist; create it with starter schedule create --type weekly-lifecycle-email-qa")
		_, err = s.starter("schedule", "delete", "creative-stakeholder-review")
		require.ErrorContains(t, err, `type: "creative-stakeholder-review" has no recurs in catalog`)
		require.ErrorContains(t, err, "use one of monthly-dashboard-refresh, weekly-lifecycle-email-qa")
		_, err = s.starter("schedule", "trigger", "weekly-lifecycle-email-qa")
		require.EqualError(t, err, "schedule "+weekly+" does not exist; create it with starter schedule create --type weekly-lifecycle-email-qa")
		out, err = s.starter("schedule", "list")
		require.NoError(t, err)
		require.Contains(t, out, "\n"+weekly+"  not created yet; starter schedule create makes it\n")
		require.Regexp(t, `(?m)^  State +running$`, section(t, out, monthly))
	})
}
