package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intake"
	"github.com/lanes-dev/lanes/internal/devstack"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/workflows"
)

// flags is a bench's flag set: -h prints the bench's synopsis and flags to out, and a
// bad flag prints them there too before the error.
func flags(name, synopsis string, out io.Writer) *flag.FlagSet {
	command := strings.TrimSpace("bench " + name)
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: %s [flags]\n%s\nflags:\n", command, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse reads args into fs; a bench takes flags only.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// dial is what every bench starts with: the worker's configuration (logging at warn
// unless asked), on fresh queues named for the bench, a client, and Lanes' search
// attributes on the namespace.
func dial(ctx context.Context, getenv func(string) string, kind string) (lanesworker.Config, client.Client, error) {
	cfg, err := lanesworker.LoadConfig(func(k string) string {
		if k == "LANES_LOG_LEVEL" && getenv(k) == "" {
			return "warn"
		}
		return getenv(k)
	})
	if err != nil {
		return cfg, nil, err
	}
	cfg.QueuePrefix = "lanes-bench-" + kind + uuid.NewString()[:8]
	c, err := connect.Dial(ctx, cfg.Temporal, cfg.Logger)
	if err != nil {
		return cfg, nil, err
	}
	if err := lanesworker.EnsureSearchAttributes(ctx, c, cfg.Temporal.Namespace); err != nil {
		c.Close()
		return cfg, nil, err
	}
	return cfg, c, nil
}

// localLanes is Lanes running in the bench's process on the bench's own queues.
type localLanes struct {
	board *NoticeBoard
	// in submits and acts on the bench's task queue.
	in   *intake.Client
	stop func()
}

// startLocalLanes runs Lanes in this process on cfg's queues, so it never disturbs a worker
// serving the namespace. A local endpoint stands in for the automations and the ad
// platform, and notices go to a board the bench reads, so nothing real is paused or
// paged. The worker runs until stop, even past ctx, to close what the bench opened.
func startLocalLanes(ctx context.Context, cfg lanesworker.Config, c client.Client) (*localLanes, error) {
	endpoint, stopEndpoint, err := devstack.StartAutomationEndpoint("127.0.0.1:0", cfg.Logger)
	if err != nil {
		return nil, err
	}
	cfg.RPA.WebhookURL, cfg.Cloud.WebhookURL, cfg.AdPlatformWebhookURL = endpoint+"/rpa", endpoint+"/cloud", endpoint+"/ads"
	cfg.RPA.RatePerSecond = 0
	board := NewNoticeBoard()
	cfg.Notifier = board
	wctx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone := make(chan error, 1)
	go func() { workerDone <- lanesworker.RunWorker(wctx, cfg, c) }()
	return &localLanes{
		board: board,
		in:    &intake.Client{Temporal: c, Catalog: cfg.Catalog, TaskQueue: workflows.QueuesWithPrefix(cfg.QueuePrefix).Tasks},
		stop: func() {
			stopWorker()
			<-workerDone
			stopEndpoint()
		},
	}, nil
}
