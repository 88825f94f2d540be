// Package dashboard is the leaders' view in a browser: the capacity, flow and
// SLA numbers of the ledger, the rosters' load and the open tasks nearest breach,
// and the monthly review, as HTML pages with charts drawn on the server. It is
// read-only; the intake service serves it behind its own authentication, and its
// templates and styles are inside the binary, so it works without internet access.
package dashboard

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/ledger"
)

// The pages' paths: the intake service mounts everything under Path.
const (
	Path       = "/dashboard"
	ReviewPath = Path + "/review"
)

// DefaultTemporalUI is the Temporal UI the at-risk list links to when none is given.
const DefaultTemporalUI = "http://localhost:8233"

//go:embed assets
var assets embed.FS

// Config is what the dashboard reads and how it shows it.
type Config struct {
	// Ledger holds the facts of the tasks; required.
	Ledger *ledger.Store
	// Live reads the rosters and open tasks; required.
	Live Live
	// Catalog names the teams and task types; required.
	Catalog *catalog.Catalog
	// TemporalUI is the base URL of the Temporal UI each open task links into
	// (LANES_UI_URL); empty means DefaultTemporalUI.
	TemporalUI string
	// Namespace is the Temporal namespace of the tasks; empty means "default".
	Namespace string
	// Unverified shows that the service checks nobody (--insecure-dev), as the
	// API's X-Lanes-Unverified header does.
	Unverified bool
	// Refresh is how often a page reloads itself; 0 means a minute.
	Refresh time.Duration
	// Now tells the time; nil means the clock.
	Now func() time.Time
	// Logger logs the pages that fail; nil logs nothing.
	Logger *zap.Logger
}

// server holds the handler's dependencies.
type server struct {
	cfg   Config
	pages map[string]*template.Template
	css   template.CSS
	// teams are the catalog's teams, sorted; zones their calendars' zones.
	teams []string
	zones map[string]*time.Location
}

// New builds the dashboard's handler, serving Path and ReviewPath.
func New(cfg Config) (http.Handler, error) {
	if cfg.Ledger == nil || cfg.Live == nil || cfg.Catalog == nil {
		return nil, errors.New("dashboard: Ledger, Live and Catalog are required")
	}
	if cfg.TemporalUI == "" {
		cfg.TemporalUI = DefaultTemporalUI
	}
	cfg.TemporalUI = strings.TrimRight(cfg.TemporalUI, "/")
	if cfg.Namespace == "" {
		cfg.Namespace = "default"
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	s := &server{cfg: cfg, pages: map[string]*template.Template{}, zones: map[string]*time.Location{}}
	for team, cal := range cfg.Catalog.Teams {
		zone, err := time.LoadLocation(cal.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("dashboard: team %s: time zone %q: %w", team, cal.TimeZone, err)
		}
		s.teams, s.zones[team] = append(s.teams, team), zone
	}
	slices.Sort(s.teams)
	css, err := assets.ReadFile("assets/dashboard.css")
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	s.css = template.CSS(css)
	for _, name := range []string{"overview", "review", "problem"} {
		t, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(assets, "assets/layout.html", "assets/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("dashboard: %w", err)
		}
		s.pages[name] = t
	}
	return s, nil
}

// ServeHTTP serves the pages; anything else under Path is a 404 naming them.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case Path:
		s.overview(w, r)
	case ReviewPath:
		s.review(w, r)
	default:
		s.problem(w, r, http.StatusNotFound, "No page "+r.URL.Path+"; the dashboard's pages are "+Path+" and "+ReviewPath+".", "")
	}
}

// Describe says where the dashboard is served and who reaches it, for the
// service's start-up lines.
func Describe(addr string, checked bool) string {
	who := "--insecure-dev: open to anyone who reaches the address"
	if checked {
		who = "people reach it in a browser through an auth proxy that adds their bearer token, such as oauth2-proxy; see docs/dashboard.md"
	}
	return "Leaders' dashboard: http://" + addr + Path + " (" + who + ")."
}

// page is what every page's layout shows around its content.
type page struct {
	Title      string
	Nav        string
	View       view
	Teams      []string
	Unverified bool
	// Refresh is the reload interval in seconds; 0 for a page that must not reload.
	Refresh int
	Updated string
	CSS     template.CSS
	Content any
}

// render writes a page, buffered so a template failure still answers cleanly.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	p.Teams, p.Unverified, p.CSS = s.teams, s.cfg.Unverified, s.css
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.cfg.Logger.Error("Dashboard page not rendered", zap.String("page", r.URL.Path), zap.Error(err))
		http.Error(w, "the dashboard page could not be drawn; the service log says why", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// problem answers a page that cannot be shown, naming the parameter at fault.
func (s *server) problem(w http.ResponseWriter, r *http.Request, status int, message, param string) {
	s.render(w, r, status, "problem", page{Title: http.StatusText(status), Content: struct{ Message, Param string }{message, param}})
}

// fail answers an error: a 400 naming the parameter, or a 500 logged once.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *ParamError
	if errors.As(err, &pe) {
		s.problem(w, r, http.StatusBadRequest, pe.Error(), pe.Param)
		return
	}
	s.cfg.Logger.Error("Dashboard page failed", zap.String("page", r.URL.Path), zap.Error(err))
	s.problem(w, r, http.StatusInternalServerError, "The numbers could not be read; the service's log says why.", "")
}
