package devstack

import (
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// -h prints the flags to stdout before anything reads the configuration, which here
// would fail; anything else that is not a flag is an error.
func TestHelp(t *testing.T) {
	broken := func(name string) string {
		return map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1", "LANES_LOG_LEVEL": "loud"}[name]
	}
	for _, arg := range []string{"-h", "--help"} {
		var out strings.Builder
		require.ErrorIs(t, Run(context.Background(), []string{arg}, broken, &out), flag.ErrHelp)
		for _, want := range []string{"usage: dev [flags]", "-temporal-cli", temporalCLIEnv, installEstimate, "-insecure-dev"} {
			require.Contains(t, out.String(), want)
		}
	}
	var out strings.Builder
	require.Error(t, Run(context.Background(), []string{"extra"}, broken, &out))
}
