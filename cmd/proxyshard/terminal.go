//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// isTerminal reports whether f is a terminal: whether the kernel has
// terminal settings for it. Being a character device is not enough:
// /dev/null is one, and a cron job's `proxyshard buy ... < /dev/null`
// must be told to pass --yes, not be asked a question nobody reads.
func isTerminal(f *os.File) bool {
	var settings syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), ioctlReadTermios, uintptr(unsafe.Pointer(&settings)))
	return errno == 0
}
