package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/intake"
)

const scheduleUsage = `usage: starter schedule COMMAND [flags]   (each command takes -h)
  create [--type TYPE]     create or update the schedule of each recurring task type (or one) from the catalog's cadence
  list                     each Lanes schedule: cadence, paused or not, next runs (holidays skipped), recent runs
  pause TYPE --note TEXT   stop starting tasks until unpause; the note says why
  unpause TYPE [--note]    start tasks on the cadence again
  trigger TYPE             start one task now, outside the cadence
  delete TYPE              remove the schedule; tasks it started go on (also removes one whose type no longer recurs)
Schedules are named lanes-recur-TYPE; each run is a task named task-recur-TYPE-<time of the run>.`

// scheduleAction says what an action on one type's schedule does, for its -h.
func scheduleAction(cmd string) string {
	switch cmd {
	case "pause":
		return "stop starting tasks until unpause; --note says why"
	case "unpause":
		return "start tasks on the cadence again"
	case "trigger":
		return "start one task now, outside the cadence"
	}
	return "remove the schedule; tasks it started go on"
}

// schedule runs `starter schedule COMMAND`: the Temporal Schedules that start recurring work.
func (e *env) schedule(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		_, err := fmt.Fprintln(e.out, scheduleUsage)
		return err
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "create":
		return e.scheduleCreate(ctx, rest)
	case "list":
		return e.scheduleList(ctx, rest)
	case "pause", "unpause", "trigger", "delete":
		return e.scheduleAct(ctx, cmd, rest)
	default:
		return fmt.Errorf("schedule: unknown command %q\n%s", cmd, scheduleUsage)
	}
}

// recurringTypes lists the catalog's task types that have a cadence, sorted.
func (e *env) recurringTypes() []string {
	var ids []string
	for _, id := range e.catalog.IDs() {
		if t, _ := e.catalog.TaskType(id); t.Recurs != nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// notRecurring is the error for a type without a cadence, naming those that have one.
func (e *env) notRecurring(flagName, taskType string) error {
	return fmt.Errorf("%s: %q has no recurs in catalog %s; use one of %s, or add a cadence to the type",
		flagName, taskType, e.catalog.Ref(), strings.Join(e.recurringTypes(), ", "))
}

func (e *env) scheduleCreate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("schedule create", flag.ContinueOnError)
	fs.SetOutput(e.out)
	only := fs.String("type", "", "one recurring task type (default: every type with a cadence)")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	types := e.recurringTypes()
	if *only != "" {
		if t, ok := e.catalog.TaskType(*only); !ok || t.Recurs == nil {
			return e.notRecurring("--type", *only)
		}
		types = []string{*only}
	}
	if len(types) == 0 {
		return fmt.Errorf("catalog %s: no task type has recurs; add a cadence, like \"recurs\": {\"every\": \"week\", \"on\": \"mon\", \"at\": \"10:00\"}", e.catalog.Ref())
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	for _, id := range types {
		t, _ := e.catalog.TaskType(id)
		team := e.catalog.Teams[t.Team]
		want, err := recurringSchedule(t, team, e.catalog.IntakePolicy(), in.TaskQueue)
		if err != nil {
			return err
		}
		outcome, err := ensureSchedule(ctx, in.Temporal, e.conn.DataConverter(), intake.RecurringScheduleID(id), want)
		if err != nil {
			return fmt.Errorf("schedule %s: %w", intake.RecurringScheduleID(id), err)
		}
		fmt.Fprintf(e.out, "%s %s: %s %s, skipping %d holidays of %s.\n", intake.RecurringScheduleID(id), outcome, t.Recurs, team.TimeZone, len(want.Spec.Skip), t.Team)
	}
	return nil
}

// ensureSchedule makes a schedule what the catalog asks for and says how: "created",
// "updated (what changed)" or "unchanged". An update keeps the schedule paused or running as it was.
// dc is c's converter, which reads the arguments Temporal keeps.
func ensureSchedule(ctx context.Context, c client.Client, dc converter.DataConverter, id string, want client.Schedule) (string, error) {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: id, Spec: *want.Spec, Action: want.Action,
		Overlap: want.Policy.Overlap, CatchupWindow: want.Policy.CatchupWindow,
	})
	if err == nil {
		return "created", nil
	}
	if !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return "", fmt.Errorf("create: %w", err)
	}
	var changes []string
	err = c.ScheduleClient().GetHandle(ctx, id).Update(ctx, client.ScheduleUpdateOptions{
		DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			have := in.Description.Schedule
			if changes = scheduleChanges(dc, have, want); len(changes) == 0 {
				return nil, temporal.ErrSkipScheduleUpdate
			}
			return &client.ScheduleUpdate{Schedule: &client.Schedule{Spec: want.Spec, Action: want.Action, Policy: want.Policy, State: have.State}}, nil
		},
	})
	switch {
	case err != nil:
		return "", fmt.Errorf("update: %w", err)
	case len(changes) == 0:
		return "unchanged", nil
	}
	return fmt.Sprintf("updated (%s)", strings.Join(changes, ", ")), nil
}

