package devstack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// dev reuses an installed temporal before it builds one: the flag, then
// LANES_TEMPORAL_CLI, then what it installed before, then PATH.
func TestFindTemporalCLI(t *testing.T) {
	bin := func(dir, name string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755))
		return path
	}
	given, fromEnv, onPath := bin(t.TempDir(), "temporal"), bin(t.TempDir(), "temporal"), bin(t.TempDir(), "temporal")
	installedDir := t.TempDir()
	installed := bin(installedDir, "bin/temporal")
	emptyDir := t.TempDir()
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == temporalCLIEnv {
				return v
			}
			return ""
		}
	}
	path := func(string) (string, error) { return onPath, nil }
	noPath := func(string) (string, error) { return "", errors.New("not found") }

	for _, tt := range []struct {
		name     string
		given    string
		env      string
		dir      string
		lookPath func(string) (string, error)
		want     cliChoice
		wantErr  string
	}{
		{name: "flag first", given: given, env: fromEnv, dir: installedDir, lookPath: path, want: cliChoice{given, "--temporal-cli"}},
		{name: "then the variable", env: fromEnv, dir: installedDir, lookPath: path, want: cliChoice{fromEnv, temporalCLIEnv}},
		{name: "then the installed one", dir: installedDir, lookPath: path, want: cliChoice{installed, "installed by an earlier dev run"}},
		{name: "then PATH", dir: emptyDir, lookPath: path, want: cliChoice{onPath, "temporal on PATH"}},
		{name: "none: install", dir: emptyDir, lookPath: noPath},
		{name: "a flag naming nothing", given: filepath.Join(emptyDir, "nope"), dir: installedDir, lookPath: path, wantErr: "--temporal-cli: "},
		{name: "a variable naming a folder", env: emptyDir, dir: installedDir, lookPath: path, wantErr: temporalCLIEnv + ": "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := findTemporalCLI(tt.given, tt.dir, env(tt.env), tt.lookPath)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// The install's progress lines count what `go install -v` downloaded and compiled,
// whatever way its output arrives in pieces.
func TestBuildProgress(t *testing.T) {
	out := "go: downloading github.com/temporalio/cli v1.5.1\n" +
		"go: downloading go.temporal.io/server v1.29.0\n" +
		"internal/goarch\nruntime\ngo.temporal.io/server/common/log\n" +
		"# go.temporal.io/server/x\nwarning: something odd\n" +
		"go.temporal.io/server/service/hist"
	p := &buildProgress{}
	for i := 0; i < len(out); i += 7 { // pieces that split lines
		n, err := p.Write([]byte(out[i:min(i+7, len(out))]))
		require.NoError(t, err)
		require.Equal(t, min(7, len(out)-i), n)
	}
	require.Equal(t, fmt.Sprintf("  still installing the Temporal CLI: 2m30s so far (expect %s); 2 modules downloaded, 3 packages compiled, last go.temporal.io/server/common/log", installEstimate),
		p.report(150*time.Second+400*time.Millisecond))
	_, _ = p.Write([]byte("story\n"))
	require.Contains(t, p.report(time.Minute), "4 packages compiled, last go.temporal.io/server/service/histstory")
	require.Contains(t, p.tail(), "\n  warning: something odd\n  go.temporal.io/server/service/histstory")
	require.Equal(t, "  (none)", (&buildProgress{}).tail())
}
