// Command testserver runs a Temporal server on SQLite for Lanes' integration tests.
//
// It is a module of its own so that go.temporal.io/server, and the two hundred modules
// it needs, stay out of Lanes' go.mod: the tests build and start this program through
// internal/temporalserver instead of linking the server into each test binary.
//
// It prints "ready" on standard output once the server serves, and stops the server
// when standard input closes, so it never outlives the test that started it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.temporal.io/server/common/log"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "testserver:", err)
		os.Exit(1)
	}
}

// run starts the server the flags describe, announces it on out, and stops it once in closes.
func run(args []string, in io.Reader, out io.Writer) error {
	var opts options
	flags := flag.NewFlagSet("testserver", flag.ContinueOnError)
	flags.StringVar(&opts.db, "db", "", "SQLite `file` for the server's state, made with its schema if missing; empty keeps it in memory")
	flags.StringVar(&opts.namespace, "namespace", "default", "the `namespace` to register")
	ports := flags.String("ports", "", "eight free `ports`: the gRPC and membership ports of the frontend, history, matching and worker services, in that order")
	flags.IntVar(&opts.queuePartitions, "queue-partitions", 0, "partitions per task queue; 0 keeps the server's default")
	if err := flags.Parse(args); err != nil {
		return err
	}
	var err error
	if opts.ports, err = parsePorts(*ports); err != nil {
		return err
	}
	srv, err := newServer(opts, log.NewZapLogger(log.BuildZapLogger(log.Config{Level: "warn"})))
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	if _, err := fmt.Fprintln(out, "ready"); err != nil {
		return errors.Join(fmt.Errorf("announce: %w", err), srv.Stop())
	}
	_, _ = io.Copy(io.Discard, in)
	return srv.Stop()
}

// parsePorts reads the -ports flag: a port pair for each of the services, in order.
func parsePorts(list string) ([len(services)]servicePorts, error) {
	var pairs [len(services)]servicePorts
	fields := strings.Split(list, ",")
	if len(fields) != 2*len(services) {
		return pairs, fmt.Errorf("-ports %q: want %d ports, got %d", list, 2*len(services), len(fields))
	}
	for i, f := range fields {
		port, err := strconv.Atoi(f)
		if err != nil {
			return pairs, fmt.Errorf("-ports: %q is not a port", f)
		}
		if i%2 == 0 {
			pairs[i/2].grpc = port
		} else {
			pairs[i/2].membership = port
		}
	}
	return pairs, nil
}
