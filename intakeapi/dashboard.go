package intakeapi

import (
	"net/http"

	"github.com/lanes-dev/lanes/dashboard"
)

// mountDashboard serves the dashboard's pages behind the service's authentication.
// The dashboard shows every task's numbers, so it asks what reading any task asks:
// a signed-in person, or an intake system with read-all (the codec route's check).
func (s *server) mountDashboard(mux *http.ServeMux, pages http.Handler) {
	h := s.guard(accessReadAll, pages)
	route(mux, http.MethodGet, dashboard.Path, h)
	route(mux, http.MethodGet, dashboard.Path+"/", h)
}
