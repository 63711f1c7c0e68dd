package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// asCommand makes the test binary run as proxyshard itself, so that a test
// can start the real command, in a process of its own, without building it.
// Only its retries wait less (quickRetry), as in the tests that run it in
// this process.
const asCommand = "PROXYSHARD_CLI_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		a := newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv)
		a.retry = quickRetry
		os.Exit(runMain(a))
	}
	os.Exit(m.Run())
}

// runProcess runs proxyshard in a process of its own with only the
// environment given (plus HOME), as a user's shell would start it: the
// system certificate pool is read once per process, from SSL_CERT_FILE.
func runProcess(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	// GORACE: a binary built with -race otherwise waits a second on exit.
	cmd.Env = []string{asCommand + "=1", "HOME=" + t.TempDir(), "GORACE=atexit_sleep_ms=0"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errOut bytes.Buffer
	// stdin is the null device, as under cron: no terminal to ask on.
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if err != nil {
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "stderr: %s", errOut.String())
		code = exit.ExitCode()
	}
	return result{stdout: out.String(), stderr: errOut.String(), code: code}
}
