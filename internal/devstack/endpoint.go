package devstack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
)

// StartAutomationEndpoint stands in for the RPA orchestrator, the cloud job runner and
// the ad platform on a laptop: it logs each action or pause it receives and answers
// that it took it, touching no real system. It serves /rpa, /cloud and /ads at the
// URL it returns until stop. Production sets LANES_RPA_WEBHOOK_URL and the others.
func StartAutomationEndpoint(addr string, logger *zap.Logger) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("dev automation endpoint on %s: %w; pass --automation-endpoint", addr, err)
	}
	mux := http.NewServeMux()
	for _, pool := range []string{"rpa", "cloud"} {
		mux.HandleFunc("POST /"+pool, func(w http.ResponseWriter, r *http.Request) {
			var req activities.AutomationRequest
			if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
				http.Error(w, "body: not an automation request: "+err.Error(), http.StatusBadRequest)
				return
			}
			logger.Info("Dev automation endpoint took an action", zap.String("pool", pool), zap.String("action", req.Action),
				zap.String("task", req.TaskID), zap.String("idempotencyKey", r.Header.Get("Idempotency-Key")))
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(activities.AutomationResult{
				Summary: fmt.Sprintf("dev %s endpoint took %s (no real system was touched)", pool, req.Action),
			})
		})
	}
	mux.HandleFunc("POST /ads", func(w http.ResponseWriter, r *http.Request) {
		var req activities.PauseRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
			http.Error(w, "body: not a pause request: "+err.Error(), http.StatusBadRequest)
			return
		}
		logger.Info("Dev ad platform paused a campaign", zap.String("campaign", req.CampaignID), zap.String("task", req.TaskID))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(activities.PauseResult{Paused: true, Summary: "dev ad platform paused " + req.CampaignID + " (no real campaign was touched)"})
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("Dev automation endpoint stopped", zap.Error(err))
		}
	}()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
