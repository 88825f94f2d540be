package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
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

func (e *env) actionFlags(action workflows.Action) actionFlags {
	fs := flag.NewFlagSet(action.Name, flag.ContinueOnError)
	fs.SetOutput(e.out)
	a := actionFlags{
		fs:    fs,
		task:  fs.String("task", "", "task ID, as submit printed it (task-…); may also come first, before the flags"),
		actor: fs.String("as", "", "who acts (required; the task checks it): "+action.Who),
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

// act runs the command of one of the actions in workflows.Actions: its flags are the
// action's fields, and its message is built and checked as the task will check it
// before anything is dialled or sent.
func (e *env) act(ctx context.Context, action workflows.Action, args []string) error {
	a := e.actionFlags(action)
	values := map[string]*string{}
	for _, f := range action.Fields {
		values[f.Name] = fieldFlag(a.fs, f)
	}
	if err := a.parse(args); err != nil {
		return err
	}
	body := map[string]any{"signalId": intake.NewSignalID(), "actor": *a.actor}
	for _, f := range action.Fields {
		v, err := fieldValue(f, *values[f.Name])
		if err != nil {
			return err
		}
		if v != nil {
			body[f.Name] = v
		}
	}
	signal, err := buildSignal(action, body)
	if err != nil {
		return err
	}
	if action.Name == workflows.SignalReassign {
		return e.reassign(ctx, a, signal, *values["to"])
	}
	return sendAction(ctx, e, a, action.Name, signal)
}

// fieldFlag defines the flag of an action's field; a number's is checked as it is parsed.
func fieldFlag(fs *flag.FlagSet, f workflows.ActionField) *string {
	help := f.Help
	if f.Required {
		help += " (required)"
	}
	text := new(string)
	if f.Kind != workflows.NumberField {
		fs.StringVar(text, f.Name, f.Default, help)
		return text
	}
	fs.Func(f.Name, help, func(s string) error {
		*text = s
		_, err := strconv.ParseFloat(s, 64)
		return err
	})
	return text
}

// fieldValue reads a flag's text as its field's JSON value; nil leaves the field out.
func fieldValue(f workflows.ActionField, text string) (any, error) {
	switch {
	case text == "" && f.Required:
		return nil, fmt.Errorf("--%s: required; %s", f.Name, f.Fix)
	case text == "":
		return nil, nil
	case f.Kind == workflows.NumberField:
		n, _ := strconv.ParseFloat(text, 64) // parsed with the flags
		if !(n >= 0) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("--%s: %g is not a number of %s; %s", f.Name, n, f.Name, f.Fix)
		}
		return n, nil
	case f.Kind == workflows.ScoresField:
		return parseScores(text)
	}
	return text, nil
}

// buildSignal makes the action's message from its fields' values and checks it.
func buildSignal(action workflows.Action, body map[string]any) (workflows.HumanSignal, error) {
	signal := action.New()
	data, _ := json.Marshal(body) // texts, finite numbers and scores always encode
	if err := json.Unmarshal(data, signal); err != nil {
		return nil, fmt.Errorf("%s: a field's kind in workflows.Actions does not fit its message: %w", action.Name, err)
	}
	return signal, workflows.CheckSignal(signal)
}

// sendAction signals the task and reports its answer: accepted, or rejected and why.
func sendAction(ctx context.Context, e *env, a actionFlags, name string, signal workflows.HumanSignal) error {
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	return deliver(ctx, e, in, a, name, signal)
}

// deliver signals the task on a client already dialled and reports its answer.
func deliver(ctx context.Context, e *env, in *intake.Client, a actionFlags, name string, signal workflows.HumanSignal) error {
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
