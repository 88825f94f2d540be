package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every bench's -h prints its usage to stdout and is no error, before it reads any
// configuration or dials: the environment here would fail both.
func TestHelpOfEveryBench(t *testing.T) {
	broken := func(name string) string {
		return map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1", "LANES_LOG_LEVEL": "loud"}[name]
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{args: []string{"--help"}, want: []string{"usage: bench [escalation|roster|intake]", "bench escalation ", "bench intake "}},
		{args: []string{"help"}, want: []string{"usage: bench [escalation|roster|intake]"}},
		{args: []string{"-n", "5", "-h"}, want: []string{"usage: bench [flags]", "-concurrency"}},
		{args: []string{"escalation", "-h"}, want: []string{"usage: bench escalation [flags]", "-response"}},
		{args: []string{"roster", "-h"}, want: []string{"usage: bench roster [flags]", "-backlog"}},
		{args: []string{"intake", "-h"}, want: []string{"usage: bench intake [flags]", "-concurrency"}},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out strings.Builder
			require.NoError(t, Run(context.Background(), tt.args, broken, &out))
			for _, w := range tt.want {
				require.Contains(t, out.String(), w)
			}
		})
	}
}

// Anything else that is not a bench or a flag is an error.
func TestUnknownArgumentsFail(t *testing.T) {
	for _, args := range [][]string{{"-x"}, {"frobnicate"}, {"roster", "extra"}} {
		var out strings.Builder
		require.Error(t, Run(context.Background(), args, func(string) string { return "" }, &out), "%q", args)
	}
}
