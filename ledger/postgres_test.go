package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
)

// postgresCluster is a throw-away PostgreSQL server the tests start in a temp
// directory, reached over a Unix socket only, so it needs no free TCP port and
// touches nothing else on the machine.
type postgresCluster struct {
	socketDir string
	admin     *sql.DB
	databases int
}

// missingPostgres says how to get the server programs. Without them the PostgreSQL
// half of the ledger tests does not run on a developer's machine, which says so
// (go test -v shows it), and fails in CI (.ci/run sets requirePostgres), so a
// query that only works on SQLite never lands unseen.
const missingPostgres = "the PostgreSQL half of the ledger tests needs PostgreSQL's server programs (initdb, pg_ctl), and none were found " +
	"on PATH or in /usr/lib/postgresql/*/bin: install them with `apt-get install -y postgresql` (Debian, Ubuntu; .ci/run does this) " +
	"or `brew install postgresql` (macOS), or set LANES_PG_BIN to the directory that holds them"

// requirePostgres, set to 1, fails the PostgreSQL half of the tests when PostgreSQL is missing.
const requirePostgres = "LANES_REQUIRE_POSTGRES"

// postgresBinDir finds initdb and pg_ctl: LANES_PG_BIN, then PATH, then Debian's
// versioned directories, newest first.
func postgresBinDir() (string, error) {
	var candidates []string
	if dir := os.Getenv("LANES_PG_BIN"); dir != "" {
		candidates = append(candidates, dir)
	}
	if pgCtl, err := exec.LookPath("pg_ctl"); err == nil {
		if resolved, err := filepath.EvalSymlinks(pgCtl); err == nil {
			candidates = append(candidates, filepath.Dir(resolved))
		}
	}
	debian, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(debian, func(a, b string) int { return versionOf(b) - versionOf(a) })
	for _, dir := range append(candidates, debian...) {
		if isFile(filepath.Join(dir, "initdb")) && isFile(filepath.Join(dir, "pg_ctl")) {
			return dir, nil
		}
	}
	return "", errors.New(missingPostgres)
}

// versionOf reads the major version out of /usr/lib/postgresql/<major>/bin.
func versionOf(binDir string) int {
	major, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return major
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// startPostgres initialises a cluster in a fresh directory and starts it; the
// test's clean-up stops it and removes the directory. PostgreSQL refuses to run
// as root, so as root the server runs as the user nobody.
func startPostgres(t testing.TB) *postgresCluster {
	t.Helper()
	bin, err := postgresBinDir()
	switch {
	case err != nil && os.Getenv(requirePostgres) == "1":
		t.Fatal(err)
	case err != nil:
		t.Skipf("PostgreSQL half not run (the SQLite half ran): %v; %s=1 makes this a failure, as in .ci/run", err, requirePostgres)
	}
	// Not t.TempDir: its parents are private to root, and the server may run as nobody.
	root, err := os.MkdirTemp("", "lanes-ledger-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	data, sock := filepath.Join(root, "data"), filepath.Join(root, "sock")
	for _, dir := range []string{data, sock} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	owner := serverUser(t, root, data, sock)
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.SysProcAttr = owner
		if out, err := cmd.CombinedOutput(); err != nil {
			log, _ := os.ReadFile(filepath.Join(root, "server.log"))
			t.Fatalf("%s %v: %v\n%s\nserver log:\n%s", name, args, err, out, log)
		}
	}
	run("initdb", "-D", data, "-U", "lanes", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync")
	// Durability is of no use to a throw-away cluster; turning it off keeps the tests quick.
	run("pg_ctl", "-D", data, "-l", filepath.Join(root, "server.log"), "-w", "-t", "60", "-o",
		"-k "+sock+" -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start")
	t.Cleanup(func() { run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop") })

	admin, err := sql.Open("pgx", postgresDSN(sock, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	return &postgresCluster{socketDir: sock, admin: admin}
}

// serverUser returns the credentials the server runs under: the test's own, or
// nobody's when the test runs as root, in which case nobody is given the directories.
func serverUser(t testing.TB, dirs ...string) *syscall.SysProcAttr {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Fatalf("the tests run as root and PostgreSQL will not; they run it as the user nobody, but: %v", err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	for _, dir := range dirs {
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
}

func postgresDSN(socketDir, database string) string {
	return fmt.Sprintf("host=%s user=lanes dbname=%s sslmode=disable", socketDir, database)
}

// freshLedger creates an empty database in the cluster and names it in a Config.
func (c *postgresCluster) freshLedger(t testing.TB) Config {
	t.Helper()
	c.databases++
	name := fmt.Sprintf("ledger_%d", c.databases)
	if _, err := c.admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	return Config{Driver: DriverPostgres, DSN: postgresDSN(c.socketDir, name)}
}
