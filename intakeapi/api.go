// Package intakeapi is Lanes' HTTP front door: intake systems submit tasks, read
// their state and send people's actions over JSON, with bearer tokens, request IDs
// in every log line and a JSON answer for every request, good or bad.
package intakeapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/workflows"
)

// MaxBodyBytes bounds a request body: an intake request's payload is far smaller.
const MaxBodyBytes = 1 << 20

// Backend is what the service needs from Lanes; *Client provides it over Temporal,
// and tests give an in-memory one.
type Backend interface {
	// Submit starts the task for a checked request once; a repeat is marked Duplicate.
	Submit(ctx context.Context, req workflows.TaskRequest) (intake.Submission, error)
	// Status reads a task's state; intake.ErrTaskNotFound for an unknown ID.
	Status(ctx context.Context, taskID string) (workflows.TaskStatus, error)
	// Act sends a decoded action to the task and returns its answer.
	Act(ctx context.Context, taskID string, action Action) (workflows.SignalRecord, error)
	// Catalog is the catalog requests are checked against.
	Catalog() *catalog.Catalog
	// Ready reports whether Temporal answers.
	Ready(ctx context.Context) error
}

// Config is what the handler is built from.
type Config struct {
	// Backend is Lanes behind the service.
	Backend Backend
	// Tokens are the intake systems allowed in; empty needs InsecureNoAuth.
	Tokens []Token
	// InsecureNoAuth lets every request in without a token, for local development only.
	InsecureNoAuth bool
	// Logger logs every request; nil logs nothing.
	Logger *zap.Logger
	// StatusWait bounds the status read after a submit; 0 means 2s. The answer leaves
	// the status out when the worker has not answered by then.
	StatusWait time.Duration
}

// server holds the handler's dependencies.
type server struct {
	backend    Backend
	log        *zap.Logger
	statusWait time.Duration
}

// New builds the service's handler, refusing a configuration with no tokens unless
// InsecureNoAuth says so.
func New(cfg Config) (http.Handler, error) {
	if cfg.Backend == nil {
		return nil, errors.New("intakeapi: Backend is required")
	}
	if len(cfg.Tokens) == 0 && !cfg.InsecureNoAuth {
		return nil, errors.New("no intake tokens: set " + TokensEnv + " or allow unauthenticated development use explicitly")
	}
	s := &server{backend: cfg.Backend, log: cfg.Logger, statusWait: cfg.StatusWait}
	if s.log == nil {
		s.log = zap.NewNop()
	}
	if s.statusWait <= 0 {
		s.statusWait = 2 * time.Second
	}
	guard := authenticate(cfg.Tokens)
	mux := http.NewServeMux()
	route(mux, http.MethodGet, "/healthz", http.HandlerFunc(s.healthz))
	route(mux, http.MethodGet, "/readyz", http.HandlerFunc(s.readyz))
	route(mux, http.MethodPost, "/v1/tasks", guard(http.HandlerFunc(s.submit)))
	route(mux, http.MethodGet, "/v1/tasks/{id}", guard(http.HandlerFunc(s.status)))
	route(mux, http.MethodPost, "/v1/tasks/{id}/{action}", guard(http.HandlerFunc(s.act)))
	route(mux, http.MethodGet, "/v1/catalog", guard(http.HandlerFunc(s.catalog)))
	mux.Handle("/", guard(http.HandlerFunc(notFound)))
	return s.logRequests(mux), nil
}

// route registers h for method and path, and a JSON 405 for the path's other methods,
// so the mux's plain-text answers never reach a client.
func route(mux *http.ServeMux, method, path string, h http.Handler) {
	mux.Handle(method+" "+path, h)
	mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", method)
		writeError(w, http.StatusMethodNotAllowed, apiError{Message: "method not allowed; use " + method})
	})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, apiError{
		Message: "no route " + r.URL.Path + "; the routes are POST /v1/tasks, GET /v1/tasks/{id}, POST /v1/tasks/{id}/{action}, GET /v1/catalog, GET /healthz, GET /readyz",
	})
}

func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := s.backend.Ready(ctx); err != nil {
		s.fail(w, r, unavailable(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
