package main

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// importColumn is a column an import file may have: a TaskRequest field, named by
// its JSON path. The columns come from the request's JSON tags, so a field added to
// the request is a column without a change here.
type importColumn struct {
	// name is the field's JSON path, such as "title" or "rice.reach".
	name string
	// index leads to the field through TaskRequest and the structs it points to.
	index []int
	// order is the column's place in TaskRequest, which orders a row's cells for its request ID.
	order int
}

// listSeparator splits a list cell: a comma would need quoting, and people type ";" in spreadsheets.
const listSeparator = ";"

var rawJSONType = reflect.TypeFor[json.RawMessage]()

// importColumns lists the request's columns in TaskRequest's order, nested structs
// flattened with dots. Triage is left out: intake sets it from the catalog's policy.
func importColumns() ([]importColumn, error) {
	var cols []importColumn
	if err := addColumns(&cols, reflect.TypeFor[workflows.TaskRequest](), "", nil); err != nil {
		return nil, err
	}
	for i := range cols {
		cols[i].order = i
	}
	return cols, nil
}

func addColumns(cols *[]importColumn, t reflect.Type, prefix string, index []int) error {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		path, idx := prefix+name, append(slices.Clone(index), i)
		switch {
		case path == "triage": // intake sets it
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			if err := addColumns(cols, f.Type.Elem(), path+".", idx); err != nil {
				return err
			}
		case readsFromCell(f.Type):
			*cols = append(*cols, importColumn{name: path, index: idx})
		default:
			return fmt.Errorf("request field %s: a %s has no spreadsheet form; teach starter import to read it", path, f.Type)
		}
	}
	return nil
}

func readsFromCell(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Slice:
		return t == rawJSONType || t.Elem().Kind() == reflect.String
	}
	return false
}

// set parses a filled cell by its field's type and writes it into req, creating the
// nested struct (rice, priority, daci, scores) the first time one of its cells is filled.
func (c importColumn) set(req *workflows.TaskRequest, cell string) error {
	v := reflect.ValueOf(req).Elem()
	for _, i := range c.index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(cell)
	case reflect.Bool:
		b, err := parseYesNo(cell)
		if err != nil {
			return strictjson.Fieldf(c.name, "%q is not true or false", cell).Fixf("write true or false (yes or no)")
		}
		v.SetBool(b)
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || v.OverflowFloat(n) {
			return strictjson.Fieldf(c.name, "%q is not a number", cell).Fixf("write digits like 1500 or 0.5, without units or thousands separators")
		}
		v.SetFloat(n)
	case reflect.Slice:
		if v.Type() == rawJSONType {
			if !json.Valid([]byte(cell)) {
				return strictjson.Fieldf(c.name, "not JSON").Fixf(`write it like {"urls": ["https://example.com/?utm_source=news"]}`)
			}
			v.SetBytes([]byte(cell))
			return nil
		}
		v.Set(reflect.ValueOf(splitListCell(cell)).Convert(v.Type()))
	default: // the integer kinds, as readsFromCell allows
		n, err := strconv.ParseInt(cell, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return strictjson.Fieldf(c.name, "%q is not a whole number", cell).Fixf("write digits like 3")
		}
		v.SetInt(n)
	}
	return nil
}

// parseYesNo reads a yes/no cell the ways spreadsheets write it: TRUE, true, yes, 1.
func parseYesNo(cell string) (bool, error) {
	switch strings.ToLower(cell) {
	case "yes", "y":
		return true, nil
	case "no", "n":
		return false, nil
	}
	return strconv.ParseBool(strings.ToLower(cell))
}

// splitListCell splits a list cell on ";", dropping empty items such as a trailing ";".
func splitListCell(cell string) []string {
	var items []string
	for item := range strings.SplitSeq(cell, listSeparator) {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}
