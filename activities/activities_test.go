package activities

import (
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
)

// runAutomation runs a as the activity named action, the way the worker registers it.
func runAutomation(t *testing.T, a Automation, action string, req AutomationRequest) (AutomationResult, error) {
	t.Helper()
	env := newActivityEnv()
	env.RegisterActivityWithOptions(a.Run, activity.RegisterOptions{Name: action})
	val, err := env.ExecuteActivity(action, req)
	if err != nil {
		return AutomationResult{}, err
	}
	var res AutomationResult
	require.NoError(t, val.Get(&res))
	return res, nil
}

// newActivityEnv is a test activity environment whose logger is quiet: the
// SDK logs every failed activity, and the tests assert on those errors themselves.
func newActivityEnv() *testsuite.TestActivityEnvironment {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	return suite.NewTestActivityEnvironment()
}

// requireAppError checks that err carries an ApplicationError of the given type and retryability.
func requireAppError(t *testing.T, err error, errType string, retryable bool) *temporal.ApplicationError {
	t.Helper()
	require.Error(t, err)
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "want *temporal.ApplicationError, got %T: %v", err, err)
	require.Equal(t, errType, appErr.Type(), appErr.Error())
	require.Equal(t, !retryable, appErr.NonRetryable(), appErr.Error())
	return appErr
}
