package main

import (
	"fmt"
	"reflect"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// recurringCatchupWindow is how late Temporal may still start a run it missed
// while it was down. It is shorter than the shortest cadence (a week), so an
// outage of any length starts at most one late run, never a pile of stale ones.
const recurringCatchupWindow = 24 * time.Hour

// recurringTaskPrefix starts the workflow ID of each run of a type's schedule; Temporal
// appends the time of the run, as in task-recur-weekly-lifecycle-email-qa-2026-11-30T15:00:00Z.
func recurringTaskPrefix(taskType string) string {
	return workflows.TaskWorkflowID(recurringRequestID(taskType))
}

// recurringRequestID is the request ID every run of a type's schedule carries.
func recurringRequestID(taskType string) string {
	return "recur-" + taskType
}

// recurringSpec is when a recurring type's schedule starts a task: its cadence, read
// in its team's time zone, minus each holiday on the team's calendar, whole days.
// Every field of each calendar is spelt out, so Temporal gives the spec back as written
// and a later create can tell whether the catalog changed.
func recurringSpec(t catalog.TaskType, team catalog.Calendar) (client.ScheduleSpec, error) {
	r := t.Recurs
	if r == nil {
		return client.ScheduleSpec{}, fmt.Errorf("task type %s has no recurs in the catalog", t.ID)
	}
	hour, minute := r.Clock()
	run := client.ScheduleCalendarSpec{
		Second: only(0), Minute: only(minute), Hour: only(hour),
		DayOfMonth: span(1, 31), Month: span(1, 12), DayOfWeek: span(0, 6),
		Comment: r.String(),
	}
	if r.Every == catalog.EveryWeek {
		run.DayOfWeek = only(int(r.Weekday()))
	} else {
		run.DayOfMonth = only(r.Day)
	}
	spec := client.ScheduleSpec{Calendars: []client.ScheduleCalendarSpec{run}, TimeZoneName: team.TimeZone}
	for _, h := range team.Holidays {
		day, err := time.Parse(time.DateOnly, h)
		if err != nil {
			return client.ScheduleSpec{}, fmt.Errorf("holiday %q: not a date; use YYYY-MM-DD", h)
		}
		spec.Skip = append(spec.Skip, client.ScheduleCalendarSpec{
			Second: span(0, 59), Minute: span(0, 59), Hour: span(0, 23),
			DayOfMonth: only(day.Day()), Month: only(int(day.Month())), Year: only(day.Year()), DayOfWeek: span(0, 6),
			Comment: "holiday " + h,
		})
	}
	return spec, nil
}

func only(v int) []client.ScheduleRange { return []client.ScheduleRange{{Start: v, End: v, Step: 1}} }

func span(from, to int) []client.ScheduleRange {
	return []client.ScheduleRange{{Start: from, End: to, Step: 1}}
}

// recurringRequest is the task every run starts, triaged as intake triages an
// unscored request. It is the same each time: Temporal appends the run's time to
// the workflow ID, so each run is its own task, started once.
func recurringRequest(t catalog.TaskType, team catalog.Calendar, policy catalog.IntakePolicy) workflows.TaskRequest {
	triage := policy.Triage(nil, nil, t.Scores)
	return workflows.TaskRequest{
		RequestID:   recurringRequestID(t.ID),
		TaskType:    t.ID,
		Title:       t.Name + " (recurring)",
		Description: fmt.Sprintf("Started by schedule %s, %s (%s).", intake.RecurringScheduleID(t.ID), t.Recurs, team.TimeZone),
		Requester:   catalog.ScheduleRequester,
		Triage:      &triage,
	}
}

// recurringSchedule is the schedule the catalog asks for a recurring type: its spec,
// and an ordinary task started as intake starts one, on the queue tasks run on.
// Runs may overlap: a task still open must not stop the next one from starting.
func recurringSchedule(t catalog.TaskType, team catalog.Calendar, policy catalog.IntakePolicy, taskQueue string) (client.Schedule, error) {
	spec, err := recurringSpec(t, team)
	if err != nil {
		return client.Schedule{}, err
	}
	req := recurringRequest(t, team, policy)
	if err := req.Validate(); err != nil {
		// The task would refuse every run; the catalog entry it comes from is what to fix.
		return client.Schedule{}, fmt.Errorf("task type %s: the task each run starts is refused: %w", t.ID, err)
	}
	start := intake.StartOptions(req, t, taskQueue)
	return client.Schedule{
		Spec: &spec,
		Action: &client.ScheduleWorkflowAction{
			ID: start.ID, Workflow: workflows.CampaignTaskWorkflow, Args: []any{req}, TaskQueue: start.TaskQueue,
			TypedSearchAttributes: start.TypedSearchAttributes, StaticSummary: start.StaticSummary, StaticDetails: start.StaticDetails,
		},
		Policy: &client.SchedulePolicies{Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL, CatchupWindow: recurringCatchupWindow},
	}, nil
}

// scheduleChanges names what differs between the schedule Temporal keeps and the one
// the catalog asks for; none means it is up to date. Paused or not is ops' choice, not the catalog's.
// dc reads the task request Temporal keeps, encrypted when payload keys are set.
func scheduleChanges(dc converter.DataConverter, have, want client.Schedule) []string {
	var changes []string
	if have.Spec == nil || !sameText(have.Spec.Skip, want.Spec.Skip) {
		changes = append(changes, "holidays")
	}
	if have.Spec == nil || !sameText(withoutSkip(*have.Spec), withoutSkip(*want.Spec)) {
		changes = append(changes, "cadence")
	}
	haveTask, ok := have.Action.(*client.ScheduleWorkflowAction)
	if !ok || !sameTask(dc, haveTask, want.Action.(*client.ScheduleWorkflowAction)) {
		changes = append(changes, "task")
	}
	if have.Policy == nil || *have.Policy != *want.Policy {
		changes = append(changes, "overlap and catch-up")
	}
	return changes
}

// sameText compares values as they print, so a list Temporal gives back empty
// equals the same list left out (both print as []).
func sameText(a, b any) bool {
	return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b)
}

