package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/strictjson"
)

// The CLI door prints a refusal as the check wrote it, and keeps it typed: field,
// message and fix arrive intact, colons in the message included.
func TestSubmitRefusalKeepsFieldMessageAndFix(t *testing.T) {
	for _, tt := range []struct {
		name  string
		args  []string
		file  string
		want  strictjson.FieldError
		wraps string // what the door puts before the check's own words
	}{
		{
			name: "a flag's value", args: []string{"--type", "creative-stakeholder-review", "--title", " "},
			want:  strictjson.FieldError{Field: "title", Message: "required", Fix: "say in one line what is asked"},
			wraps: "invalid task request: ",
		},
		{
			name: "a message with colons", args: []string{"--type", "creative-stakeholder-review", "--title", "x", "--due", "2026-12-01 17:00"},
			want:  strictjson.FieldError{Field: "dueDate", Message: `"2026-12-01 17:00" is not a date`, Fix: "write it as 2026-12-01 or 2026-12-01T17:00:00-05:00"},
			wraps: "invalid task request: ",
		},
		{
			name: "a nested field", args: []string{"--type", "creative-stakeholder-review", "--title", "x", "--approver", "role:ops"},
			want:  strictjson.FieldError{Field: "daci.approver", Message: `"role:ops" is a role queue`, Fix: "name a person"},
			wraps: "invalid task request: ",
		},
		{
			name: "a file's field given twice", file: `{"taskType": "creative-stakeholder-review", "title": "a", "title": "b"}`,
			want:  strictjson.FieldError{Field: "title", Message: "appears twice in its object", Fix: "send each field once"},
			wraps: "intake.json: ",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, nil, nil)
			args := tt.args
			if tt.file != "" {
				args = []string{"--file", writeFile(t, "intake.json", []byte(tt.file))}
			}
			err := e.run(context.Background(), "submit", args)
			var fe *strictjson.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.want, *fe)
			require.ErrorContains(t, err, tt.wraps+tt.want.Error())
		})
	}
}

// The CSV door's report gives each rejected row's field apart from its reason.
func TestImportReportKeepsFieldMessageAndFix(t *testing.T) {
	csv := "requestId,taskType,title,dueDate,rice.reach,rice.impact,rice.confidence,rice.effort\n" +
		"R-1,creative-stakeholder-review,,,,,,\n" +
		"R-2,creative-stakeholder-review,Past,2026-11-30,,,,\n" +
		"R-3,creative-stakeholder-review,Colons,2026-12-31 17:00,,,,\n" +
		"R-4,creative-stakeholder-review,Impact,,10,9,50,1\n" +
		"R-5,creative-stakeholder-review,Effort,,10,1,50,two\n"
	e, out := importTestEnv(t, csv)
	require.ErrorContains(t, e.run(context.Background(), "import", []string{"-", "--dry-run", "--json"}), "5 of 5 rows rejected")
	var got importReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	want := []strictjson.FieldError{
		{Field: "title", Message: "required", Fix: "say in one line what is asked"},
		{Field: "dueDate", Message: "2026-11-30 is in the past (now 2026-12-01 10:00 in America/New_York)", Fix: "give a date from today on"},
		{Field: "dueDate", Message: `"2026-12-31 17:00" is not a date`, Fix: "write it as 2026-12-01 or 2026-12-01T17:00:00-05:00"},
		{Field: "rice.impact", Message: "9 is outside 0.25–3", Fix: "use 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive"},
		{Field: "rice.effort", Message: `"two" is not a number`, Fix: "write digits like 1500 or 0.5, without units or thousands separators"},
	}
	require.Len(t, got.Rows, len(want))
	for i, row := range got.Rows {
		require.Equal(t, outcomeRejected, row.Outcome, row)
		require.Equal(t, want[i].Field, row.Field, row)
		require.Equal(t, want[i].Error(), row.Reason, row)
	}
}
