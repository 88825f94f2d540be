package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/mocks"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// runningTask is a Temporal client whose task-1 is open.
func runningTask() *mocks.Client {
	tc := &mocks.Client{}
	tc.On("DescribeWorkflowExecution", mock.Anything, "task-1", "").Return(&workflowservice.DescribeWorkflowExecutionResponse{
		WorkflowExecutionInfo: &workflow.WorkflowExecutionInfo{Status: enums.WORKFLOW_EXECUTION_STATUS_RUNNING},
	}, nil)
	return tc
}

// beforeUpdates has task-1 answer an update as a task on a worker from before the
// updates does: the Go SDK rejects an update of a name the workflow did not register.
func beforeUpdates(tc *mocks.Client, name string) {
	handle := &mocks.WorkflowUpdateHandle{}
	handle.On("Get", mock.Anything, mock.Anything).Return(temporal.NewApplicationError("unknown update "+name+". KnownUpdates=[]", ""))
	tc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(handle, nil)
}

// statusValue is a status query's answer as the client decodes it.
type statusValue struct{ st workflows.TaskStatus }

func (v statusValue) HasValue() bool { return true }

func (v statusValue) Get(ptr any) error {
	*ptr.(*workflows.TaskStatus) = v.st
	return nil
}

var _ converter.EncodedValue = statusValue{}

func TestSendAnswersWithTheUpdateOrFallsBackToTheSignal(t *testing.T) {
	ack := workflows.AcknowledgeSignal{ActionHeader: workflows.ActionHeader{SignalID: "ack-1", Actor: "alice"}}
	accepted := workflows.SignalRecord{Name: workflows.SignalAcknowledge, SignalID: "ack-1", Actor: "alice", Accepted: true}
	refused := workflows.SignalRecord{Name: workflows.SignalAcknowledge, SignalID: "ack-1", Actor: "alice", Reason: "signalId: ack-1 was already received; the first one counts"}
	tests := []struct {
		name      string
		updateErr error // from UpdateWorkflow
		getErr    error // from the handle's Get
		signal    bool  // the action goes as a signal too
		want      workflows.SignalRecord
	}{
		{name: "accepted", want: accepted},
		{
			name: "refused by the validator",
			getErr: temporal.NewApplicationErrorWithOptions(refused.Reason, workflows.ErrActionRefused,
				temporal.ApplicationErrorOptions{NonRetryable: true, Details: []any{refused}}),
			want: refused,
		},
		{name: "a task from before the updates", getErr: temporal.NewApplicationError("unknown update acknowledge. KnownUpdates=[]", ""), signal: true, want: accepted},
		{name: "no worker accepts it in time", updateErr: client.NewWorkflowUpdateServiceTimeoutOrCanceledError(context.DeadlineExceeded), signal: true, want: accepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := runningTask()
			handle := &mocks.WorkflowUpdateHandle{}
			opts := mock.MatchedBy(func(o client.UpdateWorkflowOptions) bool {
				sent, ok := o.Args[0].(workflows.AcknowledgeSignal)
				return o.WorkflowID == "task-1" && o.UpdateName == workflows.SignalAcknowledge &&
					o.WaitForStage == client.WorkflowUpdateStageAccepted && ok && sent.SignalID == "ack-1" && sent.SentAt != nil
			})
			if tt.updateErr != nil {
				tc.On("UpdateWorkflow", mock.Anything, opts).Return(nil, tt.updateErr)
			} else {
				tc.On("UpdateWorkflow", mock.Anything, opts).Return(handle, nil)
				handle.On("Get", mock.Anything, mock.Anything).Return(tt.getErr).Run(func(args mock.Arguments) {
					if tt.getErr == nil {
						*args.Get(1).(*workflows.SignalRecord) = accepted
					}
				})
			}
			if tt.signal {
				tc.On("SignalWorkflow", mock.Anything, "task-1", "", workflows.SignalAcknowledge, mock.Anything).Return(nil)
				tc.On("QueryWorkflow", mock.Anything, "task-1", "", workflows.QueryStatus).
					Return(statusValue{workflows.TaskStatus{Signals: []workflows.SignalRecord{accepted}}}, nil)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			got, err := intake.Send(ctx, &intake.Client{Temporal: tc}, "task-1", workflows.SignalAcknowledge, ack)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			tc.AssertExpectations(t)
		})
	}
}
