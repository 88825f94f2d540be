package lanesworker_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/testing/freeport"
	"go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

// fileServer is a Temporal server in this process on a SQLite file, which can be
// stopped and started again on the same file and ports, as an operator restarts one.
//
// temporaltest cannot do this: its file mode (DatabaseFilePath) is in an internal
// package, NewServer always asks for an in-memory database, and a WithConfig server
// option replaces its whole config, so its default client would dial a port and a
// namespace the server does not have. fileServer builds the config temporaltest
// builds, with the database in a file.
type fileServer struct {
	t       *testing.T
	path    string
	ns      string
	cfg     *config.Config
	starts  int
	running temporal.Server
}

// newFileServer makes the database file under dir, with its schema and namespace, and
// picks the ports every start of the server uses.
func newFileServer(t *testing.T, dir, ns string) *fileServer {
	t.Helper()
	fs := &fileServer{t: t, path: filepath.Join(dir, "temporal.db"), ns: ns}
	fs.cfg = fileServerConfig(freeport.MustGetFreePort())
	sql := fs.sqlConfig()
	require.NoError(t, sqlite.SetupSchema(sql))
	nsCfg, err := sqlite.NewNamespaceConfig(fs.cfg.ClusterMetadata.CurrentClusterName, ns, false, nil)
	require.NoError(t, err)
	require.NoError(t, sqlite.CreateNamespaces(sql, nsCfg))
	t.Cleanup(fs.stop)
	return fs
}

// sqlConfig is the file's connection. The SQLite plugin keeps one connection per
// connection string for the life of the process (its pool never closes one), so each
// start asks for a busy timeout of its own: the restarted server then opens the file
// afresh instead of sharing the stopped server's connection.
func (fs *fileServer) sqlConfig() *config.SQL {
	return &config.SQL{
		PluginName:   sqliteplugin.PluginName,
		DatabaseName: fs.path,
		ConnectAttributes: map[string]string{
			"mode":         "rwc",
			"busy_timeout": strconv.Itoa(5000 + fs.starts),
		},
	}
}

// start runs the server on the file and returns when its services are up.
func (fs *fileServer) start() {
	fs.t.Helper()
	require.Nil(fs.t, fs.running, "server already running")
	fs.starts++
	fs.cfg.Persistence = config.Persistence{
		DefaultStore: sqliteplugin.PluginName, VisibilityStore: sqliteplugin.PluginName, NumHistoryShards: 1,
		DataStores: map[string]config.DataStore{sqliteplugin.PluginName: {SQL: fs.sqlConfig()}},
	}
	authorizer, err := authorization.GetAuthorizerFromConfig(&fs.cfg.Global.Authorization)
	require.NoError(fs.t, err)
	claims, err := authorization.GetClaimMapperFromConfig(&fs.cfg.Global.Authorization, log.NewNoopLogger())
	require.NoError(fs.t, err)
	srv, err := temporal.NewServer(
		temporal.WithConfig(fs.cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithLogger(log.NewNoopLogger()),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claims }),
		// What temporaltest sets, and the one partition per queue `cmd/dev` sets.
		temporal.WithDynamicConfigClient(dynamicconfig.StaticClient{
			dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): []dynamicconfig.ConstrainedValue{{Value: true}},
			dynamicconfig.MatchingNumTaskqueueReadPartitions.Key():      []dynamicconfig.ConstrainedValue{{Value: 1}},
			dynamicconfig.MatchingNumTaskqueueWritePartitions.Key():     []dynamicconfig.ConstrainedValue{{Value: 1}},
		}),
	)
	require.NoError(fs.t, err)
	require.NoError(fs.t, srv.Start())
	fs.running = srv
	// temporaltest waits as long after a start, against a panic in ringpop.
	time.Sleep(100 * time.Millisecond)
}

// stop stops the server, if it runs.
func (fs *fileServer) stop() {
	if fs.running == nil {
		return
	}
	if err := fs.running.Stop(); err != nil {
		fs.t.Logf("stop Temporal server: %v", err)
	}
	fs.running = nil
}

// dial returns a client of the running server, closed when the test ends.
func (fs *fileServer) dial() client.Client {
	fs.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := client.DialContext(ctx, client.Options{HostPort: fs.cfg.PublicClient.HostPort, Namespace: fs.ns})
	require.NoError(fs.t, err)
	fs.t.Cleanup(c.Close)
	return c
}

// fileServerConfig is temporaltest's server config (temporaltest/internal) with the
// frontend on port and the other services on free ports, kept for every start.
func fileServerConfig(port int) *config.Config {
	const host = "127.0.0.1"
	service := func(grpcPort int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: grpcPort, MembershipPort: freeport.MustGetFreePort(), BindOnIP: host}}
	}
	return &config.Config{
		Global: config.Global{
			Membership: config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: host},
			PProf:      config.PProf{Port: freeport.MustGetFreePort()},
		},
		ClusterMetadata: &cluster.Config{
			FailoverVersionIncrement: 10, MasterClusterName: "active", CurrentClusterName: "active",
			ClusterInformation: map[string]cluster.ClusterInformation{
				"active": {Enabled: true, InitialFailoverVersion: 1, RPCAddress: fmt.Sprintf("%s:%d", host, port)},
			},
		},
		DCRedirectionPolicy: config.DCRedirectionPolicy{Policy: "noop"},
		Services: map[string]config.Service{
			"frontend": service(port),
			"history":  service(freeport.MustGetFreePort()),
			"matching": service(freeport.MustGetFreePort()),
			"worker":   service(freeport.MustGetFreePort()),
		},
		Archival: config.Archival{
			History:    config.HistoryArchival{State: "disabled"},
			Visibility: config.VisibilityArchival{State: "disabled"},
		},
		PublicClient: config.PublicClient{HostPort: fmt.Sprintf("%s:%d", host, port)},
		NamespaceDefaults: config.NamespaceDefaults{Archival: config.ArchivalNamespaceDefaults{
			History:    config.HistoryArchivalNamespaceDefaults{State: "disabled"},
			Visibility: config.VisibilityArchivalNamespaceDefaults{State: "disabled"},
		}},
	}
}
