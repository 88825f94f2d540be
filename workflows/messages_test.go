package workflows

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTaskRequestValidateNamesTheField(t *testing.T) {
	good := TaskRequest{RequestID: "INT-1", TaskType: "launch-qa-blocker", Title: "Broken CTA"}
	require.NoError(t, good.Validate())
	for _, tc := range []struct {
		name   string
		change func(*TaskRequest)
		want   string
	}{
		{"request ID with spaces", func(r *TaskRequest) { r.RequestID = "INT 1" }, "requestId: has spaces"},
		{"long request ID", func(r *TaskRequest) { r.RequestID = strings.Repeat("x", 201) }, "requestId: longer than 200"},
		{"title counted in characters", func(r *TaskRequest) { r.Title = strings.Repeat("é", 201) }, "title: 201 characters"},
		{"long description", func(r *TaskRequest) { r.Description = strings.Repeat("d", 4001) }, "description: over 4000"},
		{"long requester", func(r *TaskRequest) { r.Requester = strings.Repeat("r", 201) }, "requester, campaignId, assignee"},
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
