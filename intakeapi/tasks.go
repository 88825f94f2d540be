package intakeapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// requestFields lists an intake request's fields, for an unknown one.
var requestFields = workflows.RequestFields()

// SubmitAnswer is the answer to POST /v1/tasks.
type SubmitAnswer struct {
	intake.Submission
	// Triage is the request's score and service tier; for self-service, the reason and where to go instead.
	Triage *catalog.Triage `json:"triage,omitempty"`
	// Status is the task's state, when the worker answered quickly enough.
	Status *workflows.TaskStatus `json:"status,omitempty"`
}

// submit starts a task: 201 when it started, 200 with the same task for a repeat.
// A request that fails a check starts nothing.
func (s *server) submit(w http.ResponseWriter, r *http.Request) {
	data, f := readBody(w, r)
	if f != nil {
		s.fail(w, r, *f)
		return
	}
	req, err := decodeStrict[workflows.TaskRequest](data, "intake request", requestFields)
	if err != nil {
		s.fail(w, r, fromBackend(err, ""))
		return
	}
	// Prepared once: the request the task starts with is the one checked and triaged here.
	refusal := (&intake.Client{Catalog: s.backend.Catalog()}).Prepare(&req)
	if errors.Is(refusal, intake.ErrDueDatePassed) {
		// Past its due date, a request is answered only with the task it started before.
		if sub, ok := s.backend.Started(r.Context(), req.RequestID); ok {
			s.answerSubmit(w, r, sub, nil)
			return
		}
	}
	if refusal != nil {
		s.fail(w, r, invalid(refusal))
		return
	}
	sub, err := s.backend.Start(r.Context(), req, callerOf(r.Context()).System)
	if err != nil {
		f := fromBackend(err, "")
		if f.status == http.StatusServiceUnavailable {
			f.body.Message += "; resending with requestId " + req.RequestID + " is safe: it starts the task at most once"
			f.body.RequestID = req.RequestID
		}
		s.fail(w, r, f)
		return
	}
	s.answerSubmit(w, r, sub, req.Triage)
}

// answerSubmit answers a submit with the task and, when the caller may read the task
// and the worker answers in time, its state.
func (s *server) answerSubmit(w http.ResponseWriter, r *http.Request, sub intake.Submission, triage *catalog.Triage) {
	answer := SubmitAnswer{Submission: sub, Triage: triage}
	ctx, cancel := context.WithTimeout(r.Context(), s.statusWait)
	defer cancel()
	// The task's state is a read: a token without read-own or read-all learns the
	// task's ID and, for a new task, the triage of the request it sent; a repeat of a
	// request ID (its own or another system's) says only that the task exists.
	c := callerOf(ctx)
	mayRead := c.missingScope(accessRead) == "" && (!sub.Duplicate || s.mayRead(ctx, c, sub.TaskID) == nil)
	if !mayRead && sub.Duplicate {
		answer.Triage = nil
	}
	if mayRead {
		if st, err := s.backend.Status(ctx, sub.TaskID); err == nil {
			answer.Status = &st
			if answer.Triage == nil {
				answer.Triage = st.Request.Triage
			}
		}
	}
	code := http.StatusCreated
	if sub.Duplicate {
		code = http.StatusOK
	}
	w.Header().Set("Location", "/v1/tasks/"+sub.TaskID)
	writeJSON(w, code, answer)
}

// status answers a task's state to a caller who may read it.
func (s *server) status(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.mayRead(r.Context(), callerOf(r.Context()), id); err != nil {
		s.fail(w, r, *err)
		return
	}
	st, err := s.backend.Status(r.Context(), id)
	if err != nil {
		s.fail(w, r, fromBackend(err, id))
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// mayRead lets people and systems with ScopeReadAll read any task, and a system with
// only ScopeReadOwn the tasks it submitted: another's is 403 naming read-all.
func (s *server) mayRead(ctx context.Context, c Caller, taskID string) *failure {
	if c.Unverified || c.Person != "" || c.token.allows(ScopeReadAll) {
		return nil
	}
	by, err := s.backend.Submitter(ctx, taskID)
	if err != nil {
		f := fromBackend(err, taskID)
		return &f
	}
	if by != c.System {
		return lacks(c, ScopeReadAll)
	}
	return nil
}

// CatalogView is the answer to GET /v1/catalog: the task types intake may submit.
type CatalogView struct {
	// Ref is the catalog edition, as version@digest.
	Ref       string         `json:"ref"`
	TaskTypes []TaskTypeView `json:"taskTypes"`
}

// TaskTypeView is one task type with its SLAs.
type TaskTypeView struct {
	ID            string           `json:"id"`
	Name          string           `json:"name"`
	Team          string           `json:"team"`
	Lane          catalog.Lane     `json:"lane"`
	OwnerRole     string           `json:"ownerRole"`
	Scores        catalog.Scores   `json:"scores"`
	ResponseSLA   catalog.SLA      `json:"responseSLA"`
	ResolutionSLA catalog.SLA      `json:"resolutionSLA"`
	Fallback      catalog.Fallback `json:"fallback"`
	Requires      []string         `json:"requires,omitempty"`
}

func (s *server) catalog(w http.ResponseWriter, _ *http.Request) {
	cat := s.backend.Catalog()
	view := CatalogView{Ref: cat.Ref(), TaskTypes: []TaskTypeView{}}
	for _, id := range cat.IDs() {
		t, _ := cat.TaskType(id)
		view.TaskTypes = append(view.TaskTypes, TaskTypeView{
			ID: t.ID, Name: t.Name, Team: t.Team, Lane: t.Lane, OwnerRole: t.OwnerRole, Scores: t.Scores,
			ResponseSLA: t.ResponseSLA, ResolutionSLA: t.ResolutionSLA, Fallback: t.Fallback, Requires: t.Requires,
		})
	}
	writeJSON(w, http.StatusOK, view)
}
