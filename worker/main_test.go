package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// -h prints the usage to stdout and exits 0, before the worker reads any configuration
// or dials: the environment here would fail both.
func TestHelp(t *testing.T) {
	broken := func(name string) string {
		return map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1", "LANES_LOG_LEVEL": "loud"}[name]
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"help"}} {
		var out strings.Builder
		require.NoError(t, run(context.Background(), args, broken, &out))
		require.Contains(t, out.String(), "usage: worker", "%q", args)
	}
}

// Anything else is an error that shows the usage.
func TestUnknownArgumentsFail(t *testing.T) {
	for _, args := range [][]string{{"-x"}, {"-h", "extra"}, {"frobnicate"}, {"dev"}, {"bench"}} {
		var out strings.Builder
		err := run(context.Background(), args, func(string) string { return "" }, &out)
		require.ErrorContains(t, err, "usage: worker", "%q", args)
	}
}
