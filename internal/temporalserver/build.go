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

// build builds internal/testserver into .lanes/testserver of the module. The test
// binaries of several packages build at once under `go test ./...`: a file lock lets
// one build while the others wait, and then find the program up to date, which go
// build checks in a few seconds without linking again.
func build() (string, error) {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	dir := filepath.Join(root, ".lanes", "testserver")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(dir, "build.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close() // releases the lock
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("lock %s: %w", lock.Name(), err)
	}
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
