package lanesworker

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
)

// maxCallbackBytes bounds a callback's body, as Lanes bounds a webhook's answer.
const maxCallbackBytes = 1 << 20

// callbackRoute completes the automations whose executors answered 202 Accepted,
// when they post the job's outcome: POST /v1/automations/{id}/result.
type callbackRoute struct {
	callbacks *activities.Callbacks
	temporal  client.Client
	namespace string
	logger    *zap.Logger
}

func (r *callbackRoute) complete(w http.ResponseWriter, req *http.Request) {
	id := req.PathValue("id")
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxCallbackBytes))
	if err != nil {
		callbackAnswer(w, http.StatusRequestEntityTooLarge, "body: larger than 1 MiB")
		return
	}
	if !r.callbacks.Verify(id, body, req.Header.Get(activities.SignatureHeader)) {
		callbackAnswer(w, http.StatusUnauthorized, activities.SignatureHeader+": not the signature of this callback ID and body with the shared secret")
		return
	}
	target, err := r.callbacks.Open(id)
	if err != nil {
		callbackAnswer(w, http.StatusNotFound, err.Error())
		return
	}
	var out activities.CallbackOutcome
	if err := json.Unmarshal(body, &out); err != nil {
		callbackAnswer(w, http.StatusBadRequest, "body: "+err.Error())
		return
	}
	var result any
	var failure error
	switch {
	case (out.Result == nil) == (out.Error == nil):
		callbackAnswer(w, http.StatusBadRequest, `body: send exactly one of "result" and "error"`)
		return
	case out.Result != nil:
		result = *out.Result
	case out.Error.Retryable:
		failure = temporal.NewApplicationError("the executor reported: "+out.Error.Message, activities.ErrAutomationUnavailable)
	default:
		failure = temporal.NewNonRetryableApplicationError("the executor reported: "+out.Error.Message, activities.ErrAutomationRejected, nil)
	}
	err = r.temporal.CompleteActivityByID(req.Context(), r.namespace, target.WorkflowID, target.RunID, target.ActivityID, result, failure)
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &notFound):
		// Finished, timed out, or its task closed: the job's outcome is no longer awaited.
		callbackAnswer(w, http.StatusNotFound, "no automation waits on this callback any more: it finished, timed out, or its task closed")
	case err != nil:
		r.logger.Warn("Could not complete a called-back automation", zap.String("task", target.WorkflowID), zap.Error(err))
		callbackAnswer(w, http.StatusServiceUnavailable, "could not reach Temporal; send the callback again")
	default:
		r.logger.Info("Automation called back", zap.String("task", target.WorkflowID), zap.Bool("failed", failure != nil))
		w.WriteHeader(http.StatusNoContent)
	}
}

// callbackAnswer writes a JSON error the executor can log.
func callbackAnswer(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": message})
}
