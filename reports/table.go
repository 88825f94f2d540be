// Package reports assembles the leaders' reports (DOMAIN.md §9 and §11) from the
// task ledger, the rosters' live state and the recurring schedules: capacity per
// team and person, flow, and the monthly review with its four-week forecast. It
// holds no Temporal: whoever reads the rosters and the schedules passes them in.
// Each report is a list of tables, written as text, CSV or JSON from the same rows,
// so the three never disagree.
package reports

import (
	"time"
)

// Kind says what a column holds, which decides how each format writes it.
type Kind int

// The kinds of column.
const (
	// Text is a name, such as a task type or a person.
	Text Kind = iota
	// Count is a whole number of tasks, runs or minutes.
	Count
	// Hours is a number of hours, such as 1.5.
	Hours
	// Number is an average, such as 0.5 handoffs a task, to the hundredth.
	Number
	// Share is a fraction from 0 to 1: text shows it as a percentage.
	Share
	// Duration is a time.Duration: CSV and JSON give it in minutes.
	Duration
	// Instant is a time.Time, shown in the report's zone; nil or zero is empty.
	Instant
	// Date is a time.Time's day in its own zone, as 2026-03-02: a week or a day
	// counted in a team's zone keeps its date whatever the report's zone.
	Date
)

// Column is one column of a table.
type Column struct {
	// Key names the column in CSV and JSON: snake_case, with the unit when it has
	// one, such as cycle_p50_minutes.
	Key string
	// Head is the text header, such as CYCLE P50.
	Head string
	Kind Kind
}

// Table is one section of a report.
type Table struct {
	// Name is the table's key in CSV and JSON, such as flow_times.
	Name string
	// Title says what the table shows, for the text.
	Title   string
	Columns []Column
	// Rows hold one value per column: string for Text, int for Count, float64
	// for Hours, Number and Share, time.Duration, *time.Time or time.Time for Instant and Date.
	Rows [][]any
	// Empty is what the text says when there are no rows.
	Empty string
}

// Report is a whole report: what it covers and its tables.
type Report struct {
	// Name is capacity, flow or review.
	Name string
	// Team is the team it is about; empty for every team.
	Team string
	// Period is what the ledger's figures cover, from From up to To.
	From time.Time
	To   time.Time
	// Zone is where its days, weeks and hours are counted.
	Zone *time.Location
	// At is when it was made: the moment the live figures (rosters, forecast) are read at.
	At     time.Time
	Tables []Table
	// Notes say what a reader must know to read it right, such as a roster
	// that could not be read.
	Notes []string
}

// add appends a row to the table; it keeps the building code short.
func (t *Table) add(values ...any) {
	t.Rows = append(t.Rows, values)
}

// col builds a column.
func col(key, head string, kind Kind) Column {
	return Column{Key: key, Head: head, Kind: kind}
}
