package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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
		{"complete note", (*env).complete, []string{"task-1", "--as", "alice", "--note", long(1001)}, "note: over 1000 characters (1001); shorten it and link a longer text"},
		{"acknowledge note", (*env).acknowledge, []string{"task-1", "--as", "alice", "--note", long(1_000_000)}, "note: over 1000 characters (1000000)"},
		{"hand-back reason", (*env).handBack, []string{"task-1", "--as", "alice", "--reason", long(501)}, "reason: over 500 characters (501)"},
		{"block dependency", (*env).block, []string{"task-1", "--as", "bob", "--dependency", long(501)}, "dependency: over 500 characters (501)"},
		{"approve actor", (*env).approve, []string{"task-1", "--as", long(201)}, "actor: over 200 characters (201)"},
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
