package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// Scope is what a report covers: the ledger's period and filter, the zone its
// days and weeks are counted in, and the moment it is made.
type Scope struct {
	Period ledger.Period
	Zone   *time.Location
	Filter ledger.Filter
	// At is now: the live figures are read at it, and the forecast starts after it.
	At time.Time
}

func (s Scope) report(name string) *Report {
	return &Report{Name: name, Team: s.Filter.Team, From: s.Period.From, To: s.Period.To, Zone: s.Zone, At: s.At}
}

// Flow is the flow report (DOMAIN.md §9 and §11): how long work took, how often
// its SLAs held, how much automation closed, the weeks' throughput and backlog,
// the breaches, how work moved and climbed, and which automations fail.
func Flow(ctx context.Context, store *ledger.Store, s Scope) (*Report, error) {
	r := s.report("flow")
	steps := []func(context.Context, *ledger.Store, Scope) (Table, error){
		flowTimes, slaAttainment, automationRates, weeklyFlow, breaches, handling, exceptions,
	}
	for _, step := range steps {
		t, err := step(ctx, store, s)
		if err != nil {
			return nil, fmt.Errorf("flow report: %w", err)
		}
		r.Tables = append(r.Tables, t)
	}
	return r, nil
}

func flowTimes(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.FlowTimes(ctx, s.Period, s.Filter)
	t := Table{
		Name: "flow_times", Title: "Cycle, queue and response times by task type and lane (p50 and p90; paused time beside, not subtracted)",
		Empty: "no task completed in the period",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("lane", "LANE", Text), col("completed", "COMPLETED", Count),
			col("cycle_p50_minutes", "CYCLE P50", Duration), col("cycle_p90_minutes", "CYCLE P90", Duration),
			col("queue_p50_minutes", "QUEUE P50", Duration), col("queue_p90_minutes", "QUEUE P90", Duration),
			col("response_p50_minutes", "RESPONSE P50", Duration), col("response_p90_minutes", "RESPONSE P90", Duration),
			col("paused_p50_minutes", "PAUSED P50", Duration), col("paused_p90_minutes", "PAUSED P90", Duration),
		},
	}
	for _, f := range rows {
		t.add(f.TaskType, string(f.Lane), f.Cycle.Count, f.Cycle.P50, f.Cycle.P90, f.Queue.P50, f.Queue.P90,
			f.Response.P50, f.Response.P90, f.Paused.P50, f.Paused.P90)
	}
	return t, err
}

func slaAttainment(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.SLAAttainment(ctx, s.Period, s.Filter)
	t := Table{
		Name: "sla_attainment", Title: "SLA attainment by task type, team and clock: met ÷ (met + breached), over the clocks that ended in the period",
		Empty: "no SLA clock ended in the period",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("team", "TEAM", Text), col("clock", "CLOCK", Text),
			col("met", "MET", Count), col("breached", "BREACHED", Count), col("attainment", "ATTAINMENT", Share),
		},
	}
	for _, a := range rows {
		t.add(a.TaskType, a.Team, a.Clock, a.Met, a.Breached, a.Attainment())
	}
	return t, err
}

func automationRates(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.AutomationRates(ctx, s.Period, s.Filter)
	t := automationTable()
	for _, a := range rows {
		t.add(a.TaskType, a.Team, a.Completed, a.ByAutomation, a.Rate(), a.ManualMinutesSaved)
	}
	return t, err
}

func automationTable() Table {
	return Table{
		Name: "automation", Title: "Automation rate (closed by automation with no person's work step ÷ completed) and manual minutes saved",
		Empty: "no task completed in the period",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("team", "TEAM", Text), col("completed", "COMPLETED", Count),
			col("by_automation", "BY AUTOMATION", Count), col("automation_rate", "RATE", Share),
			col("manual_minutes_saved", "MINUTES SAVED", Count),
		},
	}
}

