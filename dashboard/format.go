package dashboard

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/lanes-dev/lanes/ledger"
)

// whenLayout shows an instant in the page's zone, as starter prints SLA clocks.
const whenLayout = "Mon 2 Jan 15:04 MST"

// percent writes a share from 0 to 1 as a whole percentage.
func percent(share float64) string { return fmt.Sprintf("%.0f%%", share*100) }

// attainment writes met ÷ (met + breached), or a dash when no clock ended.
func attainment(c ledger.Clocks) string {
	rate, ok := c.Attainment()
	if !ok {
		return "–"
	}
	return percent(rate)
}

// minutes writes a number of minutes; from two hours on, in whole hours.
func minutes(n int) string {
	if n < 120 {
		return fmt.Sprintf("%d min", n)
	}
	return fmt.Sprintf("%.0fh", float64(n)/60)
}

// hours writes hours with at most one decimal.
func hours(h float64) string { return strconv.FormatFloat(float64(int64(h*10+0.5))/10, 'f', -1, 64) }

// span writes a duration in its two largest units: 3d 4h, 5h 20m, 12m.
func span(d time.Duration) string {
	d = d.Round(time.Minute)
	days, hrs, mins := int(d.Hours())/24, int(d.Hours())%24, int(d.Minutes())%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, hrs)
	case hrs > 0:
		return fmt.Sprintf("%dh %dm", hrs, mins)
	}
	return fmt.Sprintf("%dm", mins)
}

// days writes a whole number of days.
func days(d time.Duration) string { return fmt.Sprintf("%d days", int(d.Hours()/24)) }

// plural writes a count of things: 1 task, 2 tasks.
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// ratio is part ÷ whole, 0 when there is no whole.
func ratio(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// sortedBy sorts rows by key, largest first, keeping the order of ties.
func sortedBy[T any](rows []T, key func(T) int) []T {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(b), key(a)) })
	return out
}

// sortedStrings is a sorted copy.
func sortedStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// pageURL is a page's path with the team (when chosen) and more name, value pairs.
func pageURL(path, team string, pairs ...string) string {
	q := url.Values{}
	if team != "" {
		q.Set(paramTeam, team)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// templateFuncs are the helpers the page templates call.
var templateFuncs = template.FuncMap{
	"pageURL": pageURL,
}
