package intake

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"

	"github.com/lanes-dev/lanes/workflows"
)

// acknowledgeEscalation takes the escalation climbing on a task: the signal goes to
// the task's escalation workflow, which the task's status names, and the answer is
// read from that workflow. Accepted means the climb stopped on this acknowledgement;
// otherwise Reason says why not (no climb, or someone else took it first).
func (c *Client) acknowledgeEscalation(ctx context.Context, taskID, name string, ack workflows.HumanSignal) (workflows.SignalRecord, error) {
	rec := workflows.NewSignalRecord(name, ack)
	if err := c.ensureOpen(ctx, taskID); err != nil {
		return rec, err
	}
	st, err := c.Status(ctx, taskID)
	if err != nil {
		return rec, err
	}
	if st.Escalating == "" {
		rec.Reason = fmt.Sprintf("no escalation is climbing on %s (level reached before: %d); nothing to acknowledge", taskID, st.EscalationLevel)
		return rec, nil
	}
	child := st.Escalating
	err = c.Temporal.SignalWorkflow(ctx, child, "", name, ack)
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &notFound):
		rec.Reason = "the escalation " + child + " ended before the acknowledgement reached it"
		return rec, nil
	case err != nil:
		return rec, fmt.Errorf("send %s to %s: %w", name, child, err)
	}
	for {
		res, err := c.escalation(ctx, child)
		if err == nil && (res.Ended != "" || res.Exhausted) {
			switch {
			case res.Ended == workflows.EndAcknowledged && res.EndedBy == rec.Actor:
				rec.Accepted = true
				rec.Detail = fmt.Sprintf("stopped escalation %d at level %d", res.Cycle, res.LevelReached)
				if res.EndedAt != nil {
					rec.At = *res.EndedAt
				}
			case res.Ended != "":
				rec.Reason = fmt.Sprintf("escalation %d had already ended (%s by %s)", res.Cycle, res.Ended, res.EndedBy)
			default:
				rec.Reason = fmt.Sprintf("escalation %d had asked every level before the acknowledgement", res.Cycle)
			}
			return rec, nil
		}
		if err := c.sleep(ctx); err != nil {
			return rec, fmt.Errorf("%s was sent to %s and is kept by Temporal, but %w: %w", name, child, ErrNoAnswer, err)
		}
	}
}

// escalation reads an escalation workflow's state through its query.
func (c *Client) escalation(ctx context.Context, id string) (workflows.EscalationResult, error) {
	var res workflows.EscalationResult
	resp, err := c.Temporal.QueryWorkflow(ctx, id, "", workflows.QueryEscalation)
	if err != nil {
		return res, err
	}
	return res, resp.Get(&res)
}
