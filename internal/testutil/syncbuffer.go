// Package testutil holds small helpers shared by this module's tests.
package testutil

import (
	"bytes"
	"sync"
)

// SyncBuffer is an io.Writer that many goroutines may write to at once (a
// server's log, a command's stdout) while a test reads what was written.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
