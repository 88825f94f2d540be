package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/lanes-dev/lanes/internal/temporalserver"
	"github.com/lanes-dev/lanes/workflows"
)

// newLanesServer runs a real Temporal server with Lanes' search
// attributes registered, as the worker registers them at start-up.
func newLanesServer(t *testing.T) (*temporalserver.Server, client.Client) {
	t.Helper()
	ts := temporalserver.Start(t)
	c := ts.Client()
	_, err := c.OperatorService().AddSearchAttributes(context.Background(), &operatorservice.AddSearchAttributesRequest{
		Namespace: ts.Namespace(), SearchAttributes: workflows.SearchAttributes(),
	})
	require.NoError(t, err)
	return ts, c
}

// liveStarter is a starter env whose dial reaches a real Temporal server.
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
