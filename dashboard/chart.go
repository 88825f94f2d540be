package dashboard

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
)

// chart is one bar chart, drawn on the server as inline SVG so the page needs no
// script and no network. Every bar carries its number in data attributes and in
// a printed label, which is what people read and what the browser tests check.
type chart struct {
	// ID names the chart in the page (its element id).
	ID string
	// Title says what the chart shows, for screen readers.
	Title string
	// Series are the measures drawn for each group, in legend order.
	Series []series
	// Groups are the categories along the axis: weeks, people, task types.
	Groups []group
	// Stacked draws a group's values on top of each other rather than side by side.
	Stacked bool
	// Horizontal draws one row per group, for long labels such as task types.
	Horizontal bool
	// Max is the value at the axis' end; 0 means the largest bar.
	Max float64
	// Line, when set, is a reference drawn across the chart, such as the 95% line.
	Line *refLine
}

// series is one measure, with the class that colours its bars (dashboard.css).
type series struct {
	Name  string
	Class string
}

// group is one category with a value per series.
type group struct {
	// Key identifies the group in the page's data attributes (a task type's ID,
	// a person's ID, a week's Monday); Label is what people read.
	Key   string
	Label string
	// Values has one entry per series.
	Values []value
	// Note is printed after a stacked group's bar, such as "3 of 10 (30%)".
	Note string
}

// value is one bar: its number, the label printed beside it, and an extra class
// (such as "over" for a bar past the line). A value that is not OK (none, such
// as attainment in a week without clocks) draws no bar, only its text.
type value struct {
	N     float64
	Text  string
	OK    bool
	Class string
}

// refLine is a value marked across the chart.
type refLine struct {
	At    float64
	Label string
}

// num is a value that is there.
func num(n float64, text string) value { return value{N: n, Text: text, OK: true} }

// missing is a value there is none of, such as attainment in a week without clocks.
func missing(text string) value { return value{Text: text} }

// Geometry of the drawings, in SVG user units: a chart is drawn this size, and
// shrinks to a narrower box without distorting.
const (
	columnsWidth  = 640
	columnsHeight = 240
	plotTop       = 24
	plotBottom    = 44 // room for the group labels under the columns
	rowLabel      = 190
	valueChar     = 5.5 // the width of one character of a printed value
	barHeight     = 14
	rowGap        = 10
	rowsWidth     = 640
)

// HTML draws the chart with its legend.
func (c chart) HTML() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart" id="%s">`, esc(c.ID))
	if len(c.Series) > 1 || c.Line != nil {
		b.WriteString(`<ul class="legend">`)
		for i, s := range c.Series {
			fmt.Fprintf(&b, `<li><span class="swatch %s"></span>%s</li>`, esc(c.class(i)), esc(s.Name))
		}
		if c.Line != nil {
			fmt.Fprintf(&b, `<li><span class="swatch line"></span>%s</li>`, esc(c.Line.Label))
		}
		b.WriteString(`</ul>`)
	}
	if len(c.Groups) == 0 {
		b.WriteString(`<p class="empty">Nothing in this period.</p></figure>`)
		return template.HTML(b.String())
	}
	if c.Horizontal {
		c.rows(&b)
	} else {
		c.columns(&b)
	}
	b.WriteString(`</figure>`)
	return template.HTML(b.String())
}

// class is series i's colour class.
func (c chart) class(i int) string { return c.Series[i].Class }

// top is the value at the axis' end.
func (c chart) top() float64 {
	top := c.Max
	for _, g := range c.Groups {
		sum := 0.0
		for _, v := range g.Values {
			if c.Stacked {
				sum += v.N
			} else {
				top = max(top, v.N)
			}
		}
		top = max(top, sum)
	}
	if c.Line != nil {
		top = max(top, c.Line.At)
	}
	if top <= 0 {
		return 1
	}
	return top
}

// number writes n for a data attribute: as short as it can be and still exact.
func number(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

func esc(s string) string { return html.EscapeString(s) }
