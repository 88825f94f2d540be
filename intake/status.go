package intake

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"

	"github.com/lanes-dev/lanes/workflows"
)

// ErrTaskNotFound means no task has that ID in the namespace.
var ErrTaskNotFound = errors.New("task not found")

// ErrTaskEnded means the task's workflow has closed, so it takes no more actions.
var ErrTaskEnded = errors.New("has already ended")

// ErrNoAnswer means an action was sent and is kept by Temporal, but the task had not
// answered it when the wait ran out; its status shows the answer once it comes.
var ErrNoAnswer = errors.New("the task has not answered yet")

// ErrSignalLimit means the task has taken as many signals as Temporal lets one
// workflow execution take (history.maximumSignalsPerExecution, 10,000 by default),
// so it takes no more actions; cancel it and submit the work again.
var ErrSignalLimit = errors.New("has taken Temporal's limit of signals per workflow (10,000 by default), so it takes no more actions; cancel it (temporal workflow cancel) and submit the work again under a new requestId")

// defaultPollInterval paces the status reads that wait for the worker.
const defaultPollInterval = 100 * time.Millisecond

func (c *Client) pollInterval() time.Duration {
	if c.PollInterval > 0 {
		return c.PollInterval
	}
	return defaultPollInterval
}

// Status reads a task's state through its status query.
func (c *Client) Status(ctx context.Context, taskID string) (workflows.TaskStatus, error) {
	var st workflows.TaskStatus
	if err := checkTaskID(taskID); err != nil {
		return st, err
	}
	resp, err := c.Temporal.QueryWorkflow(ctx, taskID, "", workflows.QueryStatus)
	if err != nil {
		return st, taskError("query", taskID, err)
	}
	if err := resp.Get(&st); err != nil {
		return st, fmt.Errorf("decode status of %s: %w", taskID, err)
	}
	return st, nil
}

// WaitFor reads a task's state until done says it has what the caller needs, or ctx ends.
func (c *Client) WaitFor(ctx context.Context, taskID string, done func(workflows.TaskStatus) bool) (workflows.TaskStatus, error) {
	for {
		st, err := c.Status(ctx, taskID)
		if err == nil && done(st) {
			return st, nil
		}
		if errors.Is(err, ErrTaskNotFound) {
			return st, err
		}
		if werr := c.sleep(ctx); werr != nil {
			if err == nil {
				err = werr
			}
			return st, fmt.Errorf("wait for task %s: %w (is the worker running?)", taskID, err)
		}
	}
}

// sleep waits one poll interval, or until ctx ends.
func (c *Client) sleep(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(c.pollInterval()):
		return nil
	}
}

// Classified is true once the worker has classified the task and, on a rostered team,
// the roster has answered: a person booked or a place in the queue.
func Classified(st workflows.TaskStatus) bool {
	if sf := st.Staffing; sf != nil && sf.Person == "" && sf.Position == 0 && !sf.Released && st.Stage != workflows.StageCompleted {
		return false
	}
	return st.Bucket != ""
}

// ensureOpen refuses to signal a task that has ended, with the reason, instead of a bare server error.
func (c *Client) ensureOpen(ctx context.Context, taskID string) error {
	if err := checkTaskID(taskID); err != nil {
		return err
	}
	desc, err := c.Temporal.DescribeWorkflowExecution(ctx, taskID, "")
	if err != nil {
		return taskError("describe", taskID, err)
	}
	if s := desc.GetWorkflowExecutionInfo().GetStatus(); s != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		return fmt.Errorf("task %s %w (%s); nothing was sent", taskID, ErrTaskEnded, s)
	}
	return nil
}

// checkTaskID answers an ID no task can have (Lanes' workflow IDs are printable
// ASCII, as Temporal's gRPC headers require) as not found, before Temporal is asked.
func checkTaskID(taskID string) error {
	if workflows.ValidWorkflowID(taskID) {
		return nil
	}
	return fmt.Errorf("%q: %w; task IDs are printable ASCII, such as task-INT-2041 (starter prints it on submit)", taskID, ErrTaskNotFound)
}

// taskError names an unknown task ID plainly, so a typo is not read as an outage.
func taskError(doing, taskID string, err error) error {
	if isNotFound(err) {
		return fmt.Errorf("%s: %w; check the ID (starter prints it on submit)", taskID, ErrTaskNotFound)
	}
	return fmt.Errorf("%s task %s: %w", doing, taskID, err)
}

// isSignalLimit says whether the server refused a signal because the workflow has
// taken its limit of signals; it says so only in the message of an InvalidArgument.
func isSignalLimit(err error) bool {
	var invalid *serviceerror.InvalidArgument
	return errors.As(err, &invalid) && strings.Contains(invalid.Message, "limit for signal")
}

// isNotFound says whether the server has no workflow with the ID, open or closed within retention.
func isNotFound(err error) bool {
	var notFound *serviceerror.NotFound
	return errors.As(err, &notFound)
}
