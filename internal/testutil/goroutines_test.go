package testutil

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parked(stop <-chan struct{}) { <-stop }

// A goroutine started after the baseline is a leak while it runs, named by
// its stack, and not once it has ended; one from before the baseline never is.
func TestLeaksFindsGoroutinesStartedAfterTheBaseline(t *testing.T) {
	stopOld := make(chan struct{})
	defer close(stopOld)
	go parked(stopOld)
	before := TakeBaseline()

	assert.Empty(t, Leaks(before), "nothing new yet")

	stop := make(chan struct{})
	go parked(stop)
	leaked := Leaks(before)
	require.Len(t, leaked, 1)
	assert.Contains(t, leaked[0], "testutil.parked(")

	close(stop)
	assert.Empty(t, Leaks(before), "the goroutine ended")
	assert.Len(t, Leaks(nil), 1, "without a baseline the older goroutine counts")
}

// A goroutine that ends within the settle time is not a leak.
func TestLeaksWaitsForGoroutinesThatAreEnding(t *testing.T) {
	before := TakeBaseline()
	stop := make(chan struct{})
	go parked(stop)
	time.AfterFunc(50*time.Millisecond, func() { close(stop) })
	assert.Empty(t, Leaks(before))
}

// NoLeaks fails the test it is given, with the leaked stack.
func TestNoLeaksFailsTheTest(t *testing.T) {
	before := TakeBaseline()
	stop := make(chan struct{})
	defer close(stop)
	go parked(stop)

	var rec recordingT
	NoLeaks(&rec, before)
	assert.True(t, rec.failed)
	assert.Contains(t, rec.message, "1 goroutine(s) still running")
	assert.Contains(t, rec.message, "testutil.parked(")
}

func TestParseGoroutine(t *testing.T) {
	g := parseGoroutine(`goroutine 42 [chan receive, 3 minutes]:
testing.(*T).Run(0xc000003500, {0x6d5a1b?, 0x4?}, 0x6f0c38)
	/usr/local/go/src/testing/testing.go:1859 +0x431
main.helper(...)
	/src/main.go:10
created by testing.runTests in goroutine 1
	/usr/local/go/src/testing/testing.go:2279 +0x3d`)
	assert.Equal(t, "42", g.id)
	assert.Equal(t, "chan receive, 3 minutes", g.state)
	assert.Equal(t, []string{"testing.(*T).Run", "main.helper"}, g.functions, "the creator is not a frame")
	assert.True(t, g.background(), "the testing package waiting for a subtest")

	g.state = "select"
	assert.False(t, g.background(), "testing.(*T).Run in any other state is not waiting for a test")
}

type recordingT struct {
	testing.TB
	failed  bool
	message string
}

func (r *recordingT) Helper() {}

func (r *recordingT) Errorf(format string, args ...any) {
	r.failed = true
	r.message = fmt.Sprintf(format, args...)
}
