package reports

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A text from an intake request that a spreadsheet would run as a formula stays text in the CSV.
func TestCSVKeepsFormulasAsText(t *testing.T) {
	r := &Report{Name: "review", Zone: time.UTC, Tables: []Table{{
		Name:    "intake",
		Columns: []Column{{Key: "business_unit", Kind: Text}, {Key: "requests", Kind: Count}},
		Rows: [][]any{
			{`=HYPERLINK("http://example.com","consumer")`, 3},
			{"+1", 1}, {"-2", 1}, {"@sum", 1}, {"\tx", 1}, {"consumer", 2}, {"", 1},
		},
	}}}
	assert.Equal(t, []string{
		"table,business_unit,requests",
		`intake,"'=HYPERLINK(""http://example.com"",""consumer"")",3`,
		"intake,'+1,1", "intake,'-2,1", "intake,'@sum,1", "intake,'\tx,1", "intake,consumer,2", "intake,,1",
	}, csvTable(t, r, "intake"))
}
