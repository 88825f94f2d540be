package intakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"go.temporal.io/api/serviceerror"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/strictjson"
	"github.com/lanes-dev/lanes/workflows"
)

// retryAfter is the seconds a client waits before retrying when Temporal is unavailable.
const retryAfter = 5

// apiError is the body of every error answer: {"error": {...}}.
type apiError struct {
	// Field names the part of the request at fault, when one is.
	Field string `json:"field,omitempty"`
	// Message says what is wrong and how to fix it.
	Message string `json:"message"`
	// Scope names the scope a token lacks, on a 403 that a scope would have allowed.
	Scope string `json:"scope,omitempty"`
	// Allowed lists the values that would have been accepted, such as the actions.
	Allowed []string `json:"allowed,omitempty"`
	// RequestID is the intake request ID used, so a retry can name the same task.
	RequestID string `json:"requestId,omitempty"`
	// Signal is the task's record of an action it refused, with its reason.
	Signal *workflows.SignalRecord `json:"signal,omitempty"`
}

// failure is an error answer waiting to be written.
type failure struct {
	status int
	body   apiError
	// cause is logged, not shown.
	cause error
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client has gone; the log line records the status
}

func writeError(w http.ResponseWriter, status int, body apiError) {
	writeJSON(w, status, map[string]apiError{"error": body})
}

// fail writes f, with Retry-After when Temporal is unavailable, and logs its cause.
func (s *server) fail(w http.ResponseWriter, r *http.Request, f failure) {
	if f.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	if f.cause != nil && f.status >= http.StatusInternalServerError {
		s.log.Warn("request failed", zap.String("requestId", requestIDOf(r.Context())), zap.Error(f.cause))
	}
	writeError(w, f.status, f.body)
}

// invalid is a request that fails Lanes' checks: 422 naming the field, when the
// check's typed error names one.
func invalid(err error) failure {
	return failure{status: http.StatusUnprocessableEntity, body: apiError{Field: fieldOf(err), Message: err.Error()}}
}

// fieldOf is the field err's check names, or "" when it names none.
func fieldOf(err error) string {
	var fe *strictjson.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// unavailable is Temporal not answering: 503 with retry advice.
func unavailable(err error) failure {
	return failure{status: http.StatusServiceUnavailable, cause: err, body: apiError{
		Message: "Temporal is not answering, so nothing was done; retry in " + strconv.Itoa(retryAfter) + "s",
	}}
}

// fromBackend turns a backend error into its answer: a missing task, a task that
// has ended or takes no more actions, Temporal unavailable, or an internal error.
func fromBackend(err error, taskID string) failure {
	var input *InputError
	switch {
	case errors.As(err, &input):
		return failure{status: http.StatusBadRequest, body: apiError{Field: fieldOf(input), Message: input.Error()}}
	case errors.Is(err, intake.ErrTaskNotFound):
		return failure{status: http.StatusNotFound, body: apiError{Field: "id", Message: "no task " + taskID + "; check the taskId the submit answered"}}
	case errors.Is(err, intake.ErrTaskEnded), errors.Is(err, intake.ErrSignalLimit):
		return failure{status: http.StatusConflict, body: apiError{Field: "id", Message: err.Error()}}
	case errors.Is(err, intake.ErrNoAnswer):
		return failure{status: http.StatusAccepted, body: apiError{
			Message: "the action was sent and Temporal keeps it, but the task has not answered yet; GET /v1/tasks/" + taskID + " shows its answer in signals",
		}}
	case isUnavailable(err):
		return unavailable(err)
	}
	return failure{status: http.StatusInternalServerError, cause: err, body: apiError{Message: "internal error; the request ID in X-Request-Id finds it in the service's log"}}
}

// refused is an action the task turned down: 409 naming the action, with the
// task's reason and its record of the action.
func refused(rec workflows.SignalRecord) failure {
	return failure{status: http.StatusConflict, body: apiError{
		Field: "action", Message: "the task refused " + rec.Name + ": " + rec.Reason, Signal: &rec,
	}}
}

// isUnavailable says whether err means Temporal could not be reached or did not answer in time.
func isUnavailable(err error) bool {
	var (
		down     *serviceerror.Unavailable
		deadline *serviceerror.DeadlineExceeded
		busy     *serviceerror.ResourceExhausted
		canceled *serviceerror.Canceled
	)
	return errors.As(err, &down) || errors.As(err, &deadline) || errors.As(err, &busy) ||
		errors.As(err, &canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrUnavailable)
}

// ErrUnavailable is a backend saying Temporal cannot be reached, for errors that carry no gRPC status.
var ErrUnavailable = errors.New("temporal unavailable")
