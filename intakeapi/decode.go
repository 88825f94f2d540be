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

// InputError is a body Lanes cannot take as sent: malformed JSON, an unknown field,
// a wrong type, or an action its signal's checks refuse. It answers 400, where a
// request that reads but fails intake's checks answers 422. Err is most often a
// *strictjson.FieldError, which names the field.
type InputError struct {
	Err error
}

func (e *InputError) Error() string { return e.Err.Error() }

func (e *InputError) Unwrap() error { return e.Err }

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
	err := decodeInto(data, &v, what, fields)
	return v, err
}

// decodeInto is decodeStrict into v, a pointer.
func decodeInto(data []byte, v any, what, fields string) error {
	var strict *strictjson.FieldError
	if err := strictjson.Check(data); errors.As(err, &strict) {
		return &InputError{Err: strict}
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return &InputError{Err: strictjson.Fieldf("body", "null").Fixf("send a JSON %s", what)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return &InputError{Err: strictjson.Fieldf("body", "empty").Fixf("send a JSON %s", what)}
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return &InputError{Err: strictjson.Fieldf("body", "%s is not a JSON %s object", typeErr.Value, what)}
		}
		return &InputError{Err: strictjson.Fieldf(field, "%s is the wrong type", typeErr.Value).Fixf("want %s", typeErr.Type)}
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		if e := unknownField(data, reflect.TypeOf(v), fields); e != nil {
			return e
		}
		// not found by the walk; the decoder's own (quoted) name
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &InputError{Err: strictjson.Fieldf(field, "unknown field").Fixf("the fields are %s", fields)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &InputError{Err: strictjson.Fieldf("body", "not JSON (it ends early)").Fixf("send a JSON %s", what)}
	case errors.As(err, &syntaxErr):
		return &InputError{Err: strictjson.Fieldf("body", "not JSON (%s at byte %d)", syntaxErr, syntaxErr.Offset).Fixf("send a JSON %s", what)}
	case err != nil:
		return &InputError{Err: strictjson.Fieldf("body", "not a JSON %s: %s", what, strings.TrimPrefix(err.Error(), "json: "))}
	}
	// Anything but white space after the object, even a stray "]", is a mistake to name.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &InputError{Err: strictjson.Fieldf("body", "holds more than one JSON value").Fixf("send one object per request")}
	}
	// encoding/json takes "TITLE" as title; Lanes' names are exact.
	if e := unknownField(data, reflect.TypeOf(v), fields); e != nil {
		return e
	}
	return nil
}

// unknownField names the first name in the body, in its order, that is not exactly
// a field's, and the fields its object takes; nil when there is none.
func unknownField(data []byte, t reflect.Type, fields string) *InputError {
	path, known := strictjson.UnknownField(data, t)
	switch {
	case path == "":
		return nil
	case !strings.ContainsAny(path, ".["):
		return &InputError{Err: strictjson.Fieldf(path, "unknown field").Fixf("the fields are %s (names are case-sensitive)", fields)}
	}
	// A nested object's field: name its path and the fields that object takes.
	return &InputError{Err: strictjson.Fieldf(path, "unknown field").Fixf("the fields there are %s", strings.Join(known, ", "))}
}
