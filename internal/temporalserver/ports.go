package temporalserver

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// freePorts are n ports nobody listens on.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	ports := make([]int, n)
	for i := range ports {
		port, err := freePort()
		if err != nil {
			tb.Fatalf("free port: %v", err)
		}
		ports[i] = port
	}
	return ports
}

// freePort is a port nobody listens on, which the kernel will not hand out again for a
// while: a connection its listener closes first leaves it in TIME_WAIT, which keeps it
// from other tests' listeners and clients, while the server, which listens with
// SO_REUSEADDR as Go does, can still take it. It is what
// go.temporal.io/server/common/testing/freeport does for temporaltest.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		return 0, err
	}
	defer c.Close()
	accepted, err := l.Accept()
	if err != nil {
		return 0, err
	}
	if err := accepted.Close(); err != nil {
		return 0, err
	}
	return l.Addr().(*net.TCPAddr).Port, nil
}

// joinPorts is the server program's -ports flag.
func joinPorts(ports []int) string {
	s := make([]string, len(ports))
	for i, p := range ports {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ",")
}
