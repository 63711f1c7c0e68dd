package main

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// No Docker engine runs where the tests run, so the Dockerfile is checked
// against what does run: the release build that `make release-fake-check`
// performs with goreleaser, go.mod, and the fake's own flag parser. A
// Dockerfile that drifts from any of them fails here, not at a user's
// `docker build`.
func TestDockerfileAgreesWithTheRelease(t *testing.T) {
	dockerfile := readFile(t, "../../Dockerfile")

	t.Run("its Go image is at least go.mod's Go", func(t *testing.T) {
		image := regexp.MustCompile(`(?m)^FROM golang:(\d+)\.(\d+)\.(\d+)\S* AS build$`).FindStringSubmatch(dockerfile)
		require.NotNil(t, image, "no `FROM golang:X.Y.Z... AS build` line")
		module := regexp.MustCompile(`(?m)^go (\d+)\.(\d+)\.(\d+)$`).FindStringSubmatch(readFile(t, "../../go.mod"))
		require.NotNil(t, module, "no `go X.Y.Z` line in go.mod")
		assert.GreaterOrEqual(t, versionOf(t, image[1:]), versionOf(t, module[1:]),
			"the build image's Go %s is older than go.mod's %s", strings.Join(image[1:], "."), strings.Join(module[1:], "."))
	})

	t.Run("it builds the fake the way the release does", func(t *testing.T) {
		build := regexp.MustCompile(`(?m)^RUN (.*\bgo build .*)$`).FindStringSubmatch(dockerfile)
		require.NotNil(t, build, "no `RUN ... go build` line")
		var release struct {
			Builds []struct {
				Main    string   `yaml:"main"`
				Env     []string `yaml:"env"`
				Flags   []string `yaml:"flags"`
				Ldflags []string `yaml:"ldflags"`
			} `yaml:"builds"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(readFile(t, "../../.goreleaser.yaml")), &release))
		require.Len(t, release.Builds, 1)
		want := release.Builds[0]
		line := build[1]
		for _, env := range want.Env {
			assert.Contains(t, line, env+" ", "the release sets %s", env)
		}
		for _, flag := range want.Flags {
			assert.Contains(t, line, " "+flag+" ", "the release builds with %s", flag)
		}
		for _, ldflags := range want.Ldflags {
			assert.Contains(t, line, `-ldflags="`+ldflags+`"`, "the release links with %s", ldflags)
		}
		assert.True(t, strings.HasSuffix(line, " "+want.Main), "the release builds %s: %s", want.Main, line)
	})

	t.Run("the image carries the certificate authorities for -upstream https", func(t *testing.T) {
		assert.Regexp(t, `(?m)^COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt$`, dockerfile)
	})

	t.Run("its entry point starts the fake", func(t *testing.T) {
		entry := regexp.MustCompile(`(?m)^ENTRYPOINT (\[.*\])$`).FindStringSubmatch(dockerfile)
		require.NotNil(t, entry, "no ENTRYPOINT in exec form")
		var argv []string
		require.NoError(t, json.Unmarshal([]byte(entry[1]), &argv))
		require.NotEmpty(t, argv)
		assert.Equal(t, "/proxyshard-fake", argv[0])
		// `docker run IMAGE ARGS` appends ARGS to the entry point, and the
		// last -addr wins; the test's own loopback address comes last.
		ctx, cancel := context.WithCancel(context.Background())
		out := &testutil.SyncBuffer{}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append(argv[1:], "-addr", "127.0.0.1:0", "-proxy-http-port", "0", "-proxy-socks-port", "0", "-token", "T"), out)
		}()
		assert.Eventually(t, func() bool { return listening.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond,
			"the entry point's flags did not start the fake: %s", out.String())
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Fatal("the fake did not stop after its context ended")
		}
	})
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// versionOf turns "1", "26", "8" into one comparable number.
func versionOf(t *testing.T, parts []string) int {
	t.Helper()
	v := 0
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		require.NoError(t, err)
		v = v*1000 + n
	}
	return v
}
