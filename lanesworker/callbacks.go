package lanesworker

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/activities"
	"github.com/lanes-dev/lanes/catalog"
)

// callbackActions are the actions, of the pools this process runs, whose jobs call
// back (automation.callback), with a type that names each.
func callbackActions(cfg Config, cat *catalog.Catalog) map[string]string {
	out := map[string]string{}
	for _, t := range cat.TaskTypes {
		a := t.Automation
		if a == nil || !a.Callback {
			continue
		}
		if (a.Executor == catalog.ExecutorRPA && cfg.runs(PoolRPA)) || (a.Executor == catalog.ExecutorCloud && cfg.runs(PoolCloud)) {
			out[a.Action] = t.ID
		}
	}
	return out
}

// startCallbacks serves the callback route when a job of this process calls back, and
// returns the Callbacks its webhooks issue (nil when none does) and how to stop it. It
// refuses to start without the secret and URL, or for an action implemented in Go.
func startCallbacks(ctx context.Context, cfg Config, c client.Client) (*activities.Callbacks, func(), error) {
	logger := cfg.Logger
	actions := callbackActions(cfg, cfg.Catalog)
	if len(actions) == 0 {
		return nil, func() {}, nil
	}
	names := make([]string, 0, len(actions))
	for action := range actions {
		names = append(names, action)
	}
	sort.Strings(names)
	builtin := automations()
	for _, action := range names {
		if _, ok := builtin[action]; ok {
			return nil, nil, fmt.Errorf("task type %q: automation.callback: action %q runs in the worker, not on a webhook; remove callback", actions[action], action)
		}
	}
	if len(cfg.CallbackSecret) < activities.MinCallbackSecret || cfg.CallbackURL == "" {
		return nil, nil, fmt.Errorf("task type %q calls back (automation.callback): set LANES_CALLBACK_SECRET (at least %d characters, shared with the executor, like $(openssl rand -hex 32)) and LANES_CALLBACK_URL (where the executor reaches this worker's LANES_CALLBACK_ADDR)",
			actions[names[0]], activities.MinCallbackSecret)
	}
	ln := cfg.CallbackListener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", cfg.CallbackAddr); err != nil {
			return nil, nil, fmt.Errorf("LANES_CALLBACK_ADDR: %w; choose a free port", err)
		}
	}
	callbacks := &activities.Callbacks{Secret: []byte(cfg.CallbackSecret), BaseURL: cfg.CallbackURL}
	route := &callbackRoute{callbacks: callbacks, temporal: c, namespace: cfg.Temporal.Namespace, logger: logger.Named("callback")}
	mux := http.NewServeMux()
	mux.HandleFunc(activities.CallbackRoute, route.complete)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("Callback route listening", zap.String("addr", ln.Addr().String()), zap.String("url", cfg.CallbackURL), zap.Strings("actions", names))
	return callbacks, func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			logger.Warn("Callback route stopped with an error", zap.Error(err))
		}
	}, nil
}
