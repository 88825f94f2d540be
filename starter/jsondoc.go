package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lanes-dev/lanes/strictjson"
)

// jsonDoc says what a JSON file holds, so its errors name the fields a reader may use.
type jsonDoc struct {
	// what the file holds, such as "intake request".
	what string
	// fields lists the fields, for an unknown one.
	fields string
	// one says what to do with a file of several objects.
	one string
}

// decodeStrict decodes one JSON object, refusing unknown fields, names given twice
// or in another case, text that is not UTF-8 and control characters, and naming the
// field of any mistake.
func decodeStrict[T any](data []byte, name string, doc jsonDoc) (T, error) {
	var v T
	err := strictjson.Unmarshal(data, &v)
	var strict *strictjson.FieldError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &strict) && strict.Field == "body" && strings.Contains(strict.Message, "more than one"):
		return v, fmt.Errorf("%s: holds more than one JSON object; %s", name, doc.one)
	case errors.As(err, &strict):
		return v, fmt.Errorf("%s: %w", name, strict)
	case errors.As(err, &typeErr):
		return v, fmt.Errorf("%s: field %s: %s is the wrong type; want %s", name, typeErr.Field, typeErr.Value, typeErr.Type)
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field"):
		return v, fmt.Errorf("%s: %s; the fields are %s", name, strings.TrimPrefix(err.Error(), "json: "), doc.fields)
	case err != nil:
		return v, fmt.Errorf("%s: not a JSON %s: %w", name, doc.what, err)
	}
	return v, nil
}

// readFile reads the file a flag names, or stdin for "-", refusing more than limit bytes.
func readFile(flagName, path string, stdin io.Reader, limit int, tooBig string) ([]byte, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", flagName, err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flagName, path, err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%s %s: over %d bytes; %s", flagName, path, limit, tooBig)
	}
	return data, nil
}
