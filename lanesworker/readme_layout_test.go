package lanesworker_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/lanes-dev/lanes"

// The README's layout lists the packages so that each imports only packages below it:
// the code holds to it. The internal packages sit with the command that uses them, and
// the tests' Temporal server is imported by tests only.
func TestReadmeLayoutIsTheImportOrder(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	layout := strings.SplitN(string(readme), "## Project layout", 2)
	require.Len(t, layout, 2, "README has a Project layout section")
	block := strings.SplitN(strings.SplitN(layout[1], "```\n", 2)[1], "```", 2)[0]
	rank := map[string]int{}
	for i, line := range strings.Split(strings.TrimSpace(block), "\n") {
		dir := strings.TrimSuffix(strings.Fields(line)[0], "/")
		_, twice := rank[dir]
		assert.False(t, twice, "%s is listed twice", dir)
		rank[dir] = i
	}
	rank["internal/bench"], rank["internal/devstack"] = rank["cmd/bench"], rank["cmd/dev"]

	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"/...").Output()
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module+"/")
		if pkg == "internal/temporalserver" {
			continue // a test helper, checked below
		}
		from, listed := rank[pkg]
		if !assert.True(t, listed, "%s is not in the README's layout", pkg) {
			continue
		}
		for _, imp := range fields[1:] {
			dep, ours := strings.CutPrefix(imp, module+"/")
			if !ours {
				continue
			}
			assert.NotEqual(t, "internal/temporalserver", dep, "%s: only tests start the tests' Temporal server", pkg)
			to, listed := rank[dep]
			assert.True(t, listed && to >= from, "%s imports %s, which the README lists above it", pkg, dep)
		}
	}
}
