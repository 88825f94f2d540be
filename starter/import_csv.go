package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lanes-dev/lanes/workflows"
)

// importRow is one data row of an import file, read into a request or refused.
type importRow struct {
	// line is where the row starts in the file; the header is line 1, as in a spreadsheet.
	line int
	req  workflows.TaskRequest
	// err is why the row cannot become a request; nil when it reads.
	err error
}

// utf8BOM starts the CSV files Excel saves as "CSV UTF-8".
const utf8BOM = "\ufeff"

// readImportCSV reads a spreadsheet export: a header row naming TaskRequest fields,
// then one request per row. A mistake in the header or the CSV itself refuses the
// whole file, before anything starts; a mistake in a cell refuses only its row.
func readImportCSV(data []byte, name string) ([]importRow, error) {
	cols, err := importColumns()
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(utf8BOM))))
	// Some exports drop a row's trailing empty cells, so rows may be shorter than the header.
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty; the first row names the columns, like requestId,taskType,title", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	byCell, err := headerColumns(header, cols)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var rows []importRow
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		if isBlank(record) {
			continue // an empty spreadsheet row between requests
		}
		line, _ := r.FieldPos(0)
		row := importRow{line: line}
		row.req, row.err = readRow(record, byCell)
		rows = append(rows, row)
	}
}

func csvError(name string, err error) error {
	return fmt.Errorf("%s: %w; quote cells that hold commas, quotes or line breaks, as spreadsheets do when they export CSV", name, err)
}

// headerColumns matches each header cell to its column, ignoring case and spaces.
func headerColumns(header []string, cols []importColumn) ([]importColumn, error) {
	known := make(map[string]importColumn, len(cols))
	names := make([]string, len(cols))
	for i, c := range cols {
		known[strings.ToLower(c.name)] = c
		names[i] = c.name
	}
	byCell := make([]importColumn, len(header))
	seen := map[string]int{}
	for i, cell := range header {
		c, ok := known[strings.ToLower(strings.TrimSpace(cell))]
		switch {
		case strings.TrimSpace(cell) == "":
			return nil, fmt.Errorf("header: column %d has no name; name it or delete the column", i+1)
		case !ok:
			return nil, fmt.Errorf("header: unknown column %q; the columns are %s", cell, strings.Join(names, ", "))
		case seen[c.name] > 0:
			return nil, fmt.Errorf("header: columns %d and %d are both %s; keep one", seen[c.name], i+1, c.name)
		}
		seen[c.name] = i + 1
		byCell[i] = c
	}
	for _, required := range []string{"taskType", "title"} {
		if seen[required] == 0 {
			return nil, fmt.Errorf("header: no %s column; every row needs a taskType and a title", required)
		}
	}
	return byCell, nil
}

// readRow sets a request's fields from a row's cells; an empty cell leaves its field not given.
// Every cell is read, so a rejected row still shows the requestId it gives. A row
// without a requestId gets one derived from its cells, so a rerun finds it again.
func readRow(record []string, byCell []importColumn) (workflows.TaskRequest, error) {
	var req workflows.TaskRequest
	if len(record) > len(byCell) {
		return req, fmt.Errorf("%d cells, but the header names %d columns; quote cells that hold commas", len(record), len(byCell))
	}
	var given []givenCell
	var firstErr error
	for i, cell := range record {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		if err := byCell[i].set(&req, cell); err != nil {
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		given = append(given, givenCell{column: byCell[i], value: cell})
	}
	if firstErr != nil {
		return req, firstErr
	}
	if req.RequestID == "" {
		req.RequestID = importRequestID(given)
	}
	return req, nil
}

// givenCell is a filled cell of a row, under its column.
type givenCell struct {
	column importColumn
	value  string
}

// importRequestID derives a row's request ID from its filled cells: the same cells
// under the same columns give the same ID whatever the column order, header case or
// spacing. It hashes the cells rather than the request so that a file's IDs stay the
// same when a new Lanes version adds fields to the request: a rerun after an upgrade
// must still start nothing new.
func importRequestID(given []givenCell) string {
	slices.SortFunc(given, func(a, b givenCell) int { return cmp.Compare(a.column.order, b.column.order) })
	pairs := make([][2]string, len(given))
	for i, g := range given {
		pairs[i] = [2]string{g.column.name, g.value}
	}
	// Strings always marshal, so there is no error to handle.
	data, _ := json.Marshal(pairs)
	sum := sha256.Sum256(data)
	return "import-" + hex.EncodeToString(sum[:8])
}

func isBlank(record []string) bool {
	for _, cell := range record {
		if strings.TrimSpace(cell) != "" {
			return false
		}
	}
	return true
}
