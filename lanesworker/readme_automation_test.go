package lanesworker_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readmeAutomation is docs/automations.md's "Adding an automation": the new file, the two
// lines of lanesworker/automations.go (the one there and the one to add) and the catalog entry.
type readmeAutomation struct {
	file, code     string
	anchor, added  string
	catalogEntry   json.RawMessage
	catalogTypeID  string
	automationName string
}

// readReadmeAutomation reads the steps from docs/automations.md as a newcomer would follow them.
func readReadmeAutomation(t *testing.T, readme string) readmeAutomation {
	t.Helper()
	start := strings.Index(readme, "\n## Adding an automation")
	require.GreaterOrEqual(t, start, 0, "docs/automations.md has the section")
	section := readme[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	blocks := regexp.MustCompile("(?s)```(go|json)\n(.*?)```").FindAllStringSubmatch(section, -1)
	require.Len(t, blocks, 3, "step 1's file, step 2's lines and step 3's entry")
	file := regexp.MustCompile("1\\. `([^`]+\\.go)`").FindStringSubmatch(section)
	require.NotNil(t, file, "step 1 names the new file")
	lines := strings.Split(strings.TrimRight(blocks[1][2], "\n"), "\n")
	require.Len(t, lines, 2, "step 2 shows the line that is there and the one to add")
	var entry struct {
		ID         string `json:"id"`
		Automation struct {
			Action string `json:"action"`
		} `json:"automation"`
	}
	require.NoError(t, json.Unmarshal([]byte(blocks[2][2]), &entry))
	return readmeAutomation{
		file: file[1], code: blocks[0][2], anchor: lines[0], added: lines[1],
		catalogEntry: json.RawMessage(blocks[2][2]), catalogTypeID: entry.ID, automationName: entry.Automation.Action,
	}
}

// The steps in docs/automations.md for adding an automation work verbatim on a copy of the tree:
// the file compiles, the line goes below one that is there and leaves gofmt nothing to
// change, the catalog entry passes the worker's checks against the default roster,
// and a task of the new type runs to completion on a real server.
func TestReadmeAddingAnAutomation(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(root, "docs", "automations.md"))
	require.NoError(t, err)
	steps := readReadmeAutomation(t, string(readme))

	tree := filepath.Join(t.TempDir(), "lanes")
	copyTree(t, root, tree)
	require.NoError(t, os.WriteFile(filepath.Join(tree, steps.file), []byte(steps.code), 0o644))
	automations := filepath.Join(tree, "lanesworker", "automations.go")
	src, err := os.ReadFile(automations)
	require.NoError(t, err)
	require.Contains(t, string(src), steps.anchor+"\n", "step 2's first line is in lanesworker/automations.go as shown")
	edited := strings.Replace(string(src), steps.anchor+"\n", steps.anchor+"\n"+steps.added+"\n", 1)
	require.NoError(t, os.WriteFile(automations, []byte(edited), 0o644))
	out, err := exec.Command("gofmt", "-l", automations, filepath.Join(tree, steps.file)).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Empty(t, strings.TrimSpace(string(out)), "gofmt would change the files the steps touch")

	var cat map[string]json.RawMessage
	def, err := os.ReadFile(filepath.Join(tree, "catalog", "default.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(def, &cat))
	var types []json.RawMessage
	require.NoError(t, json.Unmarshal(cat["taskTypes"], &types))
	cat["taskTypes"], err = json.Marshal(append(types, steps.catalogEntry))
	require.NoError(t, err)
	catalogFile := filepath.Join(t.TempDir(), "catalog.json")
	data, err := json.Marshal(cat)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(catalogFile, data, 0o644))

	require.NoError(t, os.WriteFile(filepath.Join(tree, "lanesworker", "readme_task_test.go"), []byte(readmeTaskTest), 0o644))
	cmd := exec.Command("go", "test", "./lanesworker", "-run", "^TestReadmeAutomationTask$", "-count=1")
	cmd.Dir = tree
	cmd.Env = append(os.Environ(), "LANES_README_CATALOG="+catalogFile, "LANES_README_TYPE="+steps.catalogTypeID)
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "the copy with the README's automation builds and runs its task:\n%s", out)
	require.Contains(t, string(out), "ok ", string(out))
}

// readmeTaskTest runs in the copy: the real worker with the edited catalog and the
// default roster, and one task of the new type through intake to completion.
const readmeTaskTest = `package lanesworker_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/catalog"
	"github.com/lanes-dev/lanes/workflows"
)

func TestReadmeAutomationTask(t *testing.T) {
	cat, err := catalog.Load(os.Getenv("LANES_README_CATALOG"))
	require.NoError(t, err)
	s := startLanesWith(t, cat, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sub, err := s.intake.Submit(ctx, workflows.TaskRequest{
		RequestID: "readme-1", TaskType: os.Getenv("LANES_README_TYPE"), Title: "Clean the spring list",
		Payload: json.RawMessage(` + "`" + `{"emails": ["Ana@example.com", "ana@example.com", "not an address"]}` + "`" + `),
	})
	require.NoError(t, err)
	st, err := s.intake.WaitFor(ctx, sub.TaskID, func(st workflows.TaskStatus) bool { return st.Stage == workflows.StageCompleted })
	require.NoError(t, err)
	require.Equal(t, workflows.OutcomeAutomated, st.Outcome)
	require.Equal(t, "kept 1 of 3 addresses", st.Note)
}
`

// copyTree copies the module's files, not its git data or local dev state, to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".lanes", "node_modules":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	require.NoError(t, err)
}
