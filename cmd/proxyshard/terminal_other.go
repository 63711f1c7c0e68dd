//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "os"

// isTerminal reports whether f is a character device, the closest a
// terminal can be told apart here without a dependency; /dev/null (NUL)
// passes for one, so scripts there should pass --yes.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
