package connect

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zapcore"
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
