// Package intakeapi is Lanes' HTTP front door: intake systems submit tasks, read
// their state and send people's actions over JSON, with bearer tokens, request IDs
// in every log line and a JSON answer for every request, good or bad.
package intakeapi

import (
	"context"
	"errors"
	"net/http"
	"path"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/payloadcrypt"
	"github.com/lanes-dev/lanes/workflows"
)

// MaxBodyBytes bounds a request body: an intake request's payload is far smaller.
const MaxBodyBytes = 1 << 20

// Backend is what the service needs from Lanes; *Client provides it over Temporal,
// and tests give an in-memory one.
type Backend interface {
	// Start starts the task for a prepared request once; a repeat is marked Duplicate.
	Start(ctx context.Context, req workflows.TaskRequest) (intake.Submission, error)
	// Started finds the task a request ID started, if any.
	Started(ctx context.Context, requestID string) (intake.Submission, bool)
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
	// PayloadKeys, when set, serve the codec route at CodecPath for the Temporal UI,
	// behind the same authentication as the tasks; nil serves no such route.
	PayloadKeys *payloadcrypt.Keyring
	// CodecOrigins are the Temporal UI origins whose pages may call the codec route (LANES_CODEC_ORIGINS).
	CodecOrigins []string
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
	endpoints := s.endpoints()
	for _, e := range endpoints {
		h := http.Handler(e.handle)
		if !e.public {
			h = guard(h)
		}
		route(mux, e.method, e.path, h)
	}
	if cfg.PayloadKeys != nil {
		mux.Handle(CodecPath+"/", codecRoute(cfg.PayloadKeys, cfg.CodecOrigins, guard))
	}
	missing := guard(notFound(endpoints))
	mux.Handle("/", missing)
	return s.logRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The mux answers a path with "." or ".." with a plain redirect; Lanes answers JSON.
		if p := r.URL.Path; p != "" && path.Clean(p) != p {
			missing.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})), nil
}

// endpoint is one route the service serves; New registers these, and the OpenAPI
// test checks openapi.json against the same list.
type endpoint struct {
	method, path string
	// public routes need no token.
	public bool
	handle http.HandlerFunc
}

// endpoints lists every route, in the order notFound names them.
func (s *server) endpoints() []endpoint {
	return []endpoint{
		{method: http.MethodPost, path: "/v1/tasks", handle: s.submit},
		{method: http.MethodGet, path: "/v1/tasks/{id}", handle: s.status},
		{method: http.MethodPost, path: "/v1/tasks/{id}/{action}", handle: s.act},
		{method: http.MethodGet, path: "/v1/catalog", handle: s.catalog},
		{method: http.MethodGet, path: OpenAPIPath, public: true, handle: serveOpenAPI},
		{method: http.MethodGet, path: "/healthz", public: true, handle: s.healthz},
		{method: http.MethodGet, path: "/readyz", public: true, handle: s.readyz},
	}
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

// notFound answers a path no route serves, listing the routes.
func notFound(endpoints []endpoint) http.HandlerFunc {
	routes := make([]string, 0, len(endpoints))
	for _, e := range endpoints {
		routes = append(routes, e.method+" "+e.path)
	}
	list := strings.Join(routes, ", ")
	return func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, apiError{Message: "no route " + r.URL.Path + "; the routes are " + list})
	}
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