func withoutSkip(s client.ScheduleSpec) client.ScheduleSpec {
	s.Skip = nil
	return s
}

// sameTask says whether a schedule starts the task the catalog asks for. Temporal
// gives the request back encoded, so it is decoded with dc before comparing.
func sameTask(dc converter.DataConverter, have, want *client.ScheduleWorkflowAction) bool {
	if have.ID != want.ID || have.TaskQueue != want.TaskQueue || len(have.Args) != 1 ||
		have.StaticSummary != want.StaticSummary || have.StaticDetails != want.StaticDetails {
		return false
	}
	var req workflows.TaskRequest
	p, ok := have.Args[0].(*commonpb.Payload)
	if !ok || dc.FromPayload(p, &req) != nil || !reflect.DeepEqual(req, want.Args[0]) {
		return false
	}
	return sameText(have.TypedSearchAttributes.GetUntypedValues(), want.TypedSearchAttributes.GetUntypedValues())
}

// skippedHolidays are the days from from to to on which the spec's cadence falls but
// a holiday skips it: the runs ops will see missing from the next runs, and why.
func skippedHolidays(spec client.ScheduleSpec, from, to time.Time, loc *time.Location) []string {
	var out []string
	for _, skip := range spec.Skip {
		if len(skip.Year) == 0 || len(skip.Month) == 0 || len(skip.DayOfMonth) == 0 {
			continue
		}
		day := time.Date(skip.Year[0].Start, time.Month(skip.Month[0].Start), skip.DayOfMonth[0].Start, 12, 0, 0, 0, loc)
		if day.Before(from) || day.After(to) {
			continue
		}
		for _, run := range spec.Calendars {
			if inRanges(run.Month, int(day.Month())) && inRanges(run.DayOfMonth, day.Day()) && inRanges(run.DayOfWeek, int(day.Weekday())) {
				out = append(out, day.Format("Mon 2 Jan 2006"))
				break
			}
		}
	}
	return out
}

// inRanges says whether v is in one of the ranges, read as Temporal reads them: a
// missing end is the start, a missing step is 1.
func inRanges(ranges []client.ScheduleRange, v int) bool {
	for _, r := range ranges {
		end, step := max(r.End, r.Start), max(r.Step, 1)
		if v >= r.Start && v <= end && (v-r.Start)%step == 0 {
			return true
		}
	}
	return false
}
