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

	"github.com/lanes-dev/lanes/strictjson"
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

// decodeStrict decodes one JSON object, refusing unknown fields, names given twice
// or in another case, text that is not UTF-8 and control characters, and naming
// the field of any mistake.
func decodeStrict[T any](data []byte, what, fields string) (T, error) {
	var v T
	var strict *strictjson.FieldError
	if err := strictjson.Check(data); errors.As(err, &strict) {
		return v, &InputError{Field: strict.Field, Message: strict.Error()}
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return v, &InputError{Field: "body", Message: fmt.Sprintf("body: null; send a JSON %s", what)}
	}
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
		if e := unknownField(data, reflect.TypeFor[T](), fields); e != nil {
			return v, e
		}
		// not found by the walk; the decoder's own (quoted) name
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return v, &InputError{Field: field, Message: fmt.Sprintf("%s: unknown field; the fields are %s", field, fields)}
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
	// encoding/json takes "TITLE" as title; Lanes' names are exact.
	if e := unknownField(data, reflect.TypeFor[T](), fields); e != nil {
		return v, e
	}
	return v, nil
}

// unknownField names the first name in the body, in its order, that is not exactly
// a field's, and the fields its object takes; nil when there is none.
func unknownField(data []byte, t reflect.Type, fields string) *InputError {
	path, known := strictjson.UnknownField(data, t)
	switch {
	case path == "":
		return nil
	case !strings.ContainsAny(path, ".["):
		return &InputError{Field: path, Message: fmt.Sprintf("%s: unknown field; the fields are %s (names are case-sensitive)", path, fields)}
	}
	// A nested object's field: name its path and the fields that object takes.
	return &InputError{Field: path, Message: fmt.Sprintf("%s: unknown field; the fields there are %s", path, strings.Join(known, ", "))}
}
