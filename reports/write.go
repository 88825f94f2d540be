package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes the report for a spreadsheet: one block per table, each led by
// its header row. The first column names the table on every row, so a filter on
// it keeps one table; the first block, "report", says what the report covers.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"table", "report", "team", "from", "to", "zone", "at"})
	_ = cw.Write([]string{"report", r.Name, r.Team, r.From.In(r.Zone).Format(time.RFC3339), r.To.In(r.Zone).Format(time.RFC3339), r.Zone.String(), r.At.In(r.Zone).Format(time.RFC3339)})
	for _, t := range r.Tables {
		head := []string{"table"}
		for _, c := range t.Columns {
			head = append(head, c.Key)
		}
		_ = cw.Write(head)
		for _, row := range t.Rows {
			rec := []string{t.Name}
			for i, v := range row {
				rec = append(rec, plainValue(t.Columns[i].Kind, v, r.Zone))
			}
			_ = cw.Write(rec)
		}
	}
	if len(r.Notes) > 0 {
		_ = cw.Write([]string{"table", "note"})
	}
	for _, n := range r.Notes {
		_ = cw.Write([]string{"note", n})
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the report for a script: what it covers, then each table's
// rows as objects keyed by the columns' CSV keys, in column order.
func WriteJSON(w io.Writer, r *Report) error {
	type table struct {
		Name  string      `json:"name"`
		Title string      `json:"title"`
		Rows  []jsonValue `json:"rows"`
	}
	out := struct {
		Report string    `json:"report"`
		Team   string    `json:"team"`
		From   time.Time `json:"from"`
		To     time.Time `json:"to"`
		Zone   string    `json:"zone"`
		At     time.Time `json:"at"`
		Tables []table   `json:"tables"`
		Notes  []string  `json:"notes"`
	}{Report: r.Name, Team: r.Team, From: r.From.In(r.Zone), To: r.To.In(r.Zone), Zone: r.Zone.String(), At: r.At.In(r.Zone), Notes: r.Notes}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, t := range r.Tables {
		jt := table{Name: t.Name, Title: t.Title, Rows: []jsonValue{}}
		for _, row := range t.Rows {
			jt.Rows = append(jt.Rows, jsonRow(t.Columns, row, r.Zone))
		}
		out.Tables = append(out.Tables, jt)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonValue is JSON already written, so a row's keys keep the columns' order.
type jsonValue = json.RawMessage

func jsonRow(cols []Column, row []any, zone *time.Location) jsonValue {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, v := range row {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(cols[i].Key)
		b.Write(key)
		b.WriteByte(':')
		b.Write(jsonCell(cols[i].Kind, v, zone))
	}
	b.WriteByte('}')
	return b.Bytes()
}

func jsonCell(kind Kind, v any, zone *time.Location) []byte {
	var out any
	switch kind {
	case Text, Count:
		out = v
	case Hours, Number, Share, Duration:
		out = number(kind, v)
	case Instant, Date:
		t, ok := instant(v)
		if !ok {
			return []byte("null")
		}
		out = plainValue(kind, t, zone)
	}
	data, err := json.Marshal(out)
	if err != nil {
		return []byte("null")
	}
	return data
}

// number is a numeric cell as CSV and JSON give it: hours and numbers to the hundredth, shares
// to the ten-thousandth, durations in minutes to the hundredth.
func number(kind Kind, v any) float64 {
	switch kind {
	case Duration:
		return round(v.(time.Duration).Minutes(), 2)
	case Share:
		return round(v.(float64), 4)
	}
	return round(v.(float64), 2)
}

func round(f float64, places int) float64 {
	scale := math.Pow(10, float64(places))
	return math.Round(f*scale) / scale
}

// spreadsheetText keeps a text a spreadsheet would run as a formula (a business
// unit or title from an intake request starting with =, +, -, @, a tab or a
// carriage return) as text, with the apostrophe spreadsheets take for that.
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// plainValue is a cell as CSV writes it.
func plainValue(kind Kind, v any, zone *time.Location) string {
	switch kind {
	case Text:
		return spreadsheetText(v.(string))
	case Count:
		return strconv.Itoa(v.(int))
	case Hours, Number, Share, Duration:
		return strconv.FormatFloat(number(kind, v), 'f', -1, 64)
	case Instant:
		if t, ok := instant(v); ok {
			return t.In(zone).Format(time.RFC3339)
		}
	case Date:
		if t, ok := instant(v); ok {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}

// instant reads an Instant or Date cell: a time.Time, or a *time.Time that may be nil.
func instant(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t != nil && !t.IsZero() {
			return *t, true
		}
	}
	return time.Time{}, false
}
