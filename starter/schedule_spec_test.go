package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/payloadcrypt"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

func defaultType(t *testing.T, id string) (catalog.TaskType, catalog.Calendar) {
	t.Helper()
	cat, err := catalog.Default()
	require.NoError(t, err)
	tt, ok := cat.TaskType(id)
	require.True(t, ok, id)
	return tt, cat.Teams[tt.Team]
}

func TestRecurringSpecWeekly(t *testing.T) {
	tt, team := defaultType(t, "weekly-lifecycle-email-qa")
	spec, err := recurringSpec(tt, team)
	require.NoError(t, err)
	require.Equal(t, "America/New_York", spec.TimeZoneName)
	require.Equal(t, []client.ScheduleCalendarSpec{{
		Second: only(0), Minute: only(0), Hour: only(10),
		DayOfMonth: span(1, 31), Month: span(1, 12), DayOfWeek: only(int(time.Monday)),
		Comment: "every Monday at 10:00",
	}}, spec.Calendars)
	require.Len(t, spec.Skip, len(team.Holidays), "one skip per holiday")
	require.Equal(t, client.ScheduleCalendarSpec{
		Second: span(0, 59), Minute: span(0, 59), Hour: span(0, 23),
		DayOfMonth: only(25), Month: only(12), Year: only(2026), DayOfWeek: span(0, 6),
		Comment: "holiday 2026-12-25",
	}, spec.Skip[5], "Christmas, the whole day")
	require.Empty(t, spec.Intervals)
	require.Empty(t, spec.CronExpressions)
}

func TestRecurringSpecMonthly(t *testing.T) {
	tt, team := defaultType(t, "monthly-dashboard-refresh")
	spec, err := recurringSpec(tt, team)
	require.NoError(t, err)
	require.Equal(t, "Europe/London", spec.TimeZoneName)
	require.Equal(t, []client.ScheduleCalendarSpec{{
		Second: only(0), Minute: only(0), Hour: only(8),
		DayOfMonth: only(1), Month: span(1, 12), DayOfWeek: span(0, 6),
		Comment: "on day 1 of every month at 08:00",
	}}, spec.Calendars)
	require.Equal(t, []string{"holiday 2026-12-25", "holiday 2026-12-28", "holiday 2027-01-01"}, comments(spec.Skip))
}

func TestRecurringSpecNeedsACadence(t *testing.T) {
	tt, team := defaultType(t, "creative-stakeholder-review")
	_, err := recurringSpec(tt, team)
	require.EqualError(t, err, "task type creative-stakeholder-review has no recurs in the catalog")
}

func comments(cals []client.ScheduleCalendarSpec) []string {
	var out []string
	for _, c := range cals {
		out = append(out, c.Comment)
	}
	return out
}

// TestSkippedHolidays reads the spec the way Temporal does: the monthly refresh falls on
// 1 January, a holiday; 25 and 28 December are holidays but not days it runs.
func TestSkippedHolidays(t *testing.T) {
	tt, team := defaultType(t, "monthly-dashboard-refresh")
	spec, err := recurringSpec(tt, team)
	require.NoError(t, err)
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	from, to := time.Date(2026, 11, 25, 0, 0, 0, 0, london), time.Date(2027, 4, 1, 8, 0, 0, 0, london)
	require.Equal(t, []string{"Fri 1 Jan 2027"}, skippedHolidays(spec, from, to, london))
	require.Empty(t, skippedHolidays(spec, from, time.Date(2026, 12, 31, 0, 0, 0, 0, london), london), "1 January is after the window")

	weekly, team := defaultType(t, "weekly-lifecycle-email-qa")
	spec, err = recurringSpec(weekly, team)
	require.NoError(t, err)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	require.Equal(t, []string{"Mon 25 May 2026", "Mon 7 Sep 2026"},
		skippedHolidays(spec, time.Date(2026, 1, 1, 0, 0, 0, 0, ny), time.Date(2027, 2, 1, 0, 0, 0, 0, ny), ny),
		"Memorial Day and Labor Day fall on the QA's Monday; the other holidays do not")
}

