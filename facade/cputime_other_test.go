//go:build !unix

package facade_test

import "testing"

// reportCPU reports nothing where getrusage is missing; the benchmarks
// still report wall time.
func reportCPU(*testing.B) func() { return func() {} }
