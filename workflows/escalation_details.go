package workflows

import (
	"fmt"
	"strings"
	"time"
)

// escalationDetails is the climb as the Temporal UI shows it under "Current details":
// the level and who it asks, with the window before the next level; then why it
// climbs and for which task; then how to stop it. A finished climb says how it ended.
func escalationDetails(in EscalationInput, res EscalationResult) string {
	top := 0
	for _, l := range in.Levels {
		top = max(top, l.Level)
	}
	var first string
	switch {
	case res.Ended != "":
		first = fmt.Sprintf("**Stopped** at level %d: %s", res.LevelReached, res.endedText())
	case res.Exhausted && res.LevelReached == 0:
		first = fmt.Sprintf("**Exhausted**: the climb had no level from %d to ask", in.StartLevel)
	case res.Exhausted:
		first = fmt.Sprintf("**Exhausted**: levels up to %d asked, nobody acknowledged", res.LevelReached)
	default:
		first = fmt.Sprintf("**Level %d of %d**: asked **%s**; acknowledge within %s", res.LevelReached, top, strings.Join(res.Asked, ", "), ShortDuration(in.Window))
		if next := askedAt(in.Levels, res.LevelReached+1); len(next) > 0 {
			first += fmt.Sprintf(", or level %d (%s) is asked", res.LevelReached+1, strings.Join(next, ", "))
		} else {
			first += "; this is the last level"
		}
	}
	lines := []string{first, fmt.Sprintf("Why: %s. Task %s, %s: %s", oneLine(in.Reason), in.TaskID, in.TaskName, oneLine(in.Title))}
	if res.Ended == "" && !res.Exhausted {
		stop := "Stop it: signal `" + SignalEscalationAck + "` here with `{\"actor\": \"<you>\"}`"
		if in.StartLevel <= 1 {
			stop += ", or take the task"
		}
		lines = append(lines, stop)
	}
	return strings.Join(lines, "\n\n") + "\n"
}

// ShortDuration writes a duration as people read it, without zero units: 15m, 1h, 1h30m.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
