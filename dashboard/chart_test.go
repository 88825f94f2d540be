package dashboard

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every text a chart prints comes from configuration or the ledger, so it is
// escaped: a task type named like markup stays text.
func TestChartEscapesItsTexts(t *testing.T) {
	for _, horizontal := range []bool{false, true} {
		c := chart{ID: `x"y`, Title: "<t>", Horizontal: horizontal, Series: []series{{Name: `<s>`, Class: "c0"}},
			Groups: []group{{Key: `k"'`, Label: "<script>alert(1)</script>", Values: []value{num(1, "<b>1</b>")}}}}
		out := string(c.HTML())
		assert.NotContains(t, out, "<script>")
		assert.NotContains(t, out, "<b>")
		assert.NotContains(t, out, "<s>")
		assert.Contains(t, out, "&lt;script&gt;alert(1)&lt;/script&gt;")
		assert.Contains(t, out, `data-group="k&#34;&#39;"`)
		assert.Contains(t, out, `id="x&#34;y"`)
		assert.Equal(t, 1, strings.Count(out, `data-value="1"`), "one bar")
	}
}
