package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every command's -h prints its usage to stdout and exits 0, before it reads any
// configuration or dials: the environment here would fail both.
func TestHelpOfEveryCommand(t *testing.T) {
	broken := func(name string) string {
		return map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1", "LANES_LOG_LEVEL": "loud"}[name]
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{args: []string{"-h"}, want: []string{"usage: worker [dev|bench", "worker dev ", "worker bench-intake "}},
		{args: []string{"--help"}, want: []string{"usage: worker [dev|bench"}},
		{args: []string{"-help"}, want: []string{"usage: worker [dev|bench"}},
		{args: []string{"help"}, want: []string{"usage: worker [dev|bench"}},
		{args: []string{"dev", "-h"}, want: []string{"usage: worker dev [flags]", "-temporal-cli", temporalCLIEnv, installEstimate}},
		{args: []string{"dev", "--help"}, want: []string{"usage: worker dev [flags]", "-insecure-dev"}},
		{args: []string{"bench", "-h"}, want: []string{"usage: worker bench [flags]", "-concurrency"}},
		{args: []string{"bench-escalation", "-h"}, want: []string{"usage: worker bench-escalation [flags]", "-response"}},
		{args: []string{"bench-roster", "-h"}, want: []string{"usage: worker bench-roster [flags]", "-backlog"}},
		{args: []string{"bench-intake", "-h"}, want: []string{"usage: worker bench-intake [flags]", "-concurrency"}},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out strings.Builder
			require.NoError(t, run(context.Background(), tt.args, broken, &out))
			for _, w := range tt.want {
				require.Contains(t, out.String(), w)
			}
		})
	}
}

// Anything else that is not a command is still an error that shows the usage.
func TestUnknownArgumentsStillFail(t *testing.T) {
	for _, args := range [][]string{{"-x"}, {"-h", "extra"}, {"frobnicate"}, {"dev", "extra"}} {
		var out strings.Builder
		err := run(context.Background(), args, func(string) string { return "" }, &out)
		require.Error(t, err, "%q", args)
	}
}
