package connect

import (
	"fmt"

	"go.temporal.io/sdk/log"
	"go.uber.org/zap"
)

// ZapLogger adapts zap to the Temporal SDK's log.Logger so SDK logs go through one logger.
type ZapLogger struct {
	zl *zap.Logger
}

// Compile-time checks that ZapLogger implements the SDK's logger interfaces.
var (
	_ log.Logger          = (*ZapLogger)(nil)
	_ log.WithLogger      = (*ZapLogger)(nil)
	_ log.WithSkipCallers = (*ZapLogger)(nil)
)

// NewZapLogger returns an SDK logger that writes through zl (nil discards).
// It skips its own frame, so the caller zap records is the SDK's call site.
func NewZapLogger(zl *zap.Logger) *ZapLogger {
	if zl == nil {
		zl = zap.NewNop()
	}
	return &ZapLogger{zl: zl.WithOptions(zap.AddCallerSkip(1))}
}

// Debug logs msg at debug level with keyvals as fields.
func (l *ZapLogger) Debug(msg string, keyvals ...any) { l.zl.Debug(msg, fields(keyvals)...) }

// Info logs msg at info level with keyvals as fields.
func (l *ZapLogger) Info(msg string, keyvals ...any) { l.zl.Info(msg, fields(keyvals)...) }

// Warn logs msg at warn level with keyvals as fields.
func (l *ZapLogger) Warn(msg string, keyvals ...any) { l.zl.Warn(msg, fields(keyvals)...) }

// Error logs msg at error level with keyvals as fields.
func (l *ZapLogger) Error(msg string, keyvals ...any) { l.zl.Error(msg, fields(keyvals)...) }

// With returns a logger that adds keyvals to every entry; l is unchanged.
func (l *ZapLogger) With(keyvals ...any) log.Logger {
	return &ZapLogger{zl: l.zl.With(fields(keyvals)...)}
}

// WithCallerSkip returns a logger that skips skip more stack frames when
// recording the caller; l is unchanged.
func (l *ZapLogger) WithCallerSkip(skip int) log.Logger {
	return &ZapLogger{zl: l.zl.WithOptions(zap.AddCallerSkip(skip))}
}

// fields turns SDK key-value pairs into zap fields. A key that is not a string
// is formatted with fmt.Sprint, an error value becomes an error field under its
// key, and a dangling last value is kept under "extra".
func fields(keyvals []any) []zap.Field {
	fs := make([]zap.Field, 0, (len(keyvals)+1)/2)
	for i := 0; i < len(keyvals); i += 2 {
		if i+1 == len(keyvals) {
			fs = append(fs, zap.Any("extra", keyvals[i]))
			break
		}
		key, ok := keyvals[i].(string)
		if !ok {
			key = fmt.Sprint(keyvals[i])
		}
		if err, ok := keyvals[i+1].(error); ok {
			fs = append(fs, zap.NamedError(key, err))
			continue
		}
		fs = append(fs, zap.Any(key, keyvals[i+1]))
	}
	return fs
}
