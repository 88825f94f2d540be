// Command dev runs Lanes on a laptop: a Temporal dev server under .lanes/ (UI on :8233),
// the worker, stand-in automation endpoints and the HTTP intake service. -h lists its flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/lanes-dev/lanes/internal/devstack"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := devstack.Run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}
