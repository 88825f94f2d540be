package connect

import (
	"errors"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// observed returns a ZapLogger that records every entry at debug and above.
func observed() (*ZapLogger, *observer.ObservedLogs) {
	core, logs := observer.New(zapcore.DebugLevel)
	return NewZapLogger(zap.New(core, zap.AddCaller())), logs
}

func TestZapLoggerLevels(t *testing.T) {
	l, logs := observed()
	l.Debug("d", "k", 1)
	l.Info("i", "k", 2)
	l.Warn("w", "k", 3)
	l.Error("e", "k", 4)

	entries := logs.AllUntimed()
	require.Len(t, entries, 4)
	want := []struct {
		msg   string
		level zapcore.Level
		k     int64
	}{{"d", zapcore.DebugLevel, 1}, {"i", zapcore.InfoLevel, 2}, {"w", zapcore.WarnLevel, 3}, {"e", zapcore.ErrorLevel, 4}}
	for i, w := range want {
		assert.Equal(t, w.msg, entries[i].Message)
		assert.Equal(t, w.level, entries[i].Level)
		assert.Equal(t, map[string]any{"k": w.k}, entries[i].ContextMap())
	}
}

func TestZapLoggerFields(t *testing.T) {
	l, logs := observed()
	l.Info("started", "WorkflowID", "task-42", 7, true, "err", errors.New("boom"), "dangling")

	entries := logs.AllUntimed()
	require.Len(t, entries, 1)
	assert.Equal(t, map[string]any{
		"WorkflowID": "task-42",
		"7":          true,
		"err":        "boom",
		"extra":      "dangling",
	}, entries[0].ContextMap())
	assert.Equal(t, zapcore.ErrorType, entries[0].Context[2].Type)
}

func TestZapLoggerWith(t *testing.T) {
	l, logs := observed()
	child := l.With("task", "t-1", "lone")
	child.Warn("late", "attempt", 2)
	l.Info("parent")

	entries := logs.AllUntimed()
	require.Len(t, entries, 2)
	assert.Equal(t, map[string]any{"task": "t-1", "extra": "lone", "attempt": int64(2)}, entries[0].ContextMap())
	assert.Empty(t, entries[1].ContextMap(), "With must not change the parent")
}

func TestZapLoggerCaller(t *testing.T) {
	l, logs := observed()
	_, _, line, _ := runtime.Caller(0)
	l.Info("here")              // line+1: the adapter's own frame is skipped
	logVia(l.WithCallerSkip(1)) // line+2: the helper's frame is skipped too

	entries := logs.AllUntimed()
	require.Len(t, entries, 2)
	for i, e := range entries {
		assert.Equal(t, "zap_test.go", filepath.Base(e.Caller.File))
		assert.Equal(t, line+1+i, e.Caller.Line)
	}
}

// logVia logs through a helper frame, as the SDK's own wrappers do.
func logVia(l log.Logger) { l.Info("via helper") }

func TestNewZapLoggerNil(t *testing.T) {
	assert.NotPanics(t, func() { NewZapLogger(nil).Info("dropped", "k", "v") })
}
