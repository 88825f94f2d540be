package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
)

// liveStarter is a starter env whose dial reaches a real Temporal server in this process.
type liveStarter struct {
	t   *testing.T
	c   client.Client
	env *env
	out *bytes.Buffer
}

// starter runs one starter command against the server and returns what it printed.
func (s *liveStarter) starter(args ...string) (string, error) {
	s.t.Helper()
	s.out.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := s.env.run(ctx, args[0], args[1:])
	return s.out.String(), err
}
