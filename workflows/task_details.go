package workflows

import (
	"fmt"
	"strings"
)

// maxDetailRunes bounds a note or reason quoted in the details, so one line stays one line.
const maxDetailRunes = 140

// details is the task as the Temporal UI shows it under "Current details". The UI
// shows about three lines before "more", so they carry what an on-call person acts
// on: where the task stands, who holds it and its SLA; then whatever needs someone
// (an escalation, an approval, a block, an exception); then who the roster booked or
// where the task waits. Classification, deadlines, past escalations and the title follow.
// The clocks show times as the team reads them; approvers names who is asked to approve.
func details(st TaskStatus, c *clocks, approvers string) string {
	lines := append([]string{headline(st, c)}, alerts(st, approvers)...)
	if s := staffingLine(st); s != "" {
		lines = append(lines, s)
	}
	lines = append(lines, background(st, c)...)
	return strings.Join(lines, "\n\n") + "\n"
}

// headline is the first line: the outcome of a closed task, or the stage and holder of
// an open one, then the SLA state and the clock that matters.
func headline(st TaskStatus, c *clocks) string {
	var s string
	switch {
	case st.Stage == StageCompleted:
		s = fmt.Sprintf("**%s** by %s", st.Outcome, st.CompletedBy)
		if note := oneLine(st.Note); note != "" {
			s += ": " + note
		}
	case st.HumanStep != "" && st.Stage == StageAcknowledged:
		s = fmt.Sprintf("**%s** by **%s** (%s)", st.Stage, st.Assignee, st.HumanStep)
	case st.HumanStep != "":
		s = fmt.Sprintf("**%s** to **%s** (%s)", st.Stage, st.Assignee, st.HumanStep)
	default:
		s = fmt.Sprintf("**%s**", st.Stage)
	}
	if a := st.Automation; a != nil && a.FinishedAt == nil && st.Stage != StageCompleted {
		s += fmt.Sprintf("; %s %s running", a.Executor, a.Action)
	}
	return s + " · " + slaLine(st, c)
}

// slaLine is the SLA state and, per clock, what a reader must know: the deadline of
// an open clock, which clock ran out, or that it waits on the requester.
func slaLine(st TaskStatus, c *clocks) string {
	var parts []string
	resolveBy := "resolve by"
	if c.resolutionName() != "resolution" {
		resolveBy = "deferred, resolve by"
	}
	for _, k := range []struct {
		name, due string
		clock     SLAClock
	}{{"response", "respond by", st.Response}, {c.resolutionName(), resolveBy, st.Resolution}} {
		switch {
		case k.clock.BreachedAt != nil && k.clock.MetAt != nil:
			parts = append(parts, k.name+" met late")
		case k.clock.BreachedAt != nil:
			parts = append(parts, fmt.Sprintf("**%s ran out** %s", k.name, c.local(*k.clock.BreachedAt)))
		case k.clock.MetAt != nil || k.clock.Deadline.IsZero():
		case k.clock.PausedAt != nil:
			parts = append(parts, k.name+" paused, waiting on the requester")
		default:
			parts = append(parts, k.due+" "+c.local(k.clock.Deadline))
		}
	}
	s := fmt.Sprintf("SLA **%s**", st.SLAState)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, "; ")
	}
	return s
}

// alerts are the open task's conditions that need someone, most pressing first.
func alerts(st TaskStatus, approvers string) []string {
	if st.Stage == StageCompleted {
		return nil
	}
	var out []string
	if st.Escalating != "" {
		s := fmt.Sprintf("**Escalation level %d**", st.EscalationLevel)
		if len(st.EscalatedTo) > 0 {
			s += ": asked " + strings.Join(st.EscalatedTo, ", ")
		}
		out = append(out, s+fmt.Sprintf(" (%s); `acknowledge-escalation` on %s stops it", oneLine(st.EscalationReason), st.Escalating))
	}
	if st.NeedsApproval && st.ApprovedBy == "" {
		why := st.ApprovalReason
		if why == "" {
			why = "compliance"
		}
		if h := st.HeldCompletion; h != nil {
			out = append(out, fmt.Sprintf("**Approval needed** from %s: %s's completion (%s) waits for it; %s", approvers, h.By, h.Outcome, why))
		} else {
			out = append(out, fmt.Sprintf("**Approval needed** from %s before completion: %s", approvers, why))
		}
	}
	if st.BlockedBy != "" {
		out = append(out, "**Blocked** by "+oneLine(st.BlockedBy))
	}
	if st.Exception != "" {
		out = append(out, "**Exception**: "+oneLine(st.Exception))
	}
	return out
}

// staffingLine says who the roster booked for the open task, or where it waits and why.
func staffingLine(st TaskStatus) string {
	sf := st.Staffing
	switch {
	case sf == nil || st.Stage == StageCompleted:
		return ""
	case sf.Person != "":
		return fmt.Sprintf("Roster booked **%s** for %gh of %s: %s", sf.Person, sf.EstimatedHours, sf.Allocation, oneLine(sf.Reason))
	case sf.Position > 0:
		return fmt.Sprintf("**Waiting for capacity** at place %d on %s: %s", sf.Position, sf.Roster, oneLine(sf.Reason))
	}
	return ""
}

// background is what the expanded details add: classification, both deadlines,
// past escalations, the fallback, the approval and the request's title.
func background(st TaskStatus, c *clocks) []string {
	class := fmt.Sprintf("Bucket %s, lane %s", st.Bucket, st.Lane)
	if !st.Response.Deadline.IsZero() && !st.Resolution.Deadline.IsZero() {
		class += "; " + c.deadlines()
	}
	out := []string{class}
	if st.RouteNote != "" {
		out = append(out, "Route: "+oneLine(st.RouteNote))
	}
	if n := len(st.Escalations); n > 0 {
		e := st.Escalations[n-1]
		s := fmt.Sprintf("Escalation %d (%s) reached level %d", e.Cycle, oneLine(e.Reason), e.LevelReached)
		if len(e.Asked) > 0 {
			s += ", asking " + strings.Join(e.Asked, ", ")
		}
		switch {
		case e.Ended != "":
			s += "; stopped: " + e.endedText()
		case e.Exhausted:
			s += "; nobody acknowledged"
		}
		out = append(out, s)
	}
	if f := st.Fallback; f != nil {
		out = append(out, fmt.Sprintf("Fallback %s: %s", f.Action, oneLine(f.Detail)))
	}
	if st.ApprovedBy != "" {
		out = append(out, "Approved by "+st.ApprovedBy)
	}
	return append(out, fmt.Sprintf("%s: %s", st.TaskName, st.Request.Title))
}

// oneLine keeps a quoted text to one line of at most maxDetailRunes.
func oneLine(s string) string {
	return clip(strings.Join(strings.Fields(s), " "), maxDetailRunes)
}
