package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

// whenLayout shows an instant in the team's zone, as the SLA clocks do.
const whenLayout = "Mon 2 Jan 15:04 MST"

// printRoster shows a team's roster as a leader scans it: each person's load, then the queue, then the totals.
func (e *env) printRoster(st workflows.RosterStatus) {
	zone := e.zone(st.Team)
	fmt.Fprintf(e.out, "Roster of %s: managers %s; a task that waits %s for capacity escalates\n",
		st.Team, strings.Join(st.Managers, ", "), workflows.ShortDuration(st.QueueWait))
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	head := []string{"PERSON", "SENIORITY", "WEEKLY", "AWAY", "PLANNED", "ACTUAL 7D"}
	for _, a := range catalog.Allocations() {
		head = append(head, strings.ToUpper(string(a)))
	}
	fmt.Fprintln(tw, strings.Join(append(head, "OPEN TASKS"), "\t"))
	for _, p := range st.People {
		cells := []string{p.ID, string(p.Seniority), hours(p.WeeklyHours) + "h", away(p, zone), hours(p.PlannedHours) + "h", hours(p.ActualHours) + "h"}
		for _, a := range catalog.Allocations() {
			cells = append(cells, utilization(p, a))
		}
		fmt.Fprintln(tw, strings.Join(append(cells, openTasks(p.OpenTasks)), "\t"))
	}
	_ = tw.Flush()
	fmt.Fprintf(e.out, "FULL: at or over %.0f%% of the allocation; no new work goes there.\n", roster.UtilizationCap*100)
	if notifying(st.People) {
		fmt.Fprintln(e.out, "(notifying): booked; the roster's notice is on its way to the task, whose status names the person once it lands.")
	}
	e.printQueue(st.Queue, max(st.Waiting, len(st.Queue)), zone)
	c := st.Counts
	fmt.Fprintf(e.out, "Counts: %d assigned, %d queued, %d released, %d moved\n", c.Assigned, c.Queued, c.Released, c.Moved)
	fmt.Fprintf(e.out, "Last 7 days: %s\n", estimateVsActual(st.EstimatedDone, st.ActualDone))
	fmt.Fprintf(e.out, "Workflow %s: run %d, history %d events\n", workflows.RosterWorkflowID(st.Team), st.Runs, st.HistoryLength)
}

// printQueue shows the waiting tasks the roster listed, the head of a line of waiting.
func (e *env) printQueue(queue []roster.Waiting, waiting int, zone *time.Location) {
	if len(queue) == 0 {
		fmt.Fprintln(e.out, "Queue: empty")
		return
	}
	shown := ""
	if waiting > len(queue) {
		shown = fmt.Sprintf(", the first %d shown", len(queue))
	}
	fmt.Fprintf(e.out, "Queue (%d waiting%s, in the order they will be taken):\n", waiting, shown)
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  PLACE\tTASK\tSKILL\tALLOCATION\tHOURS\tWAITING SINCE\tWHY")
	for i, w := range queue {
		skill := w.Skill
		if w.Senior {
			skill += " (senior)"
		}
		since := w.Since
		if since.IsZero() {
			since = w.At // queued by a roster from before the wait's start was kept
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%sh\t%s\t%s\n", i+1, w.TaskID, skill, w.Allocation, hours(w.Hours), since.In(zone).Format(whenLayout), w.Why)
	}
	_ = tw.Flush()
}

// away says until when a person is away: "-" when in, "until back-in-office" when no end is set.
func away(p roster.PersonView, zone *time.Location) string {
	switch {
	case !p.Away:
		return "-"
	case p.AwayUntil == nil:
		return "until back-in-office"
	}
	return "until " + p.AwayUntil.In(zone).Format(whenLayout)
}

// utilization is the booked share of one allocation, marked FULL at the cap; "-" when the person has none of it.
func utilization(p roster.PersonView, a catalog.Allocation) string {
	for _, v := range p.Allocations {
		if v.Allocation != a {
			continue
		}
		if v.Capacity <= 0 {
			return "-"
		}
		s := fmt.Sprintf("%.0f%%", v.Utilization*100)
		if v.Utilization >= roster.UtilizationCap {
			s += " FULL"
		}
		return s
	}
	return "-"
}

func openTasks(bookings []roster.Booking) string {
	if len(bookings) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(bookings))
	for _, b := range bookings {
		part := fmt.Sprintf("%s %sh", b.TaskID, hours(b.Hours))
		if b.Notifying {
			part += " (notifying)"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

// notifying says whether a booking's notice is still on its way to its task.
func notifying(people []roster.PersonView) bool {
	for _, p := range people {
		for _, b := range p.OpenTasks {
			if b.Notifying {
				return true
			}
		}
	}
	return false
}

func estimateVsActual(estimated, actual float64) string {
	if estimated == 0 && actual == 0 {
		return "no completed tasks"
	}
	s := fmt.Sprintf("%sh estimated, %sh actual", hours(estimated), hours(actual))
	if estimated > 0 {
		s += fmt.Sprintf(" (%.0f%% of the estimate)", actual/estimated*100)
	}
	return s
}

// hours writes hours with at most two decimals and no trailing zeros: 1.5, 14.4, 36.
func hours(h float64) string {
	return strconv.FormatFloat(math.Round(h*100)/100, 'f', -1, 64)
}

// staffing says who the roster booked for a task, or where it waits and why.
func (e *env) staffing(st workflows.TaskStatus) string {
	sf, zone := st.Staffing, e.zone(st.Team)
	var s string
	switch {
	case sf.Person != "":
		s = fmt.Sprintf("%s, %s, %sh estimated", sf.Person, sf.Allocation, hours(sf.EstimatedHours))
		if st.Stage == workflows.StageCompleted {
			s += fmt.Sprintf(", %sh actual", hours(sf.ActualHours))
		}
		if sf.BookedAt != nil {
			s += ", booked " + sf.BookedAt.In(zone).Format(whenLayout)
		}
	case sf.Position > 0:
		s = fmt.Sprintf("waiting in the %s queue at place %d", st.Team, sf.Position)
	default:
		s = fmt.Sprintf("asking the %s roster for a person", st.Team)
	}
	if sf.Person == "" && sf.WaitingSince != nil {
		s += " since " + sf.WaitingSince.In(zone).Format(whenLayout)
	}
	if sf.Reason != "" {
		s += ": " + sf.Reason
	}
	return s
}
