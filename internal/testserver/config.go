package main

import (
	"fmt"
	"os"
	"time"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

// host is where every service listens.
const host = "127.0.0.1"

// services are the server's services, in the order of the -ports flag.
var services = [...]string{"frontend", "history", "matching", "worker"}

// servicePorts are one service's ports.
type servicePorts struct {
	grpc, membership int
}

// options are the flags.
type options struct {
	db              string
	namespace       string
	ports           [len(services)]servicePorts
	queuePartitions int
}

// newServer is the server temporaltest builds (go.temporal.io/server/temporaltest/internal),
// on the given ports, with its database in memory or in the options' file; a new file
// gets the schema, and the namespace is registered if it is missing.
func newServer(opts options, logger log.Logger) (temporal.Server, error) {
	cfg := serverConfig(opts.ports)
	sql := &config.SQL{PluginName: sqliteplugin.PluginName, DatabaseName: opts.db, ConnectAttributes: map[string]string{"mode": "rwc"}}
	if opts.db == "" {
		// One shared-cache database per process: every service sees the same one.
		sql.DatabaseName, sql.ConnectAttributes = "temporal", map[string]string{"mode": "memory", "cache": "shared"}
	} else if _, err := os.Stat(opts.db); os.IsNotExist(err) {
		if err := sqlite.SetupSchema(sql); err != nil {
			return nil, fmt.Errorf("set up schema in %s: %w", opts.db, err)
		}
	}
	cfg.Persistence = config.Persistence{
		DefaultStore: sqliteplugin.PluginName, VisibilityStore: sqliteplugin.PluginName, NumHistoryShards: 1,
		DataStores: map[string]config.DataStore{sqliteplugin.PluginName: {SQL: sql}},
	}
	ns, err := sqlite.NewNamespaceConfig(cfg.ClusterMetadata.CurrentClusterName, opts.namespace, false, nil)
	if err != nil {
		return nil, fmt.Errorf("namespace %s: %w", opts.namespace, err)
	}
	if err := sqlite.CreateNamespaces(sql, ns); err != nil {
		return nil, fmt.Errorf("create namespace %s: %w", opts.namespace, err)
	}
	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("authorizer: %w", err)
	}
	claims, err := authorization.GetClaimMapperFromConfig(&cfg.Global.Authorization, logger)
	if err != nil {
		return nil, fmt.Errorf("claim mapper: %w", err)
	}
	dynamic := dynamicconfig.StaticClient{
		// What temporaltest sets: a search attribute is usable as soon as it is added.
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): []dynamicconfig.ConstrainedValue{{Value: true}},
	}
	if opts.queuePartitions > 0 {
		dynamic[dynamicconfig.MatchingNumTaskqueueReadPartitions.Key()] = []dynamicconfig.ConstrainedValue{{Value: opts.queuePartitions}}
		dynamic[dynamicconfig.MatchingNumTaskqueueWritePartitions.Key()] = []dynamicconfig.ConstrainedValue{{Value: opts.queuePartitions}}
	}
	return temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claims }),
		temporal.WithDynamicConfigClient(dynamic),
	)
}

// serverConfig is temporaltest's server config with every service on the given ports.
func serverConfig(ports [len(services)]servicePorts) *config.Config {
	frontend := fmt.Sprintf("%s:%d", host, ports[0].grpc)
	cfg := &config.Config{
		Global: config.Global{Membership: config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: host}},
		ClusterMetadata: &cluster.Config{
			FailoverVersionIncrement: 10, MasterClusterName: "active", CurrentClusterName: "active",
			ClusterInformation: map[string]cluster.ClusterInformation{
				"active": {Enabled: true, InitialFailoverVersion: 1, RPCAddress: frontend},
			},
		},
		DCRedirectionPolicy: config.DCRedirectionPolicy{Policy: "noop"},
		Services:            map[string]config.Service{},
		Archival: config.Archival{
			History:    config.HistoryArchival{State: "disabled"},
			Visibility: config.VisibilityArchival{State: "disabled"},
		},
		PublicClient: config.PublicClient{HostPort: frontend},
		NamespaceDefaults: config.NamespaceDefaults{Archival: config.ArchivalNamespaceDefaults{
			History:    config.HistoryArchivalNamespaceDefaults{State: "disabled"},
			Visibility: config.VisibilityArchivalNamespaceDefaults{State: "disabled"},
		}},
	}
	for i, name := range services {
		cfg.Services[name] = config.Service{RPC: config.RPC{GRPCPort: ports[i].grpc, MembershipPort: ports[i].membership, BindOnIP: host}}
	}
	return cfg
}
