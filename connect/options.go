package connect

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.uber.org/zap"
)

// ClientOptions builds the Temporal SDK client options for c: address,
// namespace, SDK logging through logger (nil discards it), TLS when c needs it,
// API-key credentials when APIKey is set, and payload and failure encryption when
// PayloadKeys are set. It reads the TLS files, so an
// error names the variable whose file is at fault
// (e.g. "TEMPORAL_TLS_CERT: open /x.pem: no such file or directory").
func (c Config) ClientOptions(logger *zap.Logger) (client.Options, error) {
	c = c.withDefaults()
	if err := c.validate(); err != nil {
		return client.Options{}, err
	}
	tlsCfg, err := c.tlsConfig()
	if err != nil {
		return client.Options{}, err
	}
	opts := client.Options{
		HostPort:          c.Address,
		Namespace:         c.Namespace,
		Logger:            NewZapLogger(logger),
		ConnectionOptions: client.ConnectionOptions{TLS: tlsCfg},
	}
	if c.APIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(c.APIKey)
	}
	if c.PayloadKeys != nil {
		// The client's converters reach its workers too: workflows and activities
		// encrypt what they record with the same keys.
		opts.DataConverter = c.PayloadKeys.DataConverter()
		opts.FailureConverter = c.PayloadKeys.FailureConverter()
	}
	return opts, nil
}

// DataConverter is the converter c's clients use: payloads encrypted under
// PayloadKeys, or Temporal's default. Code handed raw payloads by the SDK, such as a
// schedule's arguments, decodes them with it.
func (c Config) DataConverter() converter.DataConverter {
	if c.PayloadKeys == nil {
		return converter.GetDefaultDataConverter()
	}
	return c.PayloadKeys.DataConverter()
}

// Dial connects to the Temporal server c describes and returns the client;
// the caller closes it. A failure names the address and says how to fix it.
func Dial(ctx context.Context, c Config, logger *zap.Logger) (client.Client, error) {
	opts, err := c.ClientOptions(logger)
	if err != nil {
		return nil, fmt.Errorf("temporal options: %w", err)
	}
	cl, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("dial temporal at %s (namespace %s): %w; "+
			"start a dev server (go run ./cmd/dev) or check %s and the TLS settings",
			opts.HostPort, opts.Namespace, err, envAddress)
	}
	return cl, nil
}

// tlsConfig returns nil for a plaintext connection, or the TLS configuration
// with the client certificate and server CA loaded from their files.
func (c Config) tlsConfig() (*tls.Config, error) {
	if !c.useTLS() {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.TLSServerName}
	if c.TLSCertPath != "" {
		certPEM, err := readFile(envTLSCert, c.TLSCertPath)
		if err != nil {
			return nil, err
		}
		keyPEM, err := readFile(envTLSKey, c.TLSKeyPath)
		if err != nil {
			return nil, err
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("%s, %s: %w; point them at a matching PEM certificate and key",
				envTLSCert, envTLSKey, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if c.TLSCAPath != "" {
		caPEM, err := readFile(envTLSCA, c.TLSCAPath)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("%s: no PEM certificate in %s; point it at the server's CA certificate",
				envTLSCA, c.TLSCAPath)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// readFile reads path, naming the variable it came from on error.
func readFile(envName, path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envName, err)
	}
	return b, nil
}
