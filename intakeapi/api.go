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

// UnverifiedHeader is on every answer of a service running without authentication,
// so nobody reads its actors as checked.
const UnverifiedHeader = "X-Lanes-Unverified"

// unverifiedNotice is UnverifiedHeader's value.
const unverifiedNotice = "--insecure-dev: people are not verified; any actor a request names is taken as said"

// MaxBodyBytes bounds a request body: an intake request's payload is far smaller.
const MaxBodyBytes = 1 << 20

// Backend is what the service needs from Lanes; *Client provides it over Temporal,
// and tests give an in-memory one.
type Backend interface {
	// Start starts the task for a prepared request once, recording the intake system
	// that submitted it ("" for none); a repeat is marked Duplicate.
	Start(ctx context.Context, req workflows.TaskRequest, system string) (intake.Submission, error)
	// Submitter names the intake system that submitted a task; "" when none was recorded.
	Submitter(ctx context.Context, taskID string) (string, error)
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
	// Tokens are the intake systems allowed in, with their scopes.
	Tokens []Token
	// SignIn lets people in with their identity provider's tokens; nil lets no person in.
	SignIn *SignIn
	// InsecureNoAuth lets every request in without a token and takes any actor a
	// body names, for local development only; it needs no Tokens and no SignIn.
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
	// Dashboard, when set, serves the leaders' dashboard (dashboard.New) at
	// dashboard.Path; nil serves none.
	Dashboard http.Handler
}

// server holds the handler's dependencies.
type server struct {
	backend    Backend
	log        *zap.Logger
	statusWait time.Duration
	tokens     []Token
	signIn     *SignIn
	// insecure lets everyone in unchecked (--insecure-dev).
	insecure bool
}

// New builds the service's handler, refusing a configuration that lets nobody in
// unless InsecureNoAuth says so, and one that mixes the two.
func New(cfg Config) (http.Handler, error) {
	if cfg.Backend == nil {
		return nil, errors.New("intakeapi: Backend is required")
	}
	checked := len(cfg.Tokens) > 0 || cfg.SignIn != nil
	switch {
	case !checked && !cfg.InsecureNoAuth:
		return nil, errors.New("no intake tokens and no sign-in: set " + TokensEnv + " or " + OIDCIssuerEnv + ", or allow unauthenticated development use explicitly")
	case checked && cfg.InsecureNoAuth:
		return nil, errors.New("InsecureNoAuth with tokens or sign-in: choose one")
	}
	if err := checkTokens(cfg.Tokens, func(i int) string { return "token " + cfg.Tokens[i].Name }); err != nil {
		return nil, err
	}
	s := &server{backend: cfg.Backend, log: cfg.Logger, statusWait: cfg.StatusWait, tokens: cfg.Tokens, signIn: cfg.SignIn, insecure: cfg.InsecureNoAuth}
	if s.log == nil {
		s.log = zap.NewNop()
	}
	if s.statusWait <= 0 {
		s.statusWait = 2 * time.Second
	}
	mux := http.NewServeMux()
	endpoints := s.endpoints()
	for _, e := range endpoints {
		h := http.Handler(e.handle)
		if !e.public {
			h = s.guard(e.need, h)
		}
		route(mux, e.method, e.path, h)
	}
	if cfg.PayloadKeys != nil {
		mux.Handle(CodecPath+"/", codecRoute(cfg.PayloadKeys, cfg.CodecOrigins, func(h http.Handler) http.Handler { return s.guard(accessReadAll, h) }))
	}
	if cfg.Dashboard != nil {
		s.mountDashboard(mux, cfg.Dashboard)
	}
	missing := s.guard(accessAny, notFound(endpoints))
	mux.Handle("/", missing)
	return s.logRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.insecure {
			w.Header().Set(UnverifiedHeader, unverifiedNotice)
		}
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
	// need is what the caller must be allowed to do, for routes that are not public.
	need   access
	handle http.HandlerFunc
}

// endpoints lists every route, in the order notFound names them.
func (s *server) endpoints() []endpoint {
	return []endpoint{
		{method: http.MethodPost, path: "/v1/tasks", need: accessSubmit, handle: s.submit},
		{method: http.MethodGet, path: "/v1/tasks/{id}", need: accessRead, handle: s.status},
		{method: http.MethodPost, path: "/v1/tasks/{id}/{action}", need: accessAct, handle: s.act},
		{method: http.MethodGet, path: "/v1/catalog", need: accessAny, handle: s.catalog},
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
