package connect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func TestNewLoggerLevels(t *testing.T) {
	tests := []struct {
		level string
		dev   bool
		want  zapcore.Level
	}{
		{"", false, zapcore.InfoLevel},
		{"debug", true, zapcore.DebugLevel},
		{"INFO", false, zapcore.InfoLevel},
		{"warn", false, zapcore.WarnLevel},
		{"error", true, zapcore.ErrorLevel},
	}
	for _, tt := range tests {
		t.Run(tt.level, func(t *testing.T) {
			zl, err := NewLogger(tt.level, tt.dev)
			require.NoError(t, err)
			assert.True(t, zl.Core().Enabled(tt.want))
			assert.False(t, zl.Core().Enabled(tt.want-1))
		})
	}
}

func TestNewLoggerBadLevel(t *testing.T) {
	zl, err := NewLogger("verbose", false)
	require.Error(t, err)
	assert.Nil(t, zl)
	assert.Contains(t, err.Error(), "LANES_LOG_LEVEL")
	assert.Contains(t, err.Error(), `"verbose"`)
	assert.Contains(t, err.Error(), "debug, info, warn or error")
}

// A warning is one line in both forms; only an error carries the stack that finds its cause.
func TestNewLoggerStacksOnlyErrors(t *testing.T) {
	for _, dev := range []bool{true, false} {
		zl, err := NewLogger("debug", dev)
		require.NoError(t, err)
		core, logs := observer.New(zapcore.DebugLevel)
		zl = zl.WithOptions(zap.WrapCore(func(zapcore.Core) zapcore.Core { return core }))
		zl.Warn("Signal refused")
		zl.Error("Worker stopped")
		entries := logs.AllUntimed()
		require.Len(t, entries, 2)
		assert.Empty(t, entries[0].Stack, "development %v: a warning has no stack", dev)
		assert.NotEmpty(t, entries[1].Stack, "development %v: an error keeps its stack", dev)
	}
}