func TestInRanges(t *testing.T) {
	require.True(t, inRanges(only(3), 3))
	require.False(t, inRanges(only(3), 4))
	require.True(t, inRanges([]client.ScheduleRange{{Start: 5}}, 5), "a missing end is the start")
	require.True(t, inRanges([]client.ScheduleRange{{Start: 1, End: 9, Step: 4}}, 9))
	require.False(t, inRanges([]client.ScheduleRange{{Start: 1, End: 9, Step: 4}}, 8))
	require.False(t, inRanges(nil, 0))
}

func TestRecurringSchedule(t *testing.T) {
	tt, team := defaultType(t, "weekly-lifecycle-email-qa")
	s, err := recurringSchedule(tt, team, catalog.DefaultIntakePolicy(), "lanes-tasks")
	require.NoError(t, err)
	a := s.Action.(*client.ScheduleWorkflowAction)
	want := workflows.TaskRequest{
		RequestID: "recur-weekly-lifecycle-email-qa", TaskType: "weekly-lifecycle-email-qa",
		Title:       "Weekly lifecycle email QA (recurring)",
		Description: "Started by schedule lanes-recur-weekly-lifecycle-email-qa, every Monday at 10:00 (America/New_York).",
		Requester:   "schedule",
		Triage:      &catalog.Triage{Method: "criticality", Tier: catalog.TierFull, Reason: "unscored; criticality 5 gets full service"},
	}
	require.Equal(t, []any{want}, a.Args)
	require.NoError(t, want.Validate(), "the request intake would accept")
	require.Equal(t, "task-recur-weekly-lifecycle-email-qa", a.ID)
	require.Equal(t, "lanes-tasks", a.TaskQueue)
	require.Equal(t, "Weekly lifecycle email QA: Weekly lifecycle email QA (recurring)", a.StaticSummary)
	for key, value := range map[temporal.SearchAttributeKeyKeyword]string{
		workflows.AttrTaskType: "weekly-lifecycle-email-qa", workflows.AttrTeam: "marketing-ops", workflows.AttrStage: "received",
		workflows.AttrServiceTier: "full",
	} {
		got, ok := a.TypedSearchAttributes.GetKeyword(key)
		require.True(t, ok, key.GetName())
		require.Equal(t, value, got, key.GetName())
	}
	// Type, team, stage and tier, and the rush flag and score intake always sets.
	require.Equal(t, 6, a.TypedSearchAttributes.Size())
	require.Equal(t, client.SchedulePolicies{Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL, CatchupWindow: 24 * time.Hour}, *s.Policy)
}

// asTemporalKeepsIt is a schedule as Describe gives it back: the request encoded with dc, lists left out given as empty.
func asTemporalKeepsIt(t *testing.T, dc converter.DataConverter, s client.Schedule) client.Schedule {
	t.Helper()
	spec := *s.Spec
	spec.Intervals, spec.CronExpressions = []client.ScheduleIntervalSpec{}, []string{}
	spec.Calendars = append([]client.ScheduleCalendarSpec(nil), spec.Calendars...)
	spec.Calendars[0].Year = []client.ScheduleRange{}
	action := *s.Action.(*client.ScheduleWorkflowAction)
	p, err := dc.ToPayload(action.Args[0])
	require.NoError(t, err)
	action.Args = []any{p}
	policy := *s.Policy
	return client.Schedule{Spec: &spec, Action: &action, Policy: &policy, State: &client.ScheduleState{Paused: true}}
}

