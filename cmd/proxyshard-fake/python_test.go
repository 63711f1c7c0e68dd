package main

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// asCommand makes the test binary run as proxyshard-fake itself, so a test
// can start the real command without building it first.
const asCommand = "PROXYSHARD_FAKE_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// The standalone fake driven from another language: testdata/drive_fake.py
// uses only Python's standard library. python3 is required, not optional:
// CI has it, and a skipped test would prove nothing.
func TestDrivenFromPythonStandardLibrary(t *testing.T) {
	python, err := exec.LookPath("python3")
	require.NoError(t, err, "python3 is required to run this test")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "testdata/drive_fake.py", os.Args[0])
	cmd.Env = append(os.Environ(), asCommand+"=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
}
