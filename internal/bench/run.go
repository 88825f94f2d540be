// Package bench measures Lanes against a Temporal server: task lifecycles per lane,
// escalation lateness, the roster's booking rate and history, and the HTTP intake
// service. Each bench runs its own worker on fresh queues, with stand-ins for the
// automations and the ad platform, so it disturbs no worker serving the namespace.
package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

const usage = `usage: bench [escalation|roster|intake] [flags]   (each takes -h)
  bench             run N task lifecycles per lane and a baseline, and print the figures
  bench escalation  submit N outages at once and print how late their escalations start
  bench roster      submit N human tasks at once to a fresh roster and print how fast it books them (-waiting W: with W tasks waiting)
  bench intake      POST N tasks to the HTTP intake service from concurrent clients and print requests/s and latencies`

// Run runs the bench args name against the server in TEMPORAL_ADDRESS. A bench's -h
// prints its usage to stdout and is no error.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if err := runBench(ctx, args, getenv, stdout); !errors.Is(err, flag.ErrHelp) {
		return err
	}
	return nil
}

func runBench(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	switch name {
	case "":
		if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			_, err := fmt.Fprintln(stdout, usage)
			return err
		}
		return Lifecycles(ctx, args, getenv, stdout)
	case "escalation":
		return Escalation(ctx, args, getenv, stdout)
	case "roster":
		return Roster(ctx, args, getenv, stdout)
	case "intake":
		return Intake(ctx, args, getenv, stdout)
	case "help":
		_, err := fmt.Fprintln(stdout, usage)
		return err
	default:
		return fmt.Errorf("unknown bench %q\n%s", name, usage)
	}
}
