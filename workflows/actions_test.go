package workflows

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The task listens to the table's task actions, in the table's order.
func TestTaskListensToTheTablesActions(t *testing.T) {
	var names []string
	for _, a := range Actions() {
		if !a.Escalation {
			names = append(names, a.Name)
		}
	}
	require.Equal(t, names, HumanActions())
}

// Each action's JSON is what people send today with `temporal workflow signal`: a
// body with every field decodes into the message and encodes back to the same
// object, and a body with only an actor encodes as it did before the header was shared.
func TestActionBodiesDecodeAsBefore(t *testing.T) {
	const header = `"signalId": "s-1", "actor": "alice", "sentAt": "2026-12-01T15:00:00Z"`
	for _, tt := range []struct {
		name, full, minimal string
	}{
		{SignalAcknowledge, `{` + header + `, "note": "on it"}`, `{"actor":"alice"}`},
		{SignalComplete, `{` + header + `, "outcome": "resolved", "note": "done", "hours": 1.5}`, `{"actor":"alice","outcome":""}`},
		{SignalHandBack, `{` + header + `, "reason": "out sick"}`, `{"actor":"alice"}`},
		{SignalReassign, `{` + header + `, "to": "bob", "reason": "skills"}`, `{"actor":"alice","to":""}`},
		{SignalWaitOnRequester, `{` + header + `, "reason": "the brief"}`, `{"actor":"alice"}`},
		{SignalResume, `{` + header + `, "note": "answered"}`, `{"actor":"alice"}`},
		{SignalRaiseSeverity, `{` + header + `, "scores": {"latency": 5, "criticality": 5, "automation": 2}, "reason": "live"}`,
			`{"actor":"alice","scores":{"latency":0,"criticality":0,"automation":0}}`},
		{SignalBlock, `{` + header + `, "dependency": "legal"}`, `{"actor":"alice","dependency":""}`},
		{SignalFlagCompliance, `{` + header + `, "reason": "uncleared claim"}`, `{"actor":"alice","reason":""}`},
		{SignalApprove, `{` + header + `, "note": "fine"}`, `{"actor":"alice"}`},
		{SignalEscalationAck, `{` + header + `, "note": "took it"}`, `{"actor":"alice"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := LookupAction(tt.name)
			require.True(t, ok)
			got, err := a.Decode([]byte(tt.full))
			require.NoError(t, err)
			requireSameJSON(t, tt.full, got)
			id, actor := got.Header()
			require.Equal(t, [2]string{"s-1", "alice"}, [2]string{id, actor})

			empty := a.New()
			require.NoError(t, json.Unmarshal([]byte(`{"actor":"alice"}`), empty))
			requireSameJSON(t, tt.minimal, empty)

			_, err = a.Decode([]byte(`{"actor": "alice", "mood": "happy"}`))
			require.ErrorContains(t, err, `unknown field "mood"`, "strictjson still refuses unknown fields")
			_, err = a.Decode([]byte(`{"signalId": "s-1", "Actor": "alice"}`))
			require.ErrorContains(t, err, "Actor: unknown field", "and names in another case, in the shared header too")
		})
	}
}

func requireSameJSON(t *testing.T, want string, got any) {
	t.Helper()
	data, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, want, string(data))
}

// The table's fields are the message's: a door asks for every field the task reads.
func TestActionFieldsAreTheMessages(t *testing.T) {
	for _, a := range Actions() {
		var names []string
		var walk func(reflect.Type)
		walk = func(t reflect.Type) {
			for i := range t.NumField() {
				f := t.Field(i)
				if f.Anonymous {
					walk(f.Type)
					continue
				}
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				names = append(names, name)
			}
		}
		walk(reflect.TypeOf(a.New()).Elem())
		names = slices.DeleteFunc(names, func(n string) bool { return n == "sentAt" || n == "identity" })
		require.Equal(t, names, a.FieldNames(), a.Name)
	}
}
