package intakeapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
)

// InputError is a request body that cannot be read: malformed JSON, an unknown
// field or a wrong type. Field names the field when there is one.
type InputError struct {
	Field   string
	Message string
}

func (e *InputError) Error() string { return e.Message }

// readBody reads at most MaxBodyBytes; a larger body is a 413 failure.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *failure) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &failure{status: http.StatusRequestEntityTooLarge, body: apiError{
			Field: "body", Message: fmt.Sprintf("body over %d bytes; link large content instead of embedding it in payload", MaxBodyBytes),
		}}
	case err != nil:
		return nil, &failure{status: http.StatusBadRequest, body: apiError{Field: "body", Message: "body could not be read: " + err.Error()}}
	}
	return data, nil
}

// decodeStrict decodes one JSON object, refusing unknown fields and naming the field of any mistake.
func decodeStrict[T any](data []byte, what, fields string) (T, error) {
	var v T
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&v)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return v, &InputError{Field: "body", Message: fmt.Sprintf("body: empty; send a JSON %s", what)}
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return v, &InputError{Field: "body", Message: fmt.Sprintf("body: %s is not a JSON %s object", typeErr.Value, what)}
		}
		return v, &InputError{Field: field, Message: fmt.Sprintf("%s: %s is the wrong type; want %s", field, typeErr.Value, typeErr.Type)}
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		path, known := unknownFieldPath(data, reflect.TypeFor[T]())
		switch len(path) {
		case 0: // not found by the walk; the decoder's own (quoted) name
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return v, &InputError{Field: field, Message: fmt.Sprintf("%s: unknown field; the fields are %s", field, fields)}
		case 1:
			return v, &InputError{Field: path[0], Message: fmt.Sprintf("%s: unknown field; the fields are %s", path[0], fields)}
		}
		// A nested object's field: name its path and the fields that object takes.
		at := strings.Join(path, ".")
		return v, &InputError{Field: at, Message: fmt.Sprintf("%s: unknown field; the fields there are %s", at, strings.Join(known, ", "))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return v, &InputError{Field: "body", Message: fmt.Sprintf("body: not JSON (it ends early); send a JSON %s", what)}
	case errors.As(err, &syntaxErr):
		return v, &InputError{Field: "body", Message: fmt.Sprintf("body: not JSON (%s at byte %d); send a JSON %s", syntaxErr, syntaxErr.Offset, what)}
	case err != nil:
		return v, &InputError{Field: "body", Message: fmt.Sprintf("body: not a JSON %s: %s", what, strings.TrimPrefix(err.Error(), "json: "))}
	}
	// Anything but white space after the object, even a stray "]", is a mistake to name.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return v, &InputError{Field: "body", Message: "body: holds more than one JSON value; send one object per request"}
	}
	return v, nil
}

// unknownFieldPath finds the first key, in the body's order as the decoder reads
// it, that no field of t takes (keys match case-insensitively, as in encoding/json),
// and the fields its object takes.
func unknownFieldPath(data []byte, t reflect.Type) ([]string, []string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, nil
	}
	keys, values := objectInOrder(data)
	fields := map[string]reflect.Type{}
	known := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		fields[strings.ToLower(name)] = t.Field(i).Type
		known = append(known, name)
	}
	for i, k := range keys {
		ft, ok := fields[strings.ToLower(k)]
		if !ok {
			return []string{k}, known
		}
		if path, nested := unknownFieldPath(values[i], ft); path != nil {
			return append([]string{k}, path...), nested
		}
	}
	return nil, nil
}

// objectInOrder reads the first JSON value as an object's keys and values, in order; nothing when it is not an object.
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
