// Package strictjson reads the JSON that reaches Lanes from outside (intake requests,
// people's actions, roster changes, files) strictly, where encoding/json is lenient:
// a name given twice, a name in the wrong case, text that is not UTF-8 and control
// characters are refused, each with the field it is in, instead of being read one
// way or another.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// FieldError is input refused for one field: what is wrong with it and how to put
// it right. It reads on its own as "title: required; say in one line what is asked",
// and a door that shows fields apart (the HTTP answer's field, a CSV report's
// column) finds it with errors.As instead of reading the text.
type FieldError struct {
	// Field is the path of the field at fault, such as "title", "daci.informed[1]" or "body".
	Field string
	// Message says what is wrong, such as "required".
	Message string
	// Fix says how to put it right; empty when the message says it.
	Fix string
}

func (e *FieldError) Error() string {
	if e.Fix == "" {
		return e.Field + ": " + e.Message
	}
	return e.Field + ": " + e.Message + "; " + e.Fix
}

// Fieldf is a FieldError whose message is formatted; Fixf adds the fix.
func Fieldf(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Fixf sets how to put the field right and returns e.
func (e *FieldError) Fixf(format string, args ...any) *FieldError {
	e.Fix = fmt.Sprintf(format, args...)
	return e
}

// Check refuses what encoding/json would read loosely: a name given twice in an
// object, text that is not UTF-8 (invalid bytes or a lone surrogate escape), and
// control characters other than tab, line feed and carriage return in a string or
// name. Other syntax errors are left to the decoder, which words them better.
func Check(data []byte) error {
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.ReadToken()
		var syntax *jsontext.SyntacticError
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &syntax):
			return syntaxError(syntax)
		case err != nil:
			return nil
		}
		if tok.Kind() == '"' {
			if i := strings.IndexFunc(tok.String(), isForbiddenControl); i >= 0 {
				c := []rune(tok.String()[i:])[0]
				if kind, n := dec.StackIndex(dec.StackDepth()); kind == '{' && n%2 == 1 {
					return Fieldf(fieldOf(dec.StackPointer().Parent()), "the name %q holds the control character %U", tok.String(), c).Fixf("use the field names Lanes documents")
				}
				return Fieldf(fieldOf(dec.StackPointer()), "holds the control character %U", c).Fixf("remove it (only tabs and line breaks may appear in text)")
			}
		}
		if dec.StackDepth() == 0 {
			return nil // the first value is whole; what follows it is the decoder's to name
		}
	}
}

func isForbiddenControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}

func syntaxError(e *jsontext.SyntacticError) error {
	field := fieldOf(e.JSONPointer)
	switch {
	case errors.Is(e.Err, jsontext.ErrDuplicateName):
		return Fieldf(field, "appears twice in its object").Fixf("send each field once")
	case strings.Contains(e.Err.Error(), "UTF-8"), strings.Contains(e.Err.Error(), "surrogate"):
		return Fieldf(field, "is not valid UTF-8 text (%v)", e.Err).Fixf("send text as UTF-8")
	}
	return nil
}

// fieldOf turns a JSON pointer, "/daci/informed/1", into Lanes' field path,
// "daci.informed[1]"; the top level is "body".
func fieldOf(p jsontext.Pointer) string {
	var b strings.Builder
	for name := range p.Tokens() {
		if i, err := strconv.Atoi(name); err == nil && b.Len() > 0 {
			fmt.Fprintf(&b, "[%d]", i)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(name)
	}
	if b.Len() == 0 {
		return "body"
	}
	return b.String()
}

// Unmarshal reads one JSON object into v, a pointer: Check's rules, then
// encoding/json with unknown fields refused, then every name matched to a field
// exactly, case included. A body that is not an object, such as null, is refused as
// "body". Errors other than FieldError are encoding/json's, for the caller to word.
func Unmarshal(data []byte, v any) error {
	if err := Check(data); err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return Fieldf("body", "is null").Fixf("send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Fieldf("body", "holds more than one JSON value").Fixf("send one object")
	}
	if path, known := UnknownField(data, reflect.TypeOf(v)); path != "" {
		return Fieldf(path, "unknown field").Fixf("the fields there are %s (names are case-sensitive)", strings.Join(known, ", "))
	}
	return nil
}

// UnknownField finds the first name in data, in the order it is written, that is
// not exactly the JSON name of a field of t, and the names its object takes. It
// walks into nested objects and lists; "" means every name is known.
func UnknownField(data []byte, t reflect.Type) (string, []string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "", nil
		}
		var items []json.RawMessage
		if json.Unmarshal(data, &items) != nil {
			return "", nil
		}
		for i, item := range items {
			if path, known := UnknownField(item, t.Elem()); path != "" {
				return joinPath(fmt.Sprintf("[%d]", i), path), known
			}
		}
		return "", nil
	case reflect.Struct:
	default:
		return "", nil
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return "", nil // the type reads itself
	}
	fields, known := jsonFields(t)
	keys, values := objectInOrder(data)
	for i, k := range keys {
		ft, ok := fields[k]
		if !ok {
			return k, known
		}
		if path, nested := UnknownField(values[i], ft); path != "" {
			return joinPath(k, path), nested
		}
	}
	return "", nil
}

// joinPath puts a nested field's path after its parent's: "daci.informed", "people[2].skills".
func joinPath(parent, path string) string {
	if strings.HasPrefix(path, "[") {
		return parent + path
	}
	return parent + "." + path
}

// jsonFields are the JSON names of t's fields, embedded structs' promoted ones included.
func jsonFields(t reflect.Type) (map[string]reflect.Type, []string) {
	fields := map[string]reflect.Type{}
	var known []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case tag == "-" || !f.IsExported() && !f.Anonymous:
			continue
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			inner, innerKnown := jsonFields(f.Type)
			for k, v := range inner {
				fields[k] = v
			}
			known = append(known, innerKnown...)
			continue
		case name == "":
			name = f.Name
		}
		fields[name] = f.Type
		known = append(known, name)
	}
	return fields, known
}

// objectInOrder reads the first JSON value as an object's names and values, in order; nothing when it is not an object.
func objectInOrder(data []byte) ([]string, []json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	var keys []string
	var values []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		var value json.RawMessage
		if err != nil || !isKey || dec.Decode(&value) != nil {
			return nil, nil
		}
		keys, values = append(keys, key), append(values, value)
	}
	return keys, values
}

// ValidText says what is wrong with one field's text from outside, or nil: it must
// be UTF-8 without control characters other than tabs and line breaks.
func ValidText(field, s string) error {
	if !utf8.ValidString(s) {
		return Fieldf(field, "is not valid UTF-8 text").Fixf("send text as UTF-8")
	}
	if i := strings.IndexFunc(s, isForbiddenControl); i >= 0 {
		return Fieldf(field, "holds the control character %U", []rune(s[i:])[0]).Fixf("remove it (only tabs and line breaks may appear in text)")
	}
	return nil
}
