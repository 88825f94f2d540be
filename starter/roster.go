package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"
)

const rosterUsage = `usage: starter roster TEAM [COMMAND] [flags]   (each command takes -h)
  (none)          show the team's people, load, open tasks and queue (--json for the raw state)
  join            add a person: --person-file FILE, or --id --name --seniority --skills --weekly-hours [--allocations]
  leave           take a person off the team: --person ID
  out-of-office   record time off: --person ID [--from DATE] [--back DATE]
  back-in-office  end a person's time off now: --person ID
  change-hours    change weekly hours and shares: --person ID --weekly-hours N [--allocations]
Every change takes --actor (who makes it) and --wait (how long to wait for the roster's answer).`

// roster shows a team's roster or changes it: `starter roster TEAM [COMMAND] [flags]`.
// The team is checked against the catalog before anything is dialled.
func (e *env) roster(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		_, err := fmt.Fprintln(e.out, rosterUsage)
		return err
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("roster: name the team first, as in starter roster TEAM [COMMAND]; the catalog's teams are %s", strings.Join(e.teams(), ", "))
	}
	team, rest := args[0], args[1:]
	if _, ok := e.catalog.Teams[team]; !ok {
		return fmt.Errorf("roster: %q is not a team in catalog %s; use one of %s", team, e.catalog.Ref(), strings.Join(e.teams(), ", "))
	}
	if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
		return e.showRoster(ctx, team, rest)
	}
	cmd, flags := rest[0], rest[1:]
	switch cmd {
	case "join":
		return e.rosterJoin(ctx, team, flags)
	case "leave":
		return e.rosterLeave(ctx, team, flags)
	case "out-of-office":
		return e.rosterOutOfOffice(ctx, team, flags)
	case "back-in-office":
		return e.rosterBackInOffice(ctx, team, flags)
	case "change-hours":
		return e.rosterChangeHours(ctx, team, flags)
	default:
		return fmt.Errorf("roster %s: unknown command %q\n%s", team, cmd, rosterUsage)
	}
}

// teams lists the catalog's teams, sorted.
func (e *env) teams() []string {
	names := make([]string, 0, len(e.catalog.Teams))
	for name := range e.catalog.Teams {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (e *env) showRoster(ctx context.Context, team string, args []string) error {
	fs := flag.NewFlagSet("roster "+team, flag.ContinueOnError)
	fs.SetOutput(e.out)
	asJSON := fs.Bool("json", false, "print the roster's raw state as JSON")
	wait := fs.Duration("wait", 15*time.Second, "how long to wait for the roster's answer")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	qctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	st, err := in.Roster(qctx, team)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w (is the worker running?)", err)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return e.printJSON(st)
	}
	e.printRoster(st)
	return nil
}

// changeFlags are the flags every roster change shares.
type changeFlags struct {
	fs    *flag.FlagSet
	actor *string
	wait  *time.Duration
}

func (e *env) changeFlags(team, name string) changeFlags {
	fs := flag.NewFlagSet("roster "+team+" "+name, flag.ContinueOnError)
	fs.SetOutput(e.out)
	return changeFlags{
		fs:    fs,
		actor: fs.String("actor", "", "who makes the change (required; the roster logs it)"),
		wait:  fs.Duration("wait", 15*time.Second, "how long to wait for the roster's answer"),
	}
}

// parse parses the flags, refuses leftovers and requires --actor and each named flag.
func (c changeFlags) parse(args []string, required ...string) error {
	if err := parseAll(c.fs, args); err != nil {
		return err
	}
	if *c.actor == "" {
		return errors.New("--actor: required; say who makes the change, e.g. --actor maya")
	}
	set := setFlags(c.fs)
	for _, name := range required {
		if f := c.fs.Lookup(name); !set[name] || f.Value.String() == "" {
			return fmt.Errorf("--%s: required; %s", name, c.fs.Lookup(name).Usage)
		}
	}
	return nil
}

// setFlags names the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
