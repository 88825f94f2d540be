package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/workflows"
)

// TestOverlongActionTextFailsBeforeDial checks that starter refuses an action the task
// would refuse for its text before it connects, so nothing reaches the task's history.
func TestOverlongActionTextFailsBeforeDial(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name    string
		cmd     func(e *env, ctx context.Context, args []string) error
		args    []string
		wantErr string
	}{
		{"complete note", actionCmd(workflows.SignalComplete), []string{"task-1", "--as", "alice", "--note", long(1001)}, "note: over 1000 characters (1001); shorten it and link a longer text"},
		{"acknowledge note", actionCmd(workflows.SignalAcknowledge), []string{"task-1", "--as", "alice", "--note", long(1_000_000)}, "note: over 1000 characters (1000000)"},
		{"hand-back reason", actionCmd(workflows.SignalHandBack), []string{"task-1", "--as", "alice", "--reason", long(501)}, "reason: over 500 characters (501)"},
		{"block dependency", actionCmd(workflows.SignalBlock), []string{"task-1", "--as", "bob", "--dependency", long(501)}, "dependency: over 500 characters (501)"},
		{"approve actor", actionCmd(workflows.SignalApprove), []string{"task-1", "--as", long(201)}, "actor: over 200 characters (201)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEnv(t, nil, strings.NewReader(""))
			err := tt.cmd(e, context.Background(), tt.args)
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), tt.wantErr), "%q does not start with %q", err, tt.wantErr)
		})
	}
}

// actionCmd is the starter command of an action, as a method value would be.
func actionCmd(name string) func(e *env, ctx context.Context, args []string) error {
	return func(e *env, ctx context.Context, args []string) error { return e.run(ctx, name, args) }
}
