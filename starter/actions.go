package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// actionFlags are the flags every human action shares.
type actionFlags struct {
	fs    *flag.FlagSet
	task  *string
	actor *string
	wait  *time.Duration
}

func (e *env) actionFlags(name string) actionFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.out)
	a := actionFlags{
		fs:    fs,
		task:  fs.String("task", "", "task ID, as submit printed it (task-…); may also come first, before the flags"),
		actor: fs.String("as", "", "who acts (required; the task checks it)"),
		wait:  fs.Duration("wait", 15*time.Second, "how long to wait for the task's answer"),
	}
	fs.StringVar(a.actor, "actor", "", "same as --as")
	return a
}

// parseAll parses flags and refuses leftovers, which usually mean an unquoted value.
func parseAll(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; quote values with spaces, like --title \"Review spring banner\"", fs.Arg(0))
	}
	return nil
}

// parseTaskFirst parses flags that may follow a task ID, as in `starter status task-42 --json`.
func parseTaskFirst(fs *flag.FlagSet, task *string, args []string) error {
	var first string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		first, args = args[0], args[1:]
	}
	if err := parseAll(fs, args); err != nil {
		return err
	}
	if first != "" {
		if *task != "" && *task != first {
			return fmt.Errorf("--task: %q differs from the task %q given first; name the task once", *task, first)
		}
		*task = first
	}
	return nil
}

// parse reads the flags; the task ID may come first, as in `starter complete task-42 --as bob`.
func (a actionFlags) parse(args []string) error {
	if err := parseTaskFirst(a.fs, a.task, args); err != nil {
		return err
	}
	switch {
	case *a.task == "":
		return errors.New("--task: required; the task ID submit printed (task-…)")
	case *a.actor == "":
		return errors.New("--as: required; say who acts, e.g. --as alice")
	}
	return nil
}

func (e *env) acknowledge(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalAcknowledge)
	note := a.fs.String("note", "", "a note")
	if err := a.parse(args); err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalAcknowledge, workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Note: *note})
}

// acknowledgeEscalation takes the task's climbing escalation; the task's status names it.
func (e *env) acknowledgeEscalation(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalEscalationAck)
	note := a.fs.String("note", "", "a note")
	if err := a.parse(args); err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalEscalationAck, workflows.EscalationAckSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Note: *note})
}

func (e *env) complete(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalComplete)
	outcome := a.fs.String("outcome", workflows.OutcomeResolved, "resolved, declined or duplicate")
	note := a.fs.String("note", "", "what was done")
	took := a.fs.Float64("hours", 0, "the hours the work took, like 1.5 (default: the working time since you were assigned)")
	if err := a.parse(args); err != nil {
		return err
	}
	if !(*took >= 0) {
		return fmt.Errorf("--hours: %g is not a number of hours; give the time the work took, like --hours 1.5", *took)
	}
	return sendAction(ctx, e, a, workflows.SignalComplete, workflows.CompleteSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Outcome: *outcome, Note: *note, Hours: *took})
}

func (e *env) handBack(ctx context.Context, args []string) error {
	a := e.actionFlags(workflows.SignalHandBack)
	reason := a.fs.String("reason", "", "why it goes back")
	if err := a.parse(args); err != nil {
		return err
	}
	return sendAction(ctx, e, a, workflows.SignalHandBack, workflows.HandBackSignal{ActionHeader: workflows.ActionHeader{SignalID: intake.NewSignalID(), Actor: *a.actor}, Reason: *reason})
}

// sendAction signals the task and reports its answer: accepted, or rejected and why.
// A signal the task would refuse for its form, such as a note over its limit, is
// refused here, before anything is dialled or sent.
func sendAction[T workflows.HumanSignal](ctx context.Context, e *env, a actionFlags, name string, signal T) error {
	if err := workflows.CheckSignal(signal); err != nil {
		return err
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	return deliver(ctx, e, in, a, name, signal)
}

// deliver signals the task on a client already dialled and reports its answer.
func deliver[T workflows.HumanSignal](ctx context.Context, e *env, in *intake.Client, a actionFlags, name string, signal T) error {
	wctx, cancel := context.WithTimeout(ctx, *a.wait)
	defer cancel()
	rec, err := intake.Send(wctx, in, *a.task, name, signal)
	if err != nil {
		return err
	}
	if !rec.Accepted {
		return fmt.Errorf("%s %s was rejected: %s", *a.task, name, rec.Reason)
	}
	fmt.Fprintf(e.out, "%s: %s by %s accepted.\n", *a.task, name, rec.Actor)
	st, err := in.Status(ctx, *a.task)
	if err != nil {
		return err
	}
	e.printSummary(st)
	return nil
}

func (e *env) status(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(e.out)
	task := fs.String("task", "", "task ID, as submit printed it (task-…); may also come first, before the flags")
	asJSON := fs.Bool("json", false, "print the full state as JSON")
	if err := parseTaskFirst(fs, task, args); err != nil {
		return err
	}
	if *task == "" {
		return errors.New("--task: required; the task ID submit printed (task-…)")
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	st, err := in.Status(ctx, *task)
	if err != nil {
		return err
	}
	if *asJSON {
		return e.printJSON(st)
	}
	e.printSummary(st)
	e.printSignals(st)
	return nil
}
