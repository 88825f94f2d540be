package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lanes-dev/lanes/workflows"
)

func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printSummary shows a task the way a marketing-ops reader scans it.
func (e *env) printSummary(st workflows.TaskStatus) {
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	row := func(k, format string, a ...any) { fmt.Fprintf(tw, "  %s\t%s\n", k, fmt.Sprintf(format, a...)) }
	row("Task", "%s: %s", st.TaskID, st.Request.Title)
	row("Type", "%s (%s), catalog %s", st.TaskName, st.Request.TaskType, st.CatalogRef)
	brief(st, row)
	row("Scores", "latency %d, criticality %d, automation %d", st.Scores.Latency, st.Scores.Criticality, st.Scores.Automation)
	row("Bucket", "%s", st.Bucket)
	row("Lane", "%s", st.Lane)
	if st.RouteNote != "" {
		row("Route", "%s", st.RouteNote)
	}
	stage := string(st.Stage)
	if st.HumanStep != "" && st.Stage != workflows.StageCompleted {
		stage += fmt.Sprintf(" (%s, %s)", st.HumanStep, st.Assignee)
	}
	row("Stage", "%s", stage)
	if st.Staffing != nil {
		row("Staffing", "%s", e.staffing(st))
	}
	row("Response SLA", "%s", e.clock(st.Team, st.Response))
	row("Resolution SLA", "%s", e.clock(st.Team, st.Resolution))
	row("SLA state", "%s", st.SLAState)
	if st.Automation != nil {
		row("Automation", "%s %s on %s%s", st.Automation.Executor, st.Automation.Action, st.Automation.Queue, automationResult(st.Automation))
	}
	if st.Exception != "" {
		row("Exception", "%s", st.Exception)
	}
	if st.EscalationLevel > 0 {
		row("Escalation", "level %d%s%s, %d cycle(s)%s", st.EscalationLevel, escalation(st), climbing(st), len(st.Escalations)+boolInt(st.Escalating != ""), reclassify(st))
	}
	if st.BlockedBy != "" {
		row("Blocked by", "%s", st.BlockedBy)
	}
	if st.NeedsApproval {
		row("Approval", "%s", approval(st))
	}
	if st.Fallback != nil {
		row("Fallback", "%s: %s", st.Fallback.Action, st.Fallback.Detail)
	}
	if st.Handoffs > 0 {
		row("Handoffs", "%d", st.Handoffs)
	}
	if st.Stage == workflows.StageCompleted {
		row("Outcome", "%s", outcome(st))
	}
	for _, n := range st.Notices {
		row("Notice", "%s", n)
	}
	row("UI", "%s/namespaces/%s/workflows/%s", e.uiURL, e.conn.Namespace, st.TaskID)
	_ = tw.Flush()
}

// outcome is how the task ended and who ended it, then the closing note after a colon.
func outcome(st workflows.TaskStatus) string {
	s := st.Outcome + " by " + st.CompletedBy
	if note := strings.TrimSpace(st.Note); note != "" {
		s += ": " + note
	}
	return s
}

// escalation says who the current or last climb asked at its level, and why it started.
func escalation(st workflows.TaskStatus) string {
	s := ""
	if len(st.EscalatedTo) > 0 {
		s += " asked " + strings.Join(st.EscalatedTo, ", ")
	}
	if st.EscalationReason != "" {
		s += " (" + st.EscalationReason + ")"
	}
	return s
}

