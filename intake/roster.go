package intake

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/lanes-dev/lanes/workflows"
)

// ErrRosterNotFound means the team has no roster workflow in the namespace.
var ErrRosterNotFound = errors.New("roster not found")

// RosterUpdate is one of the changes a team's roster takes as an update.
type RosterUpdate interface {
	workflows.JoinUpdate | workflows.LeaveUpdate | workflows.OutOfOfficeUpdate |
		workflows.BackInOfficeUpdate | workflows.ChangeHoursUpdate | workflows.ReassignTaskUpdate
	workflows.RosterUpdateMessage
}

// RosterRefusal is a roster turning a change down: Reason is its validator's own
// words, naming the field and the fix, without the SDK's wrapping.
type RosterRefusal struct {
	Team   string
	Update string
	Reason string
	// check is the refusal of a check made before sending, such as a
	// *strictjson.FieldError; a roster's answer arrives as text only.
	check error
}

func (r *RosterRefusal) Error() string {
	return fmt.Sprintf("the %s roster refused %s: %s", r.Team, r.Update, r.Reason)
}

// Unwrap gives the check's own error, so a door can find its field with errors.As.
func (r *RosterRefusal) Unwrap() error { return r.check }

// Roster reads a team's roster through its query.
func (c *Client) Roster(ctx context.Context, team string) (workflows.RosterStatus, error) {
	var st workflows.RosterStatus
	resp, err := c.Temporal.QueryWorkflow(ctx, workflows.RosterWorkflowID(team), "", workflows.QueryRoster)
	if err != nil {
		return st, rosterError("query", team, err)
	}
	if err := resp.Get(&st); err != nil {
		return st, fmt.Errorf("decode roster of %s: %w", team, err)
	}
	return st, nil
}

// ChangeRoster runs one update on a team's roster and waits, up to ctx, for its
// answer: the tasks it moved, or a *RosterRefusal saying why nothing changed. The
// update's name follows from its type, so a change cannot reach the wrong handler.
func ChangeRoster[T RosterUpdate](ctx context.Context, c *Client, team string, update T) (workflows.RosterChange, error) {
	var change workflows.RosterChange
	name := RosterUpdateName(update)
	if err := workflows.CheckRosterUpdate(update); err != nil {
		return change, &RosterRefusal{Team: team, Update: name, Reason: err.Error(), check: err}
	}
	handle, err := c.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   workflows.RosterWorkflowID(team),
		UpdateName:   name,
		Args:         []any{update},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = handle.Get(ctx, &change)
	}
	if err != nil {
		return change, updateError(team, name, err)
	}
	return change, nil
}

// RosterUpdateName is the update name of a roster change, such as "join".
func RosterUpdateName[T RosterUpdate](update T) string {
	return update.UpdateName()
}

// updateError reads an update's failure: the roster's refusal in its own words, a
// roster that is not running, or a wait that ran out before the roster answered.
func updateError(team, name string, err error) error {
	var app *temporal.ApplicationError
	var timeout *client.WorkflowUpdateServiceTimeoutOrCanceledError
	switch {
	case errors.As(err, &app):
		return &RosterRefusal{Team: team, Update: name, Reason: app.Message()}
	case errors.As(err, &timeout):
		return fmt.Errorf("the %s roster did not answer %s in time (is the worker running?); check with starter roster %s whether it was made: %w", team, name, team, err)
	}
	return rosterError(name+" on", team, err)
}

// rosterError names a missing roster plainly, with who starts rosters, so it is not read as an outage.
func rosterError(doing, team string, err error) error {
	if isNotFound(err) {
		return fmt.Errorf("%s has no roster running (workflow %s): %w; the worker starts rosters for the teams in LANES_ROSTER (the built-in roster when unset, none when \"off\")",
			team, workflows.RosterWorkflowID(team), ErrRosterNotFound)
	}
	return fmt.Errorf("%s roster of %s: %w", doing, team, err)
}
