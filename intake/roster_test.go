package intake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/roster"
	"github.com/lanes-dev/lanes/workflows"
)

func TestRoster(t *testing.T) {
	want := workflows.RosterStatus{View: roster.View{Team: "marketing-ops", Managers: []string{"maya"}}, Runs: 2}
	tests := []struct {
		name     string
		queryErr error
		want     workflows.RosterStatus
		wantErr  []string
		notFound bool
	}{
		{name: "answers", want: want},
		{
			name:     "no roster workflow",
			queryErr: serviceerror.NewNotFound("workflow not found for ID: roster-analytics"),
			wantErr:  []string{"analytics has no roster running (workflow roster-analytics)", "LANES_ROSTER"},
			notFound: true,
		},
		{name: "other failure", queryErr: errors.New("connection refused"), wantErr: []string{"query roster of analytics: connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := &mocks.Client{}
			value := &mocks.Value{}
			value.On("Get", mock.Anything).Return(nil).Run(func(args mock.Arguments) {
				*args.Get(0).(*workflows.RosterStatus) = want
			})
			team := "marketing-ops"
			if tt.queryErr != nil {
				team = "analytics"
				tc.On("QueryWorkflow", mock.Anything, workflows.RosterWorkflowID(team), "", workflows.QueryRoster).Return(nil, tt.queryErr)
			} else {
				tc.On("QueryWorkflow", mock.Anything, workflows.RosterWorkflowID(team), "", workflows.QueryRoster).Return(value, nil)
			}
			got, err := (&intake.Client{Temporal: tc}).Roster(context.Background(), team)
			tc.AssertExpectations(t)
			if len(tt.wantErr) > 0 {
				for _, part := range tt.wantErr {
					require.ErrorContains(t, err, part)
				}
				require.Equal(t, tt.notFound, errors.Is(err, intake.ErrRosterNotFound))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestChangeRoster(t *testing.T) {
	reason := `person: "zed" is not on marketing-ops; use one of [devon lena maya omar rosa]`
	moved := workflows.RosterChange{Notices: []roster.Notice{{TaskID: "task-1", Person: "devon", Reason: "moved by maya"}}}
	tests := []struct {
		name      string
		updateErr error // from UpdateWorkflow
		getErr    error // from the handle's Get
		want      workflows.RosterChange
		wantErr   string
		refusal   string // the refusal's reason, when refused
		notFound  bool
	}{
		{name: "accepted", want: moved},
		{
			name:    "refused by the validator",
			getErr:  temporal.NewApplicationError(reason, "errorString"),
			wantErr: "the marketing-ops roster refused leave: " + reason,
			refusal: reason,
		},
		{
			name:      "no roster workflow",
			updateErr: serviceerror.NewNotFound("workflow not found for ID: roster-marketing-ops"),
			wantErr:   "marketing-ops has no roster running (workflow roster-marketing-ops): roster not found; the worker starts rosters for the teams in LANES_ROSTER",
			notFound:  true,
		},
		{
			name:      "no answer in time",
			updateErr: client.NewWorkflowUpdateServiceTimeoutOrCanceledError(context.DeadlineExceeded),
			wantErr:   "the marketing-ops roster did not answer leave in time (is the worker running?); check with starter roster marketing-ops",
		},
		{name: "other failure", updateErr: errors.New("connection refused"), wantErr: "leave on roster of marketing-ops: connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := &mocks.Client{}
			handle := &mocks.WorkflowUpdateHandle{}
			update := workflows.LeaveUpdate{Actor: "maya", Person: "zed"}
			opts := mock.MatchedBy(func(o client.UpdateWorkflowOptions) bool {
				return o.WorkflowID == "roster-marketing-ops" && o.UpdateName == workflows.UpdateLeave &&
					o.WaitForStage == client.WorkflowUpdateStageCompleted && len(o.Args) == 1 && o.Args[0] == update
			})
			if tt.updateErr != nil {
				tc.On("UpdateWorkflow", mock.Anything, opts).Return(nil, tt.updateErr)
			} else {
				tc.On("UpdateWorkflow", mock.Anything, opts).Return(handle, nil)
				handle.On("Get", mock.Anything, mock.Anything).Return(tt.getErr).Run(func(args mock.Arguments) {
					if tt.getErr == nil {
						*args.Get(1).(*workflows.RosterChange) = moved
					}
				})
			}
			got, err := intake.ChangeRoster(context.Background(), &intake.Client{Temporal: tc}, "marketing-ops", update)
			tc.AssertExpectations(t)
			handle.AssertExpectations(t)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			require.NotContains(t, err.Error(), "retryable", "SDK noise reaches the reader")
			require.Equal(t, tt.notFound, errors.Is(err, intake.ErrRosterNotFound))
			var refusal *intake.RosterRefusal
			require.Equal(t, tt.refusal != "", errors.As(err, &refusal))
			if tt.refusal != "" {
				require.Equal(t, tt.refusal, refusal.Reason)
			}
		})
	}
}

func TestRosterUpdateName(t *testing.T) {
	require.Equal(t, workflows.UpdateJoin, intake.RosterUpdateName(workflows.JoinUpdate{}))
	require.Equal(t, workflows.UpdateLeave, intake.RosterUpdateName(workflows.LeaveUpdate{}))
	require.Equal(t, workflows.UpdateOutOfOffice, intake.RosterUpdateName(workflows.OutOfOfficeUpdate{}))
	require.Equal(t, workflows.UpdateBackInOffice, intake.RosterUpdateName(workflows.BackInOfficeUpdate{}))
	require.Equal(t, workflows.UpdateChangeHours, intake.RosterUpdateName(workflows.ChangeHoursUpdate{}))
	require.Equal(t, workflows.UpdateReassignTask, intake.RosterUpdateName(workflows.ReassignTaskUpdate{}))
}
