package workflows

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/strictjson"
)

func TestTaskRequestValidateNamesTheField(t *testing.T) {
	good := TaskRequest{RequestID: "INT-1", TaskType: "launch-qa-blocker", Title: "Broken CTA"}
	require.NoError(t, good.Validate())
	for _, tc := range []struct {
		name   string
		change func(*TaskRequest)
		want   string
	}{
		{"request ID with spaces", func(r *TaskRequest) { r.RequestID = "INT 1" }, "requestId: ' ' at character 4 is a space or control character"},
		{"request ID with a non-ASCII letter", func(r *TaskRequest) { r.RequestID = "spring-café-1" }, "requestId: 'é' at character 11 is not ASCII; use printable ASCII letters, digits and punctuation"},
		{"request ID with a tab", func(r *TaskRequest) { r.RequestID = "a\tb" }, `requestId: '\t' at character 2 is a space or control character`},
		{"request ID not UTF-8", func(r *TaskRequest) { r.RequestID = "caf\xe9" }, "requestId: is not valid UTF-8; use printable ASCII"},
		{"request ID with a replaced lone surrogate", func(r *TaskRequest) { r.RequestID = "a\uFFFDb" }, "requestId: '�' at character 2 is not ASCII"},
		{"long request ID", func(r *TaskRequest) { r.RequestID = strings.Repeat("x", 201) }, "requestId: longer than 200"},
		{"title counted in characters", func(r *TaskRequest) { r.Title = strings.Repeat("é", 201) }, "title: 201 characters"},
		{"long description", func(r *TaskRequest) { r.Description = strings.Repeat("d", 4001) }, "description: over 4000"},
		{"long requester", func(r *TaskRequest) { r.Requester = strings.Repeat("r", 201) }, "requester: over 200 characters; give the ID"},
		{"three long fields: the first named, the rest listed", func(r *TaskRequest) {
			r.Requester, r.CampaignID, r.Assignee = strings.Repeat("r", 201), strings.Repeat("c", 201), strings.Repeat("a", 201)
		}, "requester: over 200 characters, and so are campaignId, assignee; give the ID"},
		{"a NUL in the title", func(r *TaskRequest) { r.Title = "Broken\x00CTA" }, "title: holds the control character U+0000"},
		{"an escape in an asset", func(r *TaskRequest) { r.Assets = []string{"https://x.example/a", "\x1b[31m"} }, "assets[1]: holds the control character U+001B"},
		{"invalid UTF-8 in the description", func(r *TaskRequest) { r.Description = "caf\xe9" }, "description: is not valid UTF-8"},
		{"a bell in an informed person", func(r *TaskRequest) { r.DACI = &Governance{Informed: []string{"pat\a"}} }, "daci.informed[0]: holds the control character U+0007"},
		{"role as assignee", func(r *TaskRequest) { r.Assignee = "role:reviewer" }, "assignee: name a person"},
		{"payload not JSON", func(r *TaskRequest) { r.Payload = []byte("{") }, "payload: not valid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.change(&r)
			require.ErrorContains(t, r.Validate(), tc.want)
		})
	}
	accented := good
	accented.Title = strings.Repeat("é", 200)
	require.NoError(t, accented.Validate(), "200 accented characters fit")
}

func TestDecodeSignalTrimsNames(t *testing.T) {
	s, err := DecodeSignal[ReassignSignal]([]byte(`{"actor":" alice ","to":" carol\n"}`))
	require.NoError(t, err)
	require.Equal(t, "alice", s.Actor)
	require.Equal(t, "carol", s.To)
	_, err = DecodeSignal[ReassignSignal]([]byte(`{"actor":"alice","to":" role:x"}`))
	require.ErrorContains(t, err, "to: required")
}

// Every door shows the field apart from the text, so Validate's errors carry it typed.
func TestTaskRequestValidateGivesFieldMessageAndFix(t *testing.T) {
	good := TaskRequest{RequestID: "INT-1", TaskType: "launch-qa-blocker", Title: "Broken CTA"}
	for _, tc := range []struct {
		name   string
		change func(*TaskRequest)
		want   strictjson.FieldError
	}{
		{"required", func(r *TaskRequest) { r.Title = " " }, strictjson.FieldError{Field: "title", Message: "required", Fix: "say in one line what is asked"}},
		{"a colon in the message", func(r *TaskRequest) { r.DueDate = "01/12/2026 17:00" }, strictjson.FieldError{
			Field: "dueDate", Message: `"01/12/2026 17:00" is not a date`, Fix: "write it as 2026-12-01 or 2026-12-01T17:00:00-05:00",
		}},
		{"a list entry", func(r *TaskRequest) { r.Assets = []string{"https://x.example/a", " "} }, strictjson.FieldError{Field: "assets[1]", Message: "empty", Fix: "remove it or fill it in"}},
		{"a nested field the catalog checks", func(r *TaskRequest) { r.RICE = &catalog.RICE{Reach: 1, Impact: 9, Confidence: 50, Effort: 1} }, strictjson.FieldError{
			Field: "rice.impact", Message: "9 is outside 0.25–3", Fix: "use 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive",
		}},
		{"no fix", func(r *TaskRequest) { r.Payload = []byte("{") }, strictjson.FieldError{Field: "payload", Message: "not valid JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			tc.change(&r)
			var fe *strictjson.FieldError
			require.ErrorAs(t, r.Validate(), &fe)
			require.Equal(t, tc.want, *fe)
		})
	}
}