func TestScheduleChanges(t *testing.T) {
	tt, team := defaultType(t, "weekly-lifecycle-email-qa")
	want, err := recurringSchedule(tt, team, catalog.DefaultIntakePolicy(), "lanes-tasks")
	require.NoError(t, err)
	plain := converter.GetDefaultDataConverter()
	require.Empty(t, scheduleChanges(plain, asTemporalKeepsIt(t, plain, want), want), "the same schedule, paused or not")

	tests := []struct {
		name   string
		change func(have *client.Schedule)
		want   []string
	}{
		{"a new holiday", func(h *client.Schedule) { h.Spec.Skip = h.Spec.Skip[1:] }, []string{"holidays"}},
		{"another hour", func(h *client.Schedule) { h.Spec.Calendars[0].Hour = only(9) }, []string{"cadence"}},
		{"another zone", func(h *client.Schedule) { h.Spec.TimeZoneName = "UTC" }, []string{"cadence"}},
		{"jitter added by hand", func(h *client.Schedule) { h.Spec.Jitter = time.Minute }, []string{"cadence"}},
		{"another queue", func(h *client.Schedule) { h.Action.(*client.ScheduleWorkflowAction).TaskQueue = "old-tasks" }, []string{"task"}},
		{"another title", func(h *client.Schedule) {
			p, err := converter.GetDefaultDataConverter().ToPayload(workflows.TaskRequest{RequestID: "recur-weekly-lifecycle-email-qa", Title: "QA"})
			require.NoError(t, err)
			h.Action.(*client.ScheduleWorkflowAction).Args = []any{p}
		}, []string{"task"}},
		{"a request that is not a payload", func(h *client.Schedule) { h.Action.(*client.ScheduleWorkflowAction).Args = []any{"x"} }, []string{"task"}},
		{"no search attributes", func(h *client.Schedule) {
			h.Action.(*client.ScheduleWorkflowAction).TypedSearchAttributes = temporal.SearchAttributes{}
		}, []string{"task"}},
		{"skip overlaps", func(h *client.Schedule) { h.Policy.Overlap = enumspb.SCHEDULE_OVERLAP_POLICY_SKIP }, []string{"overlap and catch-up"}},
		{"everything", func(h *client.Schedule) { *h = client.Schedule{} }, []string{"holidays", "cadence", "task", "overlap and catch-up"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			have := asTemporalKeepsIt(t, plain, want)
			tc.change(&have)
			require.Equal(t, tc.want, scheduleChanges(plain, have, want))
		})
	}
	_, isPayload := asTemporalKeepsIt(t, plain, want).Action.(*client.ScheduleWorkflowAction).Args[0].(*commonpb.Payload)
	require.True(t, isPayload, "the fixture encodes the request as Temporal does")
}

// The schedule door refuses a request the task would refuse on every run, naming its field.
func TestRecurringScheduleRefusesARequestTheTaskWould(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	tt, team := defaultType(t, "weekly-lifecycle-email-qa")
	tt.Name = strings.Repeat("n", workflows.MaxTitleLength)
	_, err = recurringSchedule(tt, team, cat.IntakePolicy(), "lanes-tasks")
	var fe *strictjson.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, strictjson.FieldError{Field: "title", Message: "212 characters is over 200", Fix: "move detail into description"}, *fe)
	require.ErrorContains(t, err, "task type weekly-lifecycle-email-qa: the task each run starts is refused: title: 212 characters is over 200; move detail into description")
}

// With payload keys, Temporal keeps the schedule's request encrypted: it is read with
// the keys, so an unchanged schedule is not updated on every create.
func TestScheduleChangesReadsAnEncryptedRequest(t *testing.T) {
	tt, team := defaultType(t, "weekly-lifecycle-email-qa")
	want, err := recurringSchedule(tt, team, catalog.DefaultIntakePolicy(), "lanes-tasks")
	require.NoError(t, err)
	keys, err := payloadcrypt.Parse("2026-q1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", payloadcrypt.EnvKeys)
	require.NoError(t, err)
	have := asTemporalKeepsIt(t, keys.DataConverter(), want)
	require.Empty(t, scheduleChanges(keys.DataConverter(), have, want))
	require.Equal(t, []string{"task"}, scheduleChanges(converter.GetDefaultDataConverter(), have, want), "unreadable without the keys")
}
