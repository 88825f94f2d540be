package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/lanes-dev/lanes/catalog"
)

// What became of an import row.
const (
	outcomeStarted   = "started"   // a new task started
	outcomeDuplicate = "duplicate" // an earlier run or an earlier row submitted it; nothing new started
	outcomeRejected  = "rejected"  // not a valid request; nothing started
	outcomeFailed    = "failed"    // Temporal did not answer; rerunning the file is safe
	outcomeValid     = "valid"     // a dry run found it ready to start
)

// importReport is what `starter import` prints: every row's outcome, and the totals.
type importReport struct {
	File   string         `json:"file"`
	DryRun bool           `json:"dryRun"`
	Rows   []importResult `json:"rows"`
	Totals importTotals   `json:"totals"`
}

// importResult is what became of one row.
type importResult struct {
	// Row is the line where the row starts in the file; the header is row 1.
	Row       int    `json:"row"`
	RequestID string `json:"requestId,omitempty"`
	Outcome   string `json:"outcome"`
	// TaskID is the task the row started, or the existing task it duplicates.
	TaskID string `json:"taskId,omitempty"`
	// Tier is intake's triage of the row: the service it gets.
	Tier catalog.Tier `json:"tier,omitempty"`
	// Reason says why a row was rejected, failed, or duplicates an earlier row.
	Reason string `json:"reason,omitempty"`
	// Field is the request field a rejected row's reason names, which is also its
	// column, such as "title", "rice.impact" or "assets[1]" (the list's second item).
	Field string `json:"field,omitempty"`
	// pastDue marks a row refused only for its past due date: if an earlier run
	// started it, it is a duplicate, so the server is asked.
	pastDue bool
}

// importTotals counts the rows by outcome.
type importTotals struct {
	Rows      int `json:"rows"`
	Started   int `json:"started"`
	Duplicate int `json:"duplicate"`
	Rejected  int `json:"rejected"`
	Failed    int `json:"failed"`
	Valid     int `json:"valid"`
}

// indexes lists the rows with an outcome.
func (r importReport) indexes(outcome string) []int {
	var is []int
	for i, res := range r.Rows {
		if res.Outcome == outcome {
			is = append(is, i)
		}
	}
	return is
}

// pastDue lists the rows refused only for a due date that has passed.
func (r importReport) pastDue() []int {
	var is []int
	for i, res := range r.Rows {
		if res.pastDue {
			is = append(is, i)
		}
	}
	return is
}

func (r *importReport) total() {
	r.Totals = importTotals{
		Rows: len(r.Rows), Started: len(r.indexes(outcomeStarted)), Duplicate: len(r.indexes(outcomeDuplicate)),
		Rejected: len(r.indexes(outcomeRejected)), Failed: len(r.indexes(outcomeFailed)), Valid: len(r.indexes(outcomeValid)),
	}
}

// err makes starter exit non-zero when a row was rejected or failed, so a script notices.
func (r importReport) err() error {
	t := r.Totals
	switch {
	case t.Rejected+t.Failed == 0:
		return nil
	case r.DryRun:
		return fmt.Errorf("import %s: %d of %d rows rejected; fix them before importing", r.File, t.Rejected, t.Rows)
	}
	return fmt.Errorf("import %s: %d of %d rows rejected, %d failed; fix the rejected rows and rerun the file: rows already started come back as duplicates", r.File, t.Rejected, t.Rows, t.Failed)
}

// printImport shows the report as a table, then each row's reason, then the totals.
func (e *env) printImport(r importReport) error {
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tREQUEST\tOUTCOME\tTASK\tTIER")
	for _, res := range r.Rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", res.Row, orDash(res.RequestID), res.Outcome, orDash(res.TaskID), orDash(string(res.Tier)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, res := range r.Rows {
		if res.Reason != "" {
			fmt.Fprintf(e.out, "row %d: %s\n", res.Row, res.Reason)
		}
	}
	t := r.Totals
	if r.DryRun {
		_, err := fmt.Fprintf(e.out, "Dry run, nothing started: %d rows, %d valid, %d duplicate, %d rejected.\n", t.Rows, t.Valid, t.Duplicate, t.Rejected)
		return err
	}
	_, err := fmt.Fprintf(e.out, "Totals: %d rows, %d started, %d duplicate, %d rejected, %d failed.\n", t.Rows, t.Started, t.Duplicate, t.Rejected, t.Failed)
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
