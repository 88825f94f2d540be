package intake_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/mocks"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// A door shows a refusal's field apart from its text: Prepare's refusals carry it typed.
func TestPrepareRefusalsCarryTheField(t *testing.T) {
	c := briefClient(t)
	for _, tt := range []struct {
		name   string
		change func(*workflows.TaskRequest)
		want   strictjson.FieldError
	}{
		{"a type not in the catalog", func(r *workflows.TaskRequest) { r.TaskType = "moon-landing" }, strictjson.FieldError{
			Field: "taskType", Message: `"moon-landing" is not in the catalog`, Fix: "use one of " + strings.Join(c.Catalog.IDs(), ", "),
		}},
		{"the approver is the requester", func(r *workflows.TaskRequest) { r.DACI = &workflows.Governance{Approver: r.Requester} }, strictjson.FieldError{
			Field: "daci.approver", Message: "pat is the requester", Fix: "approval is someone else's check, so name another person",
		}},
		{"a past due date, whose message holds colons", func(r *workflows.TaskRequest) { r.DueDate = "2026-11-20" }, strictjson.FieldError{
			Field: "dueDate", Message: "2026-11-20 is in the past (now 2026-11-23 09:00 in America/New_York)", Fix: "give a date from today on",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := briefRequest()
			tt.change(&req)
			var fe *strictjson.FieldError
			require.ErrorAs(t, c.Prepare(&req), &fe)
			require.Equal(t, tt.want, *fe)
		})
	}
}

func TestPastDueIsAFieldErrorAndErrDueDatePassed(t *testing.T) {
	req := briefRequest()
	req.DueDate = "2026-11-20"
	err := briefClient(t).Prepare(&req)
	require.ErrorIs(t, err, intake.ErrDueDatePassed)
	var fe *strictjson.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "dueDate", fe.Field)
}

func TestRosterRefusalBeforeSendingCarriesTheField(t *testing.T) {
	tc := &mocks.Client{} // no call is expected
	_, err := intake.ChangeRoster(context.Background(), &intake.Client{Temporal: tc}, "marketing-ops",
		workflows.ChangeHoursUpdate{Person: "lena", WeeklyHours: 32})
	var fe *strictjson.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, strictjson.FieldError{Field: "actor", Message: "required", Fix: "say who makes the change, for the roster's log"}, *fe)
	tc.AssertExpectations(t)
}
