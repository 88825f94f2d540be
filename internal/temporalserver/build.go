package temporalserver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// built is the server program's path, built once per test binary.
var built = sync.OnceValues(build)

// binary is the server program, built if it is not yet.
func binary(tb testing.TB) string {
	tb.Helper()
	path, err := built()
	if err != nil {
		tb.Fatalf("build the Temporal test server: %v", err)
	}
	return path
}

// slowBuild is what a test binary says once it has waited a minute for the program.
const slowBuild = "temporalserver: still building the Temporal test server (internal/testserver): " +
	"on an empty build cache it compiles for minutes, within this package's go test timeout; " +
	"if that runs out, run the tests again: the build cache keeps what was compiled"

// build builds internal/testserver into .lanes/testserver of the module. The test
// binaries of several packages build at once under `go test ./...`: a file lock lets
// one build while the others wait, and then find the program up to date, which go
// build checks in a few seconds without linking again.
func build() (string, error) {
	slow := time.AfterFunc(time.Minute, func() { fmt.Fprintln(os.Stderr, slowBuild) })
	defer slow.Stop()
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, ".lanes", "testserver")
	unlock, err := lock(dir)
	if err != nil {
		return "", err
	}
	defer unlock()
	path := filepath.Join(dir, "temporal-testserver")
	cmd := exec.Command("go", "build", "-o", path, ".")
	cmd.Dir = filepath.Join(root, "internal", "testserver")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build in %s: %w\n%s", cmd.Dir, err, out)
	}
	if err := readSources(cmd.Dir); err != nil {
		return "", err
	}
	return path, nil
}

// moduleRoot is the directory of Lanes' go.mod.
func moduleRoot() (string, error) {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	return filepath.Dir(strings.TrimSpace(string(gomod))), nil
}

// lock makes dir and takes its build lock, waiting while another process holds it.
func lock(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "build.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	return func() { _ = f.Close() }, nil // closing releases the lock
}

// readSources reads the program's go.mod, go.sum and Go files. go test keeps a
// package's passing result until its test binary or a file its tests opened changes,
// and the program is neither: read here, its sources rerun the tests when they change.
func readSources(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if _, err := os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
