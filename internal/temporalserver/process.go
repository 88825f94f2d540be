package temporalserver

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// patience bounds a start or a stop, which take seconds even on a loaded two-core machine.
const patience = 2 * time.Minute

// process is one run of the server program.
type process struct {
	cmd    *exec.Cmd
	stdin  io.Closer
	exited chan struct{}
	err    error         // the program's exit, once exited is closed
	log    *lockedBuffer // its standard error: the server's warnings and errors
}

// startProcess runs the server program with args and returns once it announces it serves.
func startProcess(tb testing.TB, args []string) *process {
	tb.Helper()
	ready := make(chan struct{})
	p := &process{cmd: exec.Command(binary(tb), args...), exited: make(chan struct{}), log: &lockedBuffer{}}
	p.cmd.Stdout = &readyWriter{ready: ready}
	p.cmd.Stderr = p.log
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		tb.Fatalf("Temporal server stdin: %v", err)
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		tb.Fatalf("start Temporal server: %v", err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	select {
	case <-ready:
		return p
	case <-p.exited:
		tb.Fatalf("Temporal server exited before it served (%v):\n%s", p.err, p.log)
	case <-time.After(patience):
		p.kill(tb)
		tb.Fatalf("Temporal server did not serve within %s:\n%s", patience, p.log)
	}
	return nil
}

// stop closes the program's standard input, on which it stops the server, and waits.
func (p *process) stop(tb testing.TB) {
	tb.Helper()
	_ = p.stdin.Close()
	select {
	case <-p.exited:
		if p.err != nil {
			tb.Errorf("Temporal server stopped with %v:\n%s", p.err, p.log)
		}
	case <-time.After(patience):
		p.kill(tb)
		tb.Errorf("Temporal server did not stop within %s; killed it:\n%s", patience, p.log)
	}
}

// kill ends the program at once, and reports the server's log if the test failed.
func (p *process) kill(tb testing.TB) {
	_ = p.cmd.Process.Kill()
	<-p.exited
	if tb.Failed() {
		tb.Logf("Temporal server log:\n%s", p.log)
	}
}

// readyWriter is the program's standard output: it closes ready once the program says so.
type readyWriter struct {
	ready chan struct{}
	once  sync.Once
}

func (w *readyWriter) Write(b []byte) (int, error) {
	if strings.Contains(string(b), "ready") {
		w.once.Do(func() { close(w.ready) })
	}
	return len(b), nil
}

// lockedBuffer is a buffer the program writes while a test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
