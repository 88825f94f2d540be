package dashboard

import (
	"fmt"
	"strings"
)

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
