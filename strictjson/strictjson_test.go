package strictjson

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

type daci struct {
	Approver string   `json:"approver,omitempty"`
	Informed []string `json:"informed,omitempty"`
}

type header struct {
	SignalID string `json:"signalId,omitempty"`
}

type request struct {
	header
	Title    string          `json:"title"`
	TaskType string          `json:"taskType"`
	DACI     *daci           `json:"daci,omitempty"`
	People   []daci          `json:"people,omitempty"`
	Payload  json.RawMessage `json:"payload,omitempty"`
}

func TestDecodeRefusesWhatEncodingJSONReadsLoosely(t *testing.T) {
	for _, tt := range []struct {
		name, body, field, message string
	}{
		{"a name twice", `{"title":"a","title":"b"}`, "title", "title: appears twice in its object; send each field once"},
		{"an unknown type first, then a known one", `{"taskType":"nope","taskType":"ok","title":"a"}`, "taskType", "taskType: appears twice"},
		{"a name twice in a nested object", `{"title":"a","daci":{"approver":"x","approver":"y"}}`, "daci.approver", "daci.approver: appears twice"},
		{"a name in capitals", `{"TITLE":"a"}`, "TITLE", "TITLE: unknown field; the fields there are signalId, title, taskType, daci, people, payload (names are case-sensitive)"},
		{"a name in another case", `{"title":"a","TaskType":"t"}`, "TaskType", "TaskType: unknown field"},
		{"a nested name in another case", `{"title":"a","daci":{"Approver":"x"}}`, "daci.Approver", "daci.Approver: unknown field; the fields there are approver, informed"},
		{"a name in a list's object in another case", `{"title":"a","people":[{},{"INFORMED":[]}]}`, "people[1].INFORMED", "people[1].INFORMED: unknown field"},
		{"an embedded header's name in another case", `{"title":"a","SignalID":"s"}`, "SignalID", "SignalID: unknown field"},
		{"invalid UTF-8", "{\"title\":\"caf\xe9\"}", "title", "title: is not valid UTF-8 text"},
		{"a lone surrogate", `{"title":"a\ud800b"}`, "title", "title: is not valid UTF-8 text"},
		{"a NUL", `{"title":"a\u0000b"}`, "title", "title: holds the control character U+0000"},
		{"a bell in a list", `{"title":"a","daci":{"informed":["ok","b\u0007"]}}`, "daci.informed[1]", "daci.informed[1]: holds the control character U+0007"},
		{"a control character in a payload", `{"title":"a","payload":{"u":"\u001b[31m"}}`, "payload.u", "payload.u: holds the control character U+001B"},
		{"a control character in a name", "{\"ti\\u0001tle\":\"a\"}", "body", "holds the control character U+0001"},
		{"null", ` null `, "body", "body: is null; send a JSON object"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got request
			err := Unmarshal([]byte(tt.body), &got)
			var fe *FieldError
			require.True(t, errors.As(err, &fe), "want a FieldError, got %v", err)
			require.Equal(t, tt.field, fe.Field)
			require.Contains(t, fe.Error(), tt.message)
		})
	}
}

func TestDecodeTakesWhatIsWellFormed(t *testing.T) {
	var got request
	err := Unmarshal([]byte("{\"title\":\"Café\\tbrief\\nline two\",\"signalId\":\"s-1\",\"people\":[{\"approver\":\"maya\"}],\"payload\":{\"Any\":\"Case\",\"Any2\":1}}"), &got)
	require.NoError(t, err)
	require.Equal(t, "Café\tbrief\nline two", got.Title)
	require.Equal(t, "s-1", got.SignalID)
	require.Equal(t, "maya", got.People[0].Approver)
}

func TestDecodeLeavesOtherErrorsToEncodingJSON(t *testing.T) {
	var got request
	err := Unmarshal([]byte(`{"title":`), &got)
	var fe *FieldError
	require.False(t, errors.As(err, &fe))
	require.Error(t, err)
	err = Unmarshal([]byte(`{"title":1}`), &got)
	var typeErr *json.UnmarshalTypeError
	require.True(t, errors.As(err, &typeErr))
}

func TestValidText(t *testing.T) {
	require.NoError(t, ValidText("title", "Spring café\tlaunch\r\n"))
	require.EqualError(t, ValidText("title", "a\x00b"), "title: holds the control character U+0000; remove it (only tabs and line breaks may appear in text)")
	require.EqualError(t, ValidText("note", "\xff"), "note: is not valid UTF-8 text; send text as UTF-8")
}

func TestFieldErrorReadsAsFieldMessageAndFix(t *testing.T) {
	for _, tt := range []struct {
		err  *FieldError
		want string
	}{
		{Fieldf("title", "required").Fixf("say in one line what is asked"), "title: required; say in one line what is asked"},
		{Fieldf("payload", "not valid JSON"), "payload: not valid JSON"},
		{Fieldf("dueDate", "%q is not a date", "12:00").Fixf("write it as 2026-12-01T17:00:00-05:00"), `dueDate: "12:00" is not a date; write it as 2026-12-01T17:00:00-05:00`},
	} {
		require.EqualError(t, tt.err, tt.want)
	}
}
