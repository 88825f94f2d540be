package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// personUsage is the --person flag's help, read after "required; " in its error.
const personUsage = "name the person by ID, like --person lena (starter roster TEAM lists them)"

func (e *env) rosterJoin(ctx context.Context, team string, args []string) error {
	c := e.changeFlags(team, workflows.UpdateJoin)
	pf := addPersonFlags(c.fs)
	if err := c.parse(args); err != nil {
		return err
	}
	p, err := pf.person(c.fs, e.stdin)
	if err != nil {
		return err
	}
	done := fmt.Sprintf("%s joined %s: %s, %sh a week, skills %s%s (by %s).",
		p.ID, team, p.Seniority, hours(p.WeeklyHours), strings.Join(p.Skills, ", "), sharesNote(p.Allocations), *c.actor)
	return changeRoster(ctx, e, c, team, workflows.JoinUpdate{Actor: *c.actor, Person: p}, done)
}

func (e *env) rosterLeave(ctx context.Context, team string, args []string) error {
	c := e.changeFlags(team, workflows.UpdateLeave)
	person := c.fs.String("person", "", personUsage)
	if err := c.parse(args, "person"); err != nil {
		return err
	}
	done := fmt.Sprintf("%s left %s (by %s).", *person, team, *c.actor)
	return changeRoster(ctx, e, c, team, workflows.LeaveUpdate{Actor: *c.actor, Person: *person}, done)
}

func (e *env) rosterOutOfOffice(ctx context.Context, team string, args []string) error {
	c := e.changeFlags(team, workflows.UpdateOutOfOffice)
	person := c.fs.String("person", "", personUsage)
	from := c.fs.String("from", "", "first day or time away, like 2026-12-21 (default now)")
	back := c.fs.String("back", "", "first day or time back, like 2027-01-04 (default: until back-in-office)")
	if err := c.parse(args, "person"); err != nil {
		return err
	}
	if err := checkWhen("from", *from); err != nil {
		return err
	}
	if err := checkWhen("back", *back); err != nil {
		return err
	}
	span := "now"
	if *from != "" {
		span = "from " + *from
	}
	if *back != "" {
		span += ", back " + *back
	} else {
		span += " until back-in-office"
	}
	done := fmt.Sprintf("%s is out of office %s (by %s).", *person, span, *c.actor)
	return changeRoster(ctx, e, c, team, workflows.OutOfOfficeUpdate{Actor: *c.actor, Person: *person, From: *from, Back: *back}, done)
}

func (e *env) rosterBackInOffice(ctx context.Context, team string, args []string) error {
	c := e.changeFlags(team, workflows.UpdateBackInOffice)
	person := c.fs.String("person", "", personUsage)
	if err := c.parse(args, "person"); err != nil {
		return err
	}
	done := fmt.Sprintf("%s is back in office (by %s).", *person, *c.actor)
	return changeRoster(ctx, e, c, team, workflows.BackInOfficeUpdate{Actor: *c.actor, Person: *person}, done)
}

func (e *env) rosterChangeHours(ctx context.Context, team string, args []string) error {
	c := e.changeFlags(team, workflows.UpdateChangeHours)
	person := c.fs.String("person", "", personUsage)
	weekly := c.fs.Float64("weekly-hours", 0, "give the hours a week left after meetings and overhead, like --weekly-hours 32")
	allocations := c.fs.String("allocations", "", "percent per allocation summing to 100, like "+sharesExample+" (default: unchanged)")
	if err := c.parse(args, "person", "weekly-hours"); err != nil {
		return err
	}
	shares, err := parseShares(*allocations)
	if err != nil {
		return err
	}
	done := fmt.Sprintf("%s now works %sh a week%s (by %s).", *person, hours(*weekly), sharesNote(shares), *c.actor)
	return changeRoster(ctx, e, c, team, workflows.ChangeHoursUpdate{Actor: *c.actor, Person: *person, WeeklyHours: *weekly, Allocations: shares}, done)
}

// changeRoster runs one update, says what changed and which tasks moved, and shows the roster after it.
func changeRoster[T intake.RosterUpdate](ctx context.Context, e *env, c changeFlags, team string, update T, done string) error {
	in, closeClient, err := e.dial(ctx)
	if err != nil {
		return err
	}
	defer closeClient()
	wctx, cancel := context.WithTimeout(ctx, *c.wait)
	defer cancel()
	change, err := intake.ChangeRoster(wctx, in, team, update)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.out, done)
	e.printNotices(change.Notices)
	st, err := in.Roster(wctx, team)
	if err != nil {
		return fmt.Errorf("the change was made, but reading the roster after it failed: %w", err)
	}
	e.printRoster(st)
	return nil
}

// printNotices lists the tasks a change moved: to whom, or where in the queue they wait.
func (e *env) printNotices(notices []roster.Notice) {
	if len(notices) == 0 {
		fmt.Fprintln(e.out, "No tasks moved.")
		return
	}
	fmt.Fprintln(e.out, "Tasks moved:")
	for _, n := range notices {
		where := "to " + n.Person
		if n.Person == "" {
			where = fmt.Sprintf("waits in the queue at place %d", n.Position)
		}
		fmt.Fprintf(e.out, "  %s %s (%s, %sh): %s\n", n.TaskID, where, n.Allocation, hours(n.Hours), n.Reason)
	}
}

// sharesNote spells out allocation shares in the order people read them; empty when none are given.
func sharesNote(s roster.Shares) string {
	if len(s) == 0 {
		return ""
	}
	var parts []string
	for _, a := range catalog.Allocations() {
		if pct, ok := s[a]; ok {
			parts = append(parts, fmt.Sprintf("%s %d%%", a, pct))
		}
	}
	return ", shares " + strings.Join(parts, ", ")
}
