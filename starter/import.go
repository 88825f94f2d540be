package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// maxImportBytes bounds an import file: thousands of rows, read whole before anything starts.
const maxImportBytes = 8 << 20

// The bounds of --concurrency: each row in flight is one start request to Temporal.
const (
	defaultImportConcurrency = 8
	maxImportConcurrency     = 64
)

// importTasks starts one task per row of a CSV file and reports what became of each
// row. Every row is checked before any starts, and each starts once, so a rerun of
// the same file starts nothing new.
func (e *env) importTasks(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(e.out)
	fs.Usage = func() {
		fmt.Fprintln(e.out, "usage: starter import FILE.csv|- [flags]   (docs/intake.md, \"Bulk intake from a spreadsheet\", lists the columns)")
		fs.PrintDefaults()
	}
	dryRun := fs.Bool("dry-run", false, "check every row against the catalog and start nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	concurrency := fs.Int("concurrency", defaultImportConcurrency, fmt.Sprintf("how many rows to submit at once (1–%d)", maxImportConcurrency))
	path, err := parseFileArg(fs, args)
	if err != nil {
		return err
	}
	if *concurrency < 1 || *concurrency > maxImportConcurrency {
		return fmt.Errorf("--concurrency: %d is outside 1–%d; %d suits most servers", *concurrency, maxImportConcurrency, defaultImportConcurrency)
	}
	data, err := readFile("import", path, e.stdin, maxImportBytes, "split it into smaller files, each of which imports and reruns on its own")
	if err != nil {
		return err
	}
	rows, err := readImportCSV(data, path)
	if err != nil {
		return err
	}
	report := importReport{File: path, DryRun: *dryRun, Rows: e.checkRows(rows)}
	if todo := append(report.indexes(outcomeValid), report.pastDue()...); !*dryRun && len(todo) > 0 {
		in, closeClient, err := e.dial(ctx)
		if err != nil {
			return err
		}
		defer closeClient()
		submitRows(ctx, in, rows, report.Rows, todo, *concurrency)
	}
	report.total()
	if *asJSON {
		err = e.printJSON(report)
	} else {
		err = e.printImport(report)
	}
	if err != nil {
		return err
	}
	return report.err()
}

// parseFileArg parses import's flags on either side of its one argument: the file, or - for stdin.
func parseFileArg(fs *flag.FlagSet, args []string) (string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	switch len(files) {
	case 0:
		return "", errors.New("FILE: required; name the CSV file to import, or - for stdin, like starter import requests.csv")
	case 1:
		return files[0], nil
	}
	return "", fmt.Errorf("unexpected argument %q; import one file at a time", files[1])
}

// checkRows prepares every row as Submit would, starting nothing: a row that does
// not read or that intake refuses is rejected, and a row whose request ID an earlier
// row has is a duplicate of that row, since only one of them can start.
func (e *env) checkRows(rows []importRow) []importResult {
	prep := &intake.Client{Catalog: e.catalog, Now: e.now}
	results := make([]importResult, len(rows))
	first := map[string]int{} // request ID → the index of the first row with it
	for i := range rows {
		row := &rows[i]
		res := importResult{Row: row.line, RequestID: row.req.RequestID, Outcome: outcomeRejected}
		err := row.err
		if err == nil {
			err = prep.Prepare(&row.req)
		}
		if err != nil {
			res.Reason, res.pastDue = err.Error(), errors.Is(err, intake.ErrDueDatePassed)
			var field *strictjson.FieldError
			if errors.As(err, &field) {
				res.Field = field.Field
			}
			results[i] = res
			continue
		}
		res.TaskID, res.Tier = workflows.TaskWorkflowID(row.req.RequestID), row.req.Triage.Tier
		if j, seen := first[row.req.RequestID]; seen {
			res.Outcome, res.Reason = outcomeDuplicate, sameRequest(rows[j], *row)
		} else {
			first[row.req.RequestID], res.Outcome = i, outcomeValid
		}
		results[i] = res
	}
	return results
}

// sameRequest says why a row is a duplicate of an earlier one.
func sameRequest(first, later importRow) string {
	if reflect.DeepEqual(first.req, later.req) {
		return fmt.Sprintf("the same request as row %d", first.line)
	}
	return fmt.Sprintf("requestId %s is row %d's too, and only row %d starts; give this row its own requestId", later.req.RequestID, first.line, first.line)
}

// submitRows starts the rows at todo, prepared by checkRows, at most concurrency at
// a time. Start starts a request once, so a row an earlier run started comes back a
// duplicate.
func submitRows(ctx context.Context, in *intake.Client, rows []importRow, results []importResult, todo []int, concurrency int) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(concurrency, len(todo)) {
		wg.Go(func() {
			for i := range next {
				results[i] = submitRow(ctx, in, rows[i].req, results[i])
			}
		})
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
}

func submitRow(ctx context.Context, in *intake.Client, req workflows.TaskRequest, res importResult) importResult {
	if res.pastDue {
		// Refused for its due date: a duplicate if an earlier run started it, else still refused.
		if sub, ok := in.Started(ctx, req.RequestID); ok {
			res.Outcome, res.TaskID, res.Reason, res.Field = outcomeDuplicate, sub.TaskID, "started before its due date passed", ""
		}
		return res
	}
	sub, err := in.Start(ctx, req)
	switch {
	case err != nil:
		res.Outcome = outcomeFailed
		res.Reason = strings.TrimSuffix(err.Error(), ".") + "; rerunning the file is safe: a row that did start comes back as a duplicate"
	case sub.Duplicate:
		res.Outcome = outcomeDuplicate
	default:
		res.Outcome = outcomeStarted
	}
	return res
}
