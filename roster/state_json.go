package roster

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
)

// A roster carries its state across continue-as-new deflated. Its bookings, its
// week of completions and the tasks released lately are JSON objects with the same
// keys thousands of times: 0.5 MB with a queue of 10,000, which every run's first
// workflow task reads and every replay of the run reads again. Deflated, about a
// fifth of that. People read a roster through its query (`starter roster`), not
// through its input.

// carriedState is the state as its workflow's input holds it.
type carriedState struct {
	// Deflated is the state's JSON, deflated.
	Deflated []byte `json:"deflated"`
}

// stateFields is a State's plain JSON: its fields, without its MarshalJSON.
type stateFields State

// MarshalJSON writes the state deflated.
func (s State) MarshalJSON() ([]byte, error) {
	plain, err := json.Marshal(stateFields(s))
	if err != nil {
		return nil, err
	}
	deflated, err := deflate(plain)
	if err != nil {
		return nil, err
	}
	return json.Marshal(carriedState{Deflated: deflated})
}

// UnmarshalJSON reads a deflated state, or the plain one the v1 baseline's rosters carried.
func (s *State) UnmarshalJSON(data []byte) error {
	var carried carriedState
	if err := json.Unmarshal(data, &carried); err != nil {
		return err
	}
	if carried.Deflated == nil {
		return json.Unmarshal(data, (*stateFields)(s))
	}
	plain, err := inflate(carried.Deflated)
	if err != nil {
		return fmt.Errorf("state.deflated: inflate: %w", err)
	}
	return json.Unmarshal(plain, (*stateFields)(s))
}

// deflate compresses what the roster carries, fast rather than small: it runs in
// the workflow task that continues as new.
func deflate(raw []byte) ([]byte, error) {
	var out bytes.Buffer
	zw, err := flate.NewWriter(&out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// inflate reads back what deflate wrote.
func inflate(deflated []byte) ([]byte, error) {
	return io.ReadAll(flate.NewReader(bytes.NewReader(deflated)))
}
