//go:build linux

package main

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Only a real terminal asks for confirmation: /dev/null is a character
// device like a terminal, a pipe is not one, and a pseudo-terminal is one.
func TestIsTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, isTerminal(null), "/dev/null")

	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(r), "a pipe")

	assert.True(t, isTerminal(openPseudoTerminal(t)), "a pseudo-terminal")
}

// openPseudoTerminal opens the terminal side of a new Linux pseudo-terminal.
func openPseudoTerminal(t *testing.T) *os.File {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ptmx.Close() })
	var unlock int32
	ioctl(t, ptmx, syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock)))
	var n uint32
	ioctl(t, ptmx, syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n)))
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tty.Close() })
	return tty
}

func ioctl(t *testing.T, f *os.File, req, arg uintptr) {
	t.Helper()
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, arg)
	require.Zero(t, errno, "ioctl %#x", req)
}
