// Package temporalserver runs a real Temporal server for a test, as a process of its
// own: the program in internal/testserver, a module of its own that holds
// go.temporal.io/server so Lanes' go.mod does not. The first server a test binary
// starts builds the program into the module's .lanes/testserver/ (go build relinks it
// only when its sources change); each server then runs on free ports until its test ends.
package temporalserver

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap/zaptest"

	"github.com/lanes-dev/lanes/connect"
)

// namespace is the namespace every server registers.
const namespace = "lanes-test"

// Server is a Temporal server on SQLite with one namespace, run for one test.
type Server struct {
	tb       testing.TB
	args     []string
	hostPort string
	running  *process
	client   client.Client
}

// Start runs a server with its database in memory until tb's test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := newServer(tb)
	s.Start()
	return s
}

// StartOnFile runs a server with its database in dir, which Stop and Start can stop
// and start again on the same file and ports, as an operator restarts one. Like cmd/dev's
// server, it has one partition per task queue.
func StartOnFile(tb testing.TB, dir string) *Server {
	tb.Helper()
	s := newServer(tb, "-db", filepath.Join(dir, "temporal.db"), "-queue-partitions", "1")
	s.Start()
	return s
}

func newServer(tb testing.TB, args ...string) *Server {
	ports := freePorts(tb, 8)
	s := &Server{tb: tb, hostPort: fmt.Sprintf("127.0.0.1:%d", ports[0])}
	s.args = append([]string{"-namespace", namespace, "-ports", joinPorts(ports)}, args...)
	tb.Cleanup(s.kill)
	return s
}

// Start starts the stopped server and returns once it serves.
func (s *Server) Start() {
	s.tb.Helper()
	require.Nil(s.tb, s.running, "Temporal server already running")
	s.running = startProcess(s.tb, s.args)
}

// Stop stops the server as its operator would, and waits until it has.
func (s *Server) Stop() {
	s.tb.Helper()
	require.NotNil(s.tb, s.running, "Temporal server not running")
	s.running.stop(s.tb)
	s.running = nil
}

// kill ends the server at the end of the test: what it holds is of no more use.
func (s *Server) kill() {
	if s.running != nil {
		s.running.kill(s.tb)
		s.running = nil
	}
}

// HostPort is the address of the server's frontend.
func (s *Server) HostPort() string { return s.hostPort }

// Namespace is the namespace the server registered.
func (s *Server) Namespace() string { return namespace }

// Client is a client of the server's namespace, dialled on first use.
func (s *Server) Client() client.Client {
	if s.client == nil {
		s.client = s.Dial(client.Options{})
	}
	return s.client
}

// Dial returns a new client of the server, in its namespace unless opts names
// another, logging to the test; it is closed when the test ends.
func (s *Server) Dial(opts client.Options) client.Client {
	s.tb.Helper()
	opts.HostPort = s.hostPort
	if opts.Namespace == "" {
		opts.Namespace = namespace
	}
	if opts.Logger == nil {
		opts.Logger = connect.NewZapLogger(zaptest.NewLogger(s.tb))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := client.DialContext(ctx, opts)
	require.NoError(s.tb, err, "dial Temporal server")
	s.tb.Cleanup(c.Close)
	return c
}

// NewWorker starts a worker of Client on queue with what register registers, stopped
// when the test ends. A panicking workflow fails, as in temporaltest, so a test sees it.
func (s *Server) NewWorker(queue string, register func(worker.Registry)) worker.Worker {
	s.tb.Helper()
	w := worker.New(s.Client(), queue, worker.Options{WorkflowPanicPolicy: worker.FailWorkflow})
	register(w)
	require.NoError(s.tb, w.Start(), "start worker on %s", queue)
	s.tb.Cleanup(w.Stop)
	return w
}