func climbing(st workflows.TaskStatus) string {
	if st.Escalating != "" {
		return " and climbing (" + st.Escalating + ")"
	}
	return ""
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func reclassify(st workflows.TaskStatus) string {
	if st.NeedsReclassification {
		return "; flagged for reclassification"
	}
	return ""
}

func approval(st workflows.TaskStatus) string {
	if st.ApprovedBy != "" {
		return "approved by " + st.ApprovedBy
	}
	why := st.ApprovalReason
	if why == "" {
		why = "compliance"
	}
	who := ""
	if g := st.Request.DACI; g != nil && g.Approver != "" {
		who = " by " + g.Approver
	}
	if h := st.HeldCompletion; h != nil {
		return fmt.Sprintf("%s completed it (%s); the approval%s closes it (%s)", h.By, h.Outcome, who, why)
	}
	return "required" + who + " before completion (" + why + ")"
}

// brief sums up intake's triage and the structured brief, in one line each.
func brief(st workflows.TaskStatus, row func(k, format string, a ...any)) {
	r := st.Request
	if t := r.Triage; t != nil {
		row("Service", "%s: %s", t.Tier, t.Reason)
	}
	if r.BusinessUnit != "" || r.Rush || r.DueDate != "" {
		parts := []string{}
		for _, p := range [][2]string{{"unit ", r.BusinessUnit}, {"due ", r.DueDate}} {
			if p[1] != "" {
				parts = append(parts, p[0]+p[1])
			}
		}
		if r.Rush {
			parts = append(parts, "rush")
		}
		row("Request", "%s", strings.Join(parts, ", "))
	}
	if g := r.DACI; g != nil {
		row("DACI", "driver %s, approver %s, consulted %s, informed %s",
			orNone(g.Driver), orNone(g.Approver), orNone(strings.Join(g.Consultants, ", ")), orNone(strings.Join(g.Informed, ", ")))
	}
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func automationResult(a *workflows.AutomationRun) string {
	switch {
	case a.Error != "":
		return ": failed: " + a.Error
	case a.Result != nil:
		return ": " + a.Result.Summary
	case a.FinishedAt == nil:
		return ": running"
	}
	return ""
}

// clock shows an SLA clock in the owning team's zone.
func (e *env) clock(team string, c workflows.SLAClock) string {
	if c.Deadline.IsZero() {
		return "not set yet"
	}
	loc := e.zone(team)
	s := fmt.Sprintf("%s, due %s", c.Target, c.Deadline.In(loc).Format("Mon 2 Jan 15:04 MST"))
	if e.now != nil && c.MetAt == nil && c.BreachedAt == nil && c.PausedAt == nil {
		s += fmt.Sprintf(", %s left", c.Deadline.Sub(e.now()).Round(time.Second))
	}
	switch {
	case c.BreachedAt != nil && c.MetAt != nil:
		s += ", met late" + spent(c, ", after %s")
	case c.BreachedAt != nil:
		s += ", BREACHED"
	case c.MetAt != nil && c.Budget > 0 && c.Used < time.Second:
		s += ", met at once"
	case c.MetAt != nil:
		s += ", met" + spent(c, " in %s")
	case c.PausedAt != nil:
		s += ", PAUSED waiting on the requester since " + c.PausedAt.In(loc).Format("Mon 15:04") + spent(c, ", %s used")
	}
	if c.PausedFor > 0 {
		s += fmt.Sprintf(" (paused %s in all for the requester)", spentDuration(c.PausedFor))
	}
	return s
}

// spent is "12m of 1h", or "2h of 8h working time" for a business-hours SLA, in
// format; empty when the status has no budget to measure against.
func spent(c workflows.SLAClock, format string) string {
	if c.Budget <= 0 {
		return ""
	}
	s := spentDuration(c.Used) + " of " + spentDuration(c.Budget)
	if _, err := time.ParseDuration(string(c.Target)); err != nil {
		s += " working time" // "3 business hours", "same day", "N business days" count the team's hours
	}
	return fmt.Sprintf(format, s)
}

// spentDuration is shortDuration to the second, and "under 1s" below one.
func spentDuration(d time.Duration) string {
	if d < time.Second {
		return "under 1s"
	}
	return workflows.ShortDuration(d.Round(time.Second))
}

// zone is the team calendar's time zone; UTC when the catalog does not know the team.
func (e *env) zone(team string) *time.Location {
	if cal, ok := e.catalog.Teams[team]; ok {
		if l, err := time.LoadLocation(cal.TimeZone); err == nil {
			return l
		}
	}
	return time.UTC
}

func (e *env) printSignals(st workflows.TaskStatus) {
	if len(st.Signals) == 0 {
		return
	}
	fmt.Fprintln(e.out, "  Actions:")
	for _, s := range st.Signals {
		verdict := "accepted"
		if !s.Accepted {
			verdict = "rejected: " + s.Reason
		}
		detail := ""
		if s.Detail != "" {
			detail = " (" + s.Detail + ")"
		}
		fmt.Fprintf(e.out, "    %s  %s by %s via %s%s, %s\n", s.At.Format(time.RFC3339), s.Name, s.Actor, s.Identity, detail, verdict)
	}
}
