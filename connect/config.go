// Package connect is how every Lanes program reaches Temporal, by configuration
// alone: a local dev server, a self-hosted cluster with mTLS, or Temporal Cloud
// with an API key or mTLS. It also plugs zap into the Temporal SDK.
package connect

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/lanes-dev/lanes/payloadcrypt"
)

// The environment variables FromEnv reads.
const (
	envAddress       = "TEMPORAL_ADDRESS"
	envNamespace     = "TEMPORAL_NAMESPACE"
	envAPIKey        = "TEMPORAL_API_KEY"
	envTLSCert       = "TEMPORAL_TLS_CERT"
	envTLSKey        = "TEMPORAL_TLS_KEY"
	envTLSCA         = "TEMPORAL_TLS_CA"
	envTLSServerName = "TEMPORAL_TLS_SERVER_NAME"
	envTLS           = "TEMPORAL_TLS"

	defaultAddress   = "localhost:7233"
	defaultNamespace = "default"
)

// Config says where Temporal is and how to authenticate.
//
// TLS is used when TLS is true or when any of APIKey, TLSCertPath, TLSCAPath
// or TLSServerName is set; otherwise the connection is plaintext (dev server).
type Config struct {
	Address       string // TEMPORAL_ADDRESS, default "localhost:7233"
	Namespace     string // TEMPORAL_NAMESPACE, default "default"
	APIKey        string // TEMPORAL_API_KEY (Temporal Cloud API key; implies TLS)
	TLSCertPath   string // TEMPORAL_TLS_CERT (client cert, mTLS)
	TLSKeyPath    string // TEMPORAL_TLS_KEY
	TLSCAPath     string // TEMPORAL_TLS_CA (server CA, optional)
	TLSServerName string // TEMPORAL_TLS_SERVER_NAME (optional)
	TLS           bool   // TEMPORAL_TLS=true forces TLS without client certs
	// PayloadKeys encrypt every payload the client sends and decrypt what it reads
	// (LANES_PAYLOAD_KEYS or LANES_PAYLOAD_KEYS_FILE); nil sends payloads in clear.
	PayloadKeys *payloadcrypt.Keyring
}

// FromEnv reads Config from the environment through getenv (os.Getenv in main,
// a map lookup in tests; nil means os.Getenv) and applies the defaults.
// An invalid value returns an error naming the variable and the fix. The payload
// key file is read here, so a program without its keys stops before it dials;
// whether the TLS files can be read is checked later, by ClientOptions and Dial.
func FromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	c := Config{
		Address:       get(envAddress),
		Namespace:     get(envNamespace),
		APIKey:        get(envAPIKey),
		TLSCertPath:   get(envTLSCert),
		TLSKeyPath:    get(envTLSKey),
		TLSCAPath:     get(envTLSCA),
		TLSServerName: get(envTLSServerName),
	}
	if v := get(envTLS); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("%s: %q is not a bool; set it to true or false, or unset it", envTLS, v)
		}
		if !on && c.impliesTLS() {
			return Config{}, fmt.Errorf("%s: false, but %s needs TLS; unset %s or remove the credentials",
				envTLS, c.tlsReason(), envTLS)
		}
		c.TLS = on
	}
	keys, err := payloadcrypt.FromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	c.PayloadKeys = keys
	c = c.withDefaults()
	if err := c.validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// withDefaults fills the address and namespace when they are empty.
func (c Config) withDefaults() Config {
	if c.Address == "" {
		c.Address = defaultAddress
	}
	if c.Namespace == "" {
		c.Namespace = defaultNamespace
	}
	return c
}

// validate checks what can be checked without touching the file system.
func (c Config) validate() error {
	if _, _, err := net.SplitHostPort(c.Address); err != nil {
		return fmt.Errorf("%s: %q is not host:port; set it like %s or <namespace>.<account>.tmprl.cloud:7233",
			envAddress, c.Address, defaultAddress)
	}
	if c.TLSCertPath != "" && c.TLSKeyPath == "" {
		return fmt.Errorf("%s: not set, but %s is; mTLS needs both the client certificate and its key",
			envTLSKey, envTLSCert)
	}
	if c.TLSKeyPath != "" && c.TLSCertPath == "" {
		return fmt.Errorf("%s: not set, but %s is; mTLS needs both the client certificate and its key",
			envTLSCert, envTLSKey)
	}
	return nil
}

// useTLS reports whether the connection to Temporal is encrypted.
func (c Config) useTLS() bool { return c.TLS || c.impliesTLS() }

// impliesTLS reports whether a setting other than TLS requires TLS.
func (c Config) impliesTLS() bool { return c.tlsReason() != "" }

// tlsReason names the first variable that requires TLS, or "" if none does.
func (c Config) tlsReason() string {
	switch {
	case c.APIKey != "":
		return envAPIKey
	case c.TLSCertPath != "":
		return envTLSCert
	case c.TLSKeyPath != "":
		return envTLSKey
	case c.TLSCAPath != "":
		return envTLSCA
	case c.TLSServerName != "":
		return envTLSServerName
	}
	return ""
}
