package connect

import (
	"fmt"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// NewLogger builds the zap logger Lanes programs share: JSON to stderr for
// production, or a human-readable console logger when development is true.
// level is one of debug, info, warn or error (LANES_LOG_LEVEL in callers);
// empty means info. Only errors carry a stack trace in either form: a warning
// is an expected event that one line tells (zap's development preset would
// add a stack to every warning).
func NewLogger(level string, development bool) (*zap.Logger, error) {
	lvl, err := parseLevel(level)
	if err != nil {
		return nil, err
	}
	cfg := zap.NewProductionConfig()
	if development {
		cfg = zap.NewDevelopmentConfig()
	}
	cfg.Level = zap.NewAtomicLevelAt(lvl)
	zl, err := cfg.Build(zap.AddStacktrace(zapcore.ErrorLevel))
	if err != nil {
		return nil, fmt.Errorf("build logger: %w", err)
	}
	return zl, nil
}

// parseLevel maps a LANES_LOG_LEVEL value to a zap level.
func parseLevel(level string) (zapcore.Level, error) {
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "debug":
		return zapcore.DebugLevel, nil
	case "", "info":
		return zapcore.InfoLevel, nil
	case "warn", "warning":
		return zapcore.WarnLevel, nil
	case "error":
		return zapcore.ErrorLevel, nil
	}
	return 0, fmt.Errorf("LANES_LOG_LEVEL: %q is not a level; use debug, info, warn or error", level)
}
