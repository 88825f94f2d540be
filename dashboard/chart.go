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

// series is one measure, with the class that colours its bars.
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
func (c chart) class(i int) string {
	if c.Series[i].Class != "" {
		return c.Series[i].Class
	}
	return "c" + strconv.Itoa(i%6)
}

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

// columns draws one column (or one column per series) per group, bottom up.
func (c chart) columns(b *strings.Builder) {
	plotH := float64(columnsHeight - plotTop - plotBottom)
	slot := float64(columnsWidth) / float64(len(c.Groups))
	bars := len(c.Series)
	if c.Stacked {
		bars = 1
	}
	barW := min(slot*0.8/float64(bars), 48)
	scale := c.scale(plotH)
	dense := ""
	if barW < 24 {
		dense = ` class="dense"` // narrow bars: smaller printed values, so neighbours do not overlap
	}
	fmt.Fprintf(b, `<svg width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s"%s>`, columnsWidth, columnsHeight, columnsWidth, columnsHeight, esc(c.Title), dense)
	base := float64(columnsHeight - plotBottom)
	fmt.Fprintf(b, `<line class="axis" x1="0" y1="%.1f" x2="%d" y2="%.1f"/>`, base, columnsWidth, base)
	for gi, g := range c.Groups {
		left := slot*float64(gi) + (slot-barW*float64(bars))/2
		stackedAt := base
		for si, v := range g.Values {
			x, y, h := left+barW*float64(si), base-scale(v.N), scale(v.N)
			if c.Stacked {
				x, y = left, stackedAt-scale(v.N)
				stackedAt = y
			}
			c.bar(b, g, si, v, x, y, barW, h)
			if !c.Stacked {
				textY := base - 4
				if v.OK {
					textY = y - 4
				}
				c.text(b, g, si, v.Text, x+barW/2, textY, "middle")
			}
		}
		if c.Stacked {
			c.text(b, g, -1, g.Note, left+barW/2, stackedAt-4, "middle")
		}
		fmt.Fprintf(b, `<text class="label" x="%.1f" y="%d" text-anchor="middle">%s</text>`, slot*float64(gi)+slot/2, columnsHeight-plotBottom+16, esc(g.Label))
	}
	if c.Line != nil {
		y := base - scale(c.Line.At)
		fmt.Fprintf(b, `<line class="ref" x1="0" y1="%.1f" x2="%d" y2="%.1f" data-value="%s"/>`, y, columnsWidth, y, number(c.Line.At))
	}
	b.WriteString(`</svg>`)
}

// rows draws one row per group, the label on the left and the values right of the bars.
func (c chart) rows(b *strings.Builder) {
	bars := len(c.Series)
	if c.Stacked {
		bars = 1
	}
	rowH := float64(bars*barHeight + rowGap)
	height := rowH*float64(len(c.Groups)) + rowGap
	scale := c.scale(float64(rowsWidth-rowLabel) - c.valueRoom())
	fmt.Fprintf(b, `<svg width="%d" height="%.0f" viewBox="0 0 %d %.0f" role="img" aria-label="%s">`, rowsWidth, height, rowsWidth, height, esc(c.Title))
	for gi, g := range c.Groups {
		y0 := rowGap/2 + rowH*float64(gi)
		fmt.Fprintf(b, `<text class="label" x="%d" y="%.1f" text-anchor="end"><title>%s</title>%s</text>`,
			rowLabel-8, y0+float64(bars*barHeight)/2+4, esc(g.Label), esc(shorten(g.Label)))
		stackedAt := float64(rowLabel)
		for si, v := range g.Values {
			x, y, w := float64(rowLabel), y0+float64(si*barHeight), scale(v.N)
			if c.Stacked {
				x, y = stackedAt, y0
				stackedAt += w
			}
			c.bar(b, g, si, v, x, y, w, barHeight-2)
			if !c.Stacked {
				c.text(b, g, si, v.Text, x+w+4, y+barHeight-4, "start")
			}
		}
		if c.Stacked {
			c.text(b, g, -1, g.Note, stackedAt+4, y0+barHeight-4, "start")
		}
	}
	if c.Line != nil {
		x := float64(rowLabel) + scale(c.Line.At)
		fmt.Fprintf(b, `<line class="ref" x1="%.1f" y1="0" x2="%.1f" y2="%.0f" data-value="%s"/>`, x, x, height, number(c.Line.At))
	}
	b.WriteString(`</svg>`)
}

// valueRoom is the room the printed values need right of the bars: the longest
// one, up to half the space after the labels.
func (c chart) valueRoom() float64 {
	longest := 0
	for _, g := range c.Groups {
		longest = max(longest, len([]rune(g.Note)))
		for _, v := range g.Values {
			longest = max(longest, len([]rune(v.Text)))
		}
	}
	return min(float64(longest+2)*valueChar, float64(rowsWidth-rowLabel)/2)
}

// scale maps a value to a length along an axis of the given size.
func (c chart) scale(size float64) func(float64) float64 {
	top := c.top()
	return func(n float64) float64 { return size * n / top }
}

// text prints a value's label, tied to its group and series (si -1: the group's note).
func (c chart) text(b *strings.Builder, g group, si int, text string, x, y float64, anchor string) {
	name := "note"
	if si >= 0 {
		name = c.Series[si].Name
	}
	fmt.Fprintf(b, `<text class="value" x="%.1f" y="%.1f" text-anchor="%s" data-group="%s" data-series="%s">%s</text>`,
		x, y, anchor, esc(g.Key), esc(name), esc(text))
}

// bar draws one value's rectangle with its number in data attributes and a tooltip.
func (c chart) bar(b *strings.Builder, g group, si int, v value, x, y, w, h float64) {
	name := c.Series[si].Name
	if !v.OK {
		return
	}
	fmt.Fprintf(b, `<rect class="bar %s %s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" data-group="%s" data-series="%s" data-value="%s"><title>%s, %s: %s</title></rect>`,
		esc(c.class(si)), esc(v.Class), x, y, max(w, 0), max(h, 0), esc(g.Key), esc(name), number(v.N), esc(g.Label), esc(name), esc(v.Text))
}

// labelLength is the longest row label drawn in full; longer ones are cut, their
// full text in a tooltip.
const labelLength = 30

// shorten cuts a label to labelLength characters.
func shorten(label string) string {
	if r := []rune(label); len(r) > labelLength {
		return string(r[:labelLength-1]) + "…"
	}
	return label
}

// number writes n for a data attribute: as short as it can be and still exact.
func number(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

func esc(s string) string { return html.EscapeString(s) }
