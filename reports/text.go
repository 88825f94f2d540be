package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText writes the report for a person to read: a heading, then each table
// with its title, then the notes.
func WriteText(w io.Writer, r *Report) error {
	var b bytes.Buffer
	team := "every team"
	if r.Team != "" {
		team = r.Team
	}
	fmt.Fprintf(&b, "%s report for %s, %s (%s); read %s\n", titleCase(r.Name), team, periodText(r.From, r.To, r.Zone), r.Zone, r.At.In(r.Zone).Format(instantLayout))
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "\n%s\n", t.Title)
		if len(t.Rows) == 0 {
			fmt.Fprintf(&b, "  %s\n", t.Empty)
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		heads := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			heads[i] = c.Head
		}
		fmt.Fprintln(tw, "  "+strings.Join(heads, "\t"))
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, v := range row {
				cells[i] = textValue(t.Columns[i].Kind, v, r.Zone)
			}
			fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\nNote: %s\n", n)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// instantLayout shows an instant in the report's zone, as the roster does.
const instantLayout = "Mon 2 Jan 2006 15:04 MST"

// textValue is a cell as a person reads it.
func textValue(kind Kind, v any, zone *time.Location) string {
	switch kind {
	case Text:
		if s := v.(string); s != "" {
			return s
		}
		return "-"
	case Hours:
		return strconv.FormatFloat(round(v.(float64), 2), 'f', -1, 64) + "h"
	case Share:
		return fmt.Sprintf("%.0f%%", v.(float64)*100)
	case Duration:
		return shortDuration(v.(time.Duration))
	case Instant:
		if t, ok := instant(v); ok {
			return t.In(zone).Format("Mon 2 Jan 15:04")
		}
		return "-"
	case Date:
		if t, ok := instant(v); ok {
			return t.Format("Mon 2 Jan 2006")
		}
		return "-"
	}
	return plainValue(kind, v, zone)
}

// shortDuration writes a duration to the second without trailing zero units: 4h, 2h30m, 45s.
func shortDuration(d time.Duration) string {
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// periodText says what a period covers: whole days as a range of dates, the last
// one included, or else the two instants.
func periodText(from, to time.Time, zone *time.Location) string {
	f, t := from.In(zone), to.In(zone)
	midnight := func(x time.Time) bool {
		return x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0
	}
	if midnight(f) && midnight(t) {
		last := t.AddDate(0, 0, -1)
		if last.Equal(f) {
			return f.Format("Mon 2 Jan 2006")
		}
		return f.Format("Mon 2 Jan 2006") + " to " + last.Format("Mon 2 Jan 2006")
	}
	return f.Format(instantLayout) + " up to " + t.Format(instantLayout)
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