// scheduleAct pauses, unpauses, triggers or deletes one type's schedule: `starter schedule pause TYPE --note "…"`.
func (e *env) scheduleAct(ctx context.Context, cmd string, args []string) error {
	fs := flag.NewFlagSet("schedule "+cmd, flag.ContinueOnError)
	fs.SetOutput(e.out)
	fs.Usage = func() {
		fmt.Fprintf(e.out, "usage: starter schedule %s TYPE [flags]\n  %s\n  recurring types: %s\n", cmd, scheduleAction(cmd), strings.Join(e.recurringTypes(), ", "))
		fs.PrintDefaults()
	}
	var note *string
	switch cmd {
	case "pause":
		note = fs.String("note", "", "why it is paused, shown by list (required)")
	case "unpause":
		note = fs.String("note", "", "why it runs again")
	}
	var taskType string
	if err := parseTaskFirst(fs, &taskType, args); err != nil {
		return err
	}
	t, known := e.catalog.TaskType(taskType)
	recurring := known && t.Recurs != nil
	switch {
	case taskType == "":
		return fmt.Errorf("schedule %s: name the task type first, as in starter schedule %s TYPE; the recurring types are %s", cmd, cmd, strings.Join(e.recurringTypes(), ", "))
	case cmd == "pause" && strings.TrimSpace(*note) == "":
		return errors.New(`--note: required; say why the schedule is paused, like --note "holiday send freeze"`)
	case !recurring && cmd != "delete":
		return e.notRecurring("type", taskType)
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	id := intake.RecurringScheduleID(taskType)
	h := in.Temporal.ScheduleClient().GetHandle(ctx, id)
	var done string
	switch cmd {
	case "pause":
		done, err = "paused: "+*note, h.Pause(ctx, client.SchedulePauseOptions{Note: *note})
	case "unpause":
		done, err = "runs on its cadence again", h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: *note})
	case "trigger":
		done, err = "triggered: a task starts now, named "+recurringTaskPrefix(taskType)+"-<time>; starter schedule list shows it under recent runs", h.Trigger(ctx, client.ScheduleTriggerOptions{})
	case "delete":
		done, err = "deleted; the tasks it started go on", h.Delete(ctx)
	}
	var missing *serviceerror.NotFound
	switch {
	case errors.As(err, &missing) && !recurring:
		return e.notRecurring("type", taskType)
	case errors.As(err, &missing):
		return fmt.Errorf("schedule %s does not exist; create it with starter schedule create --type %s", id, taskType)
	case err != nil:
		return fmt.Errorf("%s schedule %s: %w", cmd, id, err)
	}
	_, err = fmt.Fprintf(e.out, "%s %s.\n", id, done)
	return err
}
