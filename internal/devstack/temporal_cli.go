package devstack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// temporalCLIModule is the Temporal CLI that `dev` installs: it carries the
// dev server (SQLite) and the Web UI.
const temporalCLIModule = "github.com/temporalio/cli/cmd/temporal@v1.5.1"

// temporalCLIEnv names an installed Temporal CLI for `dev`, as --temporal-cli does.
const temporalCLIEnv = "LANES_TEMPORAL_CLI"

// installEstimate is what the first install costs: go install compiles the Temporal
// server, its persistence drivers and the UI server, around a thousand packages.
const installEstimate = "5–20 minutes on two cores"

// installProgressEvery is how often the install says it is still at work.
const installProgressEvery = 30 * time.Second

// cliChoice is the Temporal CLI `dev` runs and where it was found.
type cliChoice struct {
	path, from string
}

// findTemporalCLI picks an installed Temporal CLI: --temporal-cli, else LANES_TEMPORAL_CLI,
// else the one an earlier run installed into <dir>/bin, else temporal on PATH. It
// returns a zero choice when there is none, and an error when a given path is not a file.
func findTemporalCLI(given, dir string, getenv func(string) string, lookPath func(string) (string, error)) (cliChoice, error) {
	for _, named := range []cliChoice{{given, "--temporal-cli"}, {strings.TrimSpace(getenv(temporalCLIEnv)), temporalCLIEnv}} {
		if named.path == "" {
			continue
		}
		if info, err := os.Stat(named.path); err != nil || info.IsDir() {
			return cliChoice{}, fmt.Errorf("%s: %q is not a temporal CLI binary; give the path of an installed temporal, or leave it unset to install one", named.from, named.path)
		}
		return named, nil
	}
	installed, err := filepath.Abs(filepath.Join(dir, "bin", "temporal"))
	if err != nil {
		return cliChoice{}, fmt.Errorf("resolve %s: %w", dir, err)
	}
	if _, err := os.Stat(installed); err == nil {
		return cliChoice{installed, "installed by an earlier dev run"}, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return cliChoice{}, fmt.Errorf("look for the Temporal CLI: %w", err)
	}
	if onPath, err := lookPath("temporal"); err == nil {
		return cliChoice{onPath, "temporal on PATH"}, nil
	}
	return cliChoice{}, nil
}

// ensureTemporalCLI finds an installed Temporal CLI, or installs the pinned one into
// <dir>/bin with the Go toolchain, saying every 30s how far the build got.
func ensureTemporalCLI(ctx context.Context, dir, given string, getenv func(string) string, stdout io.Writer) (string, error) {
	found, err := findTemporalCLI(given, dir, getenv, exec.LookPath)
	if err != nil {
		return "", err
	}
	if found.path != "" {
		fmt.Fprintf(stdout, "Temporal CLI: %s (%s)\n", found.path, found.from)
		return found.path, nil
	}
	binDir, err := filepath.Abs(filepath.Join(dir, "bin"))
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", dir, err)
	}
	fmt.Fprintf(stdout, `Installing the Temporal CLI (%s) into %s.
This happens once and compiles the Temporal server: %s. Progress follows every %s.
To skip it, press Ctrl-C and reuse an installed temporal: --temporal-cli PATH, %s=PATH, or temporal on PATH
(brew install temporal, or a release archive: https://docs.temporal.io/develop/run-a-development-server).
`, temporalCLIModule, binDir, installEstimate, installProgressEvery, temporalCLIEnv)
	cmd := exec.CommandContext(ctx, "go", "install", "-v", temporalCLIModule)
	cmd.Env = append(os.Environ(), "GOBIN="+binDir)
	progress := &buildProgress{}
	cmd.Stdout, cmd.Stderr = progress, progress
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("run go install %s: %w; or pass --temporal-cli", temporalCLIModule, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(installProgressEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			fmt.Fprintln(stdout, progress.report(time.Since(start)))
		case err := <-done:
			if err != nil {
				return "", fmt.Errorf("install the Temporal CLI with go install %s: %w; its last output:\n%s\nor pass --temporal-cli PATH", temporalCLIModule, err, progress.tail())
			}
			fmt.Fprintf(stdout, "Installed the Temporal CLI in %s: %s\n", time.Since(start).Round(time.Second), filepath.Join(binDir, "temporal"))
			return filepath.Join(binDir, "temporal"), nil
		}
	}
}

// buildProgress follows the output of `go install -v`: the modules it downloads and the
// packages it compiles, one a line, and keeps the last lines for an error report.
type buildProgress struct {
	mu         sync.Mutex
	partial    []byte
	downloaded int
	compiled   int
	last       string
	lines      []string // the last tailLines lines
}

// tailLines is how much of a failed install's output the error shows.
const tailLines = 15

// Write takes the go command's output; it never fails.
func (p *buildProgress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.partial = append(p.partial, b...)
	for {
		i := bytes.IndexByte(p.partial, '\n')
		if i < 0 {
			return len(b), nil
		}
		p.take(strings.TrimSpace(string(p.partial[:i])))
		p.partial = p.partial[i+1:]
	}
}

func (p *buildProgress) take(line string) {
	if line == "" {
		return
	}
	p.lines = append(p.lines, line)
	if len(p.lines) > tailLines {
		p.lines = p.lines[len(p.lines)-tailLines:]
	}
	switch {
	case strings.HasPrefix(line, "go: downloading "):
		p.downloaded++
	case strings.HasPrefix(line, "go: "), strings.HasPrefix(line, "#"), strings.ContainsAny(line, " \t"):
		// the go command's notes and compiler messages are not packages
	default:
		p.compiled++
		p.last = line
	}
}

// report is one line on how far the install got after elapsed.
func (p *buildProgress) report(elapsed time.Duration) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := fmt.Sprintf("  still installing the Temporal CLI: %s so far (expect %s); %d modules downloaded, %d packages compiled",
		elapsed.Round(time.Second), installEstimate, p.downloaded, p.compiled)
	if p.last != "" {
		s += ", last " + p.last
	}
	return s
}

// tail is the last lines of the output, indented, for an error.
func (p *buildProgress) tail() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	lines := p.lines
	if rest := strings.TrimSpace(string(p.partial)); rest != "" {
		lines = append(lines[:len(lines):len(lines)], rest)
	}
	if len(lines) == 0 {
		return "  (none)"
	}
	return "  " + strings.Join(lines, "\n  ")
}
