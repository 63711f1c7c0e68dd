package facade

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseTimestamp(t *testing.T) {
	t.Parallel()
	utc := time.Date(2026, 3, 1, 12, 30, 45, 0, time.UTC)
	tests := []struct {
		raw  string
		want time.Time
	}{
		{"", time.Time{}},
		{"2026-03-01T12:30:45Z", utc},
		{"2026-03-01T14:30:45+02:00", utc},
		{"2026-03-01T12:30:45.000001Z", utc.Add(time.Microsecond)},
		{"2026-03-01T12:30:45", utc},
		{"2026-03-01 12:30:45", utc},
		{"2026-03-01 12:30:45+00:00", utc},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"01/03/2026", time.Time{}},
	}
	for _, tt := range tests {
		got := parseTimestamp(tt.raw)
		assert.True(t, tt.want.Equal(got.Time), "%q: got %v", tt.raw, got.Time)
		assert.Equal(t, tt.raw, got.Raw)
	}
}
