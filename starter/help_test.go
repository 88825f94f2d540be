package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/workflows"
)

// Every command's -h, subcommands included, prints its usage to stdout and is no error,
// so starter exits 0; nothing is dialed (this address refuses, and the context ends soon).
func TestHelpOfEveryCommand(t *testing.T) {
	vars := getenvFrom(map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1"})
	for _, tt := range []struct {
		args string
		want []string
	}{
		{args: "-h", want: []string{"usage: starter COMMAND"}},
		{args: "submit -h", want: []string{"Usage of submit:", "-type"}},
		{args: "import -h", want: []string{"usage: starter import FILE.csv|-", "-dry-run"}},
		{args: "status -h", want: []string{"Usage of status:", "-json"}},
		{args: "status task-1 -h", want: []string{"Usage of status:"}},
		{args: "acknowledge -h", want: []string{"Usage of acknowledge:", "-as"}},
		{args: "ack -h", want: []string{"-as"}},
		{args: "complete --help", want: []string{"Usage of complete:", "-outcome", "-hours"}},
		{args: "hand-back -h", want: []string{"Usage of hand-back:", "-reason"}},
		{args: "reassign -h", want: []string{"Usage of reassign:", "-to"}},
		{args: "wait-on-requester -h", want: []string{"Usage of wait-on-requester:"}},
		{args: "resume -h", want: []string{"Usage of resume:"}},
		{args: "raise-severity -h", want: []string{"Usage of raise-severity:", "-scores"}},
		{args: "block -h", want: []string{"Usage of block:", "-dependency"}},
		{args: "flag-compliance -h", want: []string{"Usage of flag-compliance:", "-reason"}},
		{args: "approve -h", want: []string{"Usage of approve:", "-note"}},
		{args: "roster -h", want: []string{"starter roster TEAM"}},
		{args: "roster marketing-ops -h", want: []string{"Usage of roster marketing-ops:", "-json"}},
		{args: "roster marketing-ops join -h", want: []string{"Usage of roster marketing-ops join:", "-actor"}},
		{args: "roster marketing-ops leave -h", want: []string{"Usage of roster marketing-ops leave:", "-actor"}},
		{args: "roster marketing-ops out-of-office -h", want: []string{"Usage of roster marketing-ops out-of-office:"}},
		{args: "roster marketing-ops back-in-office -h", want: []string{"Usage of roster marketing-ops back-in-office:"}},
		{args: "roster marketing-ops change-hours -h", want: []string{"Usage of roster marketing-ops change-hours:"}},
		{args: "catalog -h", want: []string{"usage: starter catalog", "needs no server"}},
		{args: "serve -h", want: []string{"Usage of serve:", "-addr"}},
		{args: "schedule -h", want: []string{"usage: starter schedule COMMAND"}},
		{args: "schedule create -h", want: []string{"Usage of schedule create:", "-type"}},
		{args: "schedule list -h", want: []string{"usage: starter schedule list", "next runs"}},
		{args: "schedule pause -h", want: []string{"usage: starter schedule pause TYPE", "-note", "weekly-lifecycle-email-qa"}},
		{args: "schedule unpause -h", want: []string{"usage: starter schedule unpause TYPE"}},
		{args: "schedule trigger -h", want: []string{"usage: starter schedule trigger TYPE", "outside the cadence"}},
		{args: "schedule delete -h", want: []string{"usage: starter schedule delete TYPE"}},
		{args: "intake-report -h", want: []string{"Usage of intake-report:", "-since"}},
		{args: "ledger -h", want: []string{"usage: starter ledger COMMAND", "backfill"}},
		{args: "report -h", want: []string{"usage: starter report capacity|flow|review", "LANES_LEDGER_PATH"}},
		{args: "report capacity -h", want: []string{"Usage of report capacity:", "-team", "-from", "-to", "-month", "-csv", "-json"}},
		{args: "report flow -h", want: []string{"Usage of report flow:", "-zone"}},
		{args: "report review -h", want: []string{"Usage of report review:", "-month"}},
		{args: "ledger backfill -h", want: []string{"Usage of ledger backfill:", "-since", "-dry-run", "-json"}},
	} {
		t.Run(tt.args, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var out strings.Builder
			require.NoError(t, run(ctx, strings.Fields(tt.args), vars, strings.NewReader(""), &out))
			for _, w := range tt.want {
				require.Contains(t, out.String(), w)
			}
		})
	}
}

// A bad flag is still an error, and catalog refuses arguments it does not take.
func TestBadFlagsStillFail(t *testing.T) {
	for _, args := range []string{"catalog extra", "catalog -x", "status -x", "schedule list extra", "report", "report weekly", "report flow extra"} {
		var out strings.Builder
		require.Error(t, run(context.Background(), strings.Fields(args), getenvFrom(nil), strings.NewReader(""), &out), args)
	}
}

// Every action in the table is a command whose flags are the action's fields.
func TestEveryActionIsACommand(t *testing.T) {
	vars := getenvFrom(map[string]string{"TEMPORAL_ADDRESS": "127.0.0.1:1"})
	for _, a := range workflows.Actions() {
		var out strings.Builder
		require.NoError(t, run(context.Background(), []string{a.Name, "-h"}, vars, strings.NewReader(""), &out), a.Name)
		require.Contains(t, out.String(), "Usage of "+a.Name+":")
		require.Contains(t, out.String(), a.Who, "--as names who may act")
		for _, f := range a.Fields {
			require.Contains(t, out.String(), "-"+f.Name+" ", a.Name)
		}
	}
}