func weeklyFlow(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.WeeklyFlow(ctx, s.Period, s.Zone, s.Filter)
	t := Table{
		Name: "weekly_flow", Title: "Throughput (tasks completed) and backlog (tasks open at the week's end) per ISO week",
		Empty: "no week in the period",
		Columns: []Column{
			col("week_start", "WEEK FROM", Date), col("week_end", "TO", Instant),
			col("completed", "COMPLETED", Count), col("backlog", "BACKLOG", Count),
		},
	}
	for _, w := range rows {
		t.add(w.Start, w.End, w.Completed, w.Backlog)
	}
	return t, err
}

func breaches(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.Breaches(ctx, s.Period, s.Filter)
	t := Table{
		Name: "breaches", Title: "SLA breaches by task type and team, and the fallbacks run after a lost resolution",
		Empty: "no SLA breached in the period",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("team", "TEAM", Text), col("response_breached", "RESPONSE", Count),
			col("resolution_breached", "RESOLUTION", Count), col("deferred", "DEFERRED", Count),
			col("rerouted", "REROUTED", Count), col("paused", "PAUSED", Count),
		},
	}
	for _, b := range rows {
		t.add(b.TaskType, b.Team, b.Response, b.Resolution, b.Deferred, b.Rerouted, b.Paused)
	}
	return t, err
}

func handling(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.Handling(ctx, s.Period, s.Filter)
	t := handlingTable("handling", "How work moved, climbed and came back, by task type and team, over the tasks completed in the period", true)
	for _, h := range rows {
		t.add(handlingRow(h, true)...)
	}
	return t, err
}

// handlingTable lists Handling rows; the monthly review's count each type across
// teams, so they leave the team out.
func handlingTable(name, title string, byTeam bool) Table {
	t := Table{
		Name: name, Title: title, Empty: "no task completed in the period",
		Columns: []Column{
			col("task_type", "TASK TYPE", Text), col("team", "TEAM", Text), col("completed", "COMPLETED", Count),
			col("handoffs_per_task", "HANDOFFS/TASK", Number), col("reroute_frequency", "REROUTED", Share),
			col("escalation_rate", "ESCALATED", Share), col("highest_level_1", "TOP L1", Count),
			col("highest_level_2", "TOP L2", Count), col("highest_level_3", "TOP L3", Count),
			col("triggers", "TRIGGERS", Text), col("manual_touches", "TOUCHES", Count),
			col("touches_per_task", "TOUCHES/TASK", Number), col("rework_rate", "REWORK", Share),
		},
	}
	if !byTeam {
		t.Columns = slices.Delete(t.Columns, 1, 2)
	}
	return t
}

func handlingRow(h ledger.Handling, byTeam bool) []any {
	row := []any{h.TaskType, h.Team, h.Completed, h.HandoffsPerTask(), h.RerouteFrequency(), h.EscalationRate(),
		h.HighestLevel[0], h.HighestLevel[1], h.HighestLevel[2], triggers(h.Triggers), h.ManualTouches, h.TouchesPerTask(), h.ReworkRate()}
	if !byTeam {
		row = slices.Delete(row, 1, 2)
	}
	return row
}

// triggers lists what set escalations off, as "breach 2, severity 1", in name order.
func triggers(counts map[string]int) string {
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s %d", name, counts[name])
	}
	return strings.Join(parts, ", ")
}

func exceptions(ctx context.Context, store *ledger.Store, s Scope) (Table, error) {
	rows, err := store.Exceptions(ctx, s.Period, s.Filter)
	t := Table{
		Name: "exceptions", Title: "Automation runs and the failures that became a person's exception, by executor action, most failures first",
		Empty: "no automation ran in the period",
		Columns: []Column{
			col("executor", "EXECUTOR", Text), col("action", "ACTION", Text), col("runs", "RUNS", Count),
			col("failed", "FAILED", Count), col("failure_rate", "FAILURE RATE", Share),
		},
	}
	for _, e := range rows {
		t.add(e.Executor, e.Action, e.Runs, e.Failed, e.FailureRate())
	}
	return t, err
}
