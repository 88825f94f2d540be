package bench

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/lanes-dev/lanes/connect"
	"github.com/lanes-dev/lanes/intakeapi"
	"github.com/lanes-dev/lanes/lanesworker"
	"github.com/lanes-dev/lanes/payloadcrypt"
)

// The payload settings the intake bench measures (-encryption).
const (
	encryptionOff  = "off"
	encryptionOn   = "on"
	encryptionBoth = "both"
)

// intakeSetting is one way the bench runs Lanes: payloads in clear, or encrypted under keys.
type intakeSetting struct {
	name string
	keys *payloadcrypt.Keyring // nil: payloads in clear
}

// intakeSettings are the settings mode asks for, in clear first. Encryption uses
// LANES_PAYLOAD_KEYS when set (keys), else a key made for the run and kept nowhere:
// the bench's own tasks are all it encrypts, and nobody needs to read them later.
func intakeSettings(mode string, keys *payloadcrypt.Keyring) ([]intakeSetting, error) {
	inClear := intakeSetting{name: "payloads in clear"}
	if mode == encryptionOff {
		return []intakeSetting{inClear}, nil
	}
	if keys == nil {
		key := make([]byte, 32)
		_, _ = rand.Read(key) // crypto/rand never fails
		var err error
		if keys, err = payloadcrypt.Parse("bench-run="+base64.StdEncoding.EncodeToString(key), "a key made for this bench run"); err != nil {
			return nil, err
		}
	}
	encrypted := intakeSetting{name: "payloads encrypted", keys: keys}
	if mode == encryptionOn {
		return []intakeSetting{encrypted}, nil
	}
	return []intakeSetting{inClear, encrypted}, nil
}

// settingNames says what each setting is, for the bench's first line.
func settingNames(settings []intakeSetting) string {
	names := make([]string, len(settings))
	for i, s := range settings {
		names[i] = s.name
		if s.keys != nil {
			names[i] += ", " + s.keys.Describe()
		}
	}
	return strings.Join(names, "; ")
}

// roundOrder lists which setting runs each round: every setting rounds times, in the
// order 0, 1, 1, 0, 0, 1, … for two, so a slow start or a server that warms up as
// it goes weighs on both alike.
func roundOrder(settings, rounds int) []int {
	var order []int
	for r := range rounds {
		for i := range settings {
			if r%2 == 1 {
				i = settings - 1 - i
			}
			order = append(order, i)
		}
	}
	return order
}

// intakeRig is one setting's Lanes: its client with the setting's converter, its own
// worker on its own queues, and the intake service over them.
type intakeRig struct {
	setting intakeSetting
	prefix  string
	c       client.Client
	poster  *IntakePoster
	stop    func()
}

// startIntakeRig dials a client with the setting's payload keys and starts its
// worker and intake service on queues named for it, for clients sending at once.
func startIntakeRig(ctx context.Context, cfg lanesworker.Config, s intakeSetting, clients int) (*intakeRig, error) {
	cfg.Temporal.PayloadKeys = s.keys
	cfg.QueuePrefix += "-clear"
	if s.keys != nil {
		cfg.QueuePrefix = strings.TrimSuffix(cfg.QueuePrefix, "-clear") + "-encrypted"
	}
	c, err := connect.Dial(ctx, cfg.Temporal, cfg.Logger)
	if err != nil {
		return nil, err
	}
	l, err := startLocalLanes(ctx, cfg, c)
	if err != nil {
		c.Close()
		return nil, err
	}
	token := rand.Text()
	base, stopService, err := startIntakeService(&intakeapi.Client{Intake: l.in}, token, cfg.Logger)
	if err != nil {
		l.stop()
		c.Close()
		return nil, err
	}
	rig := &intakeRig{setting: s, prefix: cfg.QueuePrefix, c: c, poster: NewIntakePoster(base, token, clients)}
	rig.stop = func() {
		rig.poster.Close()
		if err := stopService(); err != nil {
			cfg.Logger.Warn("Intake service did not stop cleanly", zap.Error(err))
		}
		l.stop()
		c.Close()
	}
	return rig, nil
}

// round posts n new requests from concurrency clients, waits for every task they
// started, and reads the figures; name keeps its request IDs apart from other rounds'.
func (r *intakeRig) round(ctx context.Context, name string, n, concurrency int) (intakeFigures, error) {
	ids, bodies, err := intakeBenchRequests(r.prefix+"-"+name, n)
	if err != nil {
		return intakeFigures{}, err
	}
	answers := make([]IntakeAnswer, n)
	_ = ForEach(n, concurrency, func(i int) error {
		answers[i] = r.poster.Post(ctx, bodies[i])
		return nil // a failed request is counted, not fatal
	})
	times, err := followIntakeTasks(ctx, r.c, ids, answers, concurrency)
	if err != nil {
		err = fmt.Errorf("%s, round %s: %w", r.setting.name, name, err)
	}
	return intakeFiguresOf(answers, times), err
}

// startIntakeService serves the intake handler on a free loopback port with one token,
// through the same server starter serve runs; stop shuts it down and waits for it.
func startIntakeService(backend intakeapi.Backend, token string, logger *zap.Logger) (string, func() error, error) {
	h, err := intakeapi.New(intakeapi.Config{Backend: backend, Tokens: []intakeapi.Token{{Name: "bench", Value: token, Scopes: intakeapi.DefaultScopes()}}, Logger: logger})
	if err != nil {
		return "", nil, err
	}
	ln, err := intakeapi.Listen("intake service", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- intakeapi.Serve(ctx, ln, h, logger) }()
	return "http://" + ln.Addr().String(), func() error {
		cancel()
		return <-served
	}, nil
}
