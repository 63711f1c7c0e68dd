package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
	"github.com/proxyshard/proxyshard-go/internal/tools/release"
	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

const changelog = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-29\n\n### Added\n\n- the client\n"

// releasable is a committed git repository whose records agree on 0.1.0 and
// whose effective spec is the released one.
func releasable(t *testing.T) string {
	t.Helper()
	for _, v := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(v, "release test")
	}
	for _, v := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(v, "release@example.com")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "api"), 0o755))
	for _, name := range []string{"openapi.json", "overlay.yaml"} {
		data, err := os.ReadFile(filepath.Join(spectest.Root, "api", name))
		require.NoError(t, err)
		write(t, filepath.Join(root, "api", name), string(data))
	}
	current, err := specdiff.LoadEffective(filepath.Join(root, "api", "openapi.json"), filepath.Join(root, "api", "overlay.yaml"))
	require.NoError(t, err)
	spec, err := specdiff.EncodeSpec(current.Spec)
	require.NoError(t, err)
	f := release.ModuleFiles(root)
	write(t, f.Released, string(spec))
	history, err := release.EncodeHistory([]release.Release{{Version: "0.1.0", Spec: release.Digest(spec)}})
	require.NoError(t, err)
	write(t, f.History, string(history))
	write(t, f.Acks, "acknowledged: []\n")
	write(t, f.Changelog, changelog)
	gitIn(t, root, "init", "-q")
	commitAll(t, root)
	return root
}

func write(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
	return string(out)
}

func commitAll(t *testing.T, dir string) {
	t.Helper()
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "records")
}

func release1(root string, args ...string) (int, string, string) {
	var stdout, stderr strings.Builder
	code := run(append([]string{"-root", root, "-version", "0.1.0"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestReleaseTagsWhenTheRecordsAgree(t *testing.T) {
	root := releasable(t)
	code, stdout, stderr := release1(root)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "Tagged v0.1.0. Publish it with: git push origin v0.1.0\n", stdout)
	assert.Equal(t, "proxyshard-go 0.1.0\n\n", gitIn(t, root, "tag", "-l", "--format=%(contents)", "v0.1.0"))

	code, _, stderr = release1(root)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "tag v0.1.0 exists already: set facade.Version to the next version and run make release-spec")
}

func TestReleaseRefuses(t *testing.T) {
	tests := []struct {
		name    string
		change  func(t *testing.T, root string)
		commit  bool
		wantErr string
	}{
		{
			name:    "uncommitted changes",
			change:  func(t *testing.T, root string) { write(t, filepath.Join(root, "notes.txt"), "draft") },
			wantErr: "the working tree has uncommitted changes; commit them first:\n?? notes.txt",
		},
		{
			name: "entries left under Unreleased",
			change: func(t *testing.T, root string) {
				write(t, filepath.Join(root, "CHANGELOG.md"), strings.Replace(changelog, "## [Unreleased]\n", "## [Unreleased]\n\n- a fix\n", 1))
			},
			commit: true,
			wantErr: `CHANGELOG.md [Unreleased] lists changes that 0.1.0 would not carry: its section "## [0.1.0] - 2026-11-29" exists already. ` +
				`To release them, set facade.Version to the next version and follow CONTRIBUTING.md, "Releasing" ` +
				`(make release-spec, then rename "## [Unreleased]" to "## [NEXT] - YYYY-MM-DD" under a new empty "## [Unreleased]"); ` +
				`if they belong in 0.1.0 itself, move them into its section`,
		},
		{
			name: "an acknowledgment no release carries",
			change: func(t *testing.T, root string) {
				write(t, filepath.Join(root, "api", "breaking-changes.yaml"), "acknowledged:\n  - {id: a1, change: gone, reason: withdrawn}\n")
				write(t, filepath.Join(root, "CHANGELOG.md"), strings.Replace(changelog, "## [Unreleased]\n", "## [Unreleased]\n\n- gone\n", 1))
			},
			commit:  true,
			wantErr: "breaking-changes.yaml has 1 acknowledgment(s) no release carries: run make release-spec",
		},
		{
			name: "the spec changed since its release",
			change: func(t *testing.T, root string) {
				overlay := filepath.Join(root, "api", "overlay.yaml")
				data, err := os.ReadFile(overlay)
				require.NoError(t, err)
				write(t, overlay, string(data)+"  - target: $.paths['/user/api/me'].get\n    update: {deprecated: true}\n")
			},
			commit:  true,
			wantErr: "the effective spec has 1 change(s) since",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := releasable(t)
			tt.change(t, root)
			if tt.commit {
				commitAll(t, root)
			}
			code, stdout, stderr := release1(root)
			assert.Equal(t, 1, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.wantErr)
			assert.Empty(t, gitIn(t, root, "tag", "-l"), "a refused release tags nothing")
		})
	}

	// Without -version the version is facade.Version as its source says.
	t.Run("the version read from facade/version.go", func(t *testing.T) {
		root := releasable(t)
		require.NoError(t, os.MkdirAll(filepath.Join(root, "facade"), 0o755))
		write(t, filepath.Join(root, "facade", "version.go"), "package facade\n\nconst Version = \"0.3.0\"\n")
		commitAll(t, root)
		var stdout, stderr strings.Builder
		assert.Equal(t, 1, run([]string{"-root", root}, &stdout, &stderr))
		assert.Contains(t, stderr.String(), "facade.Version is 0.3.0 but the last release in")

		var noVersion strings.Builder
		assert.Equal(t, 1, run([]string{"-root", t.TempDir()}, &stdout, &noVersion))
		assert.Contains(t, noVersion.String(), "facade/version.go")
	})

	t.Run("a version the records do not carry", func(t *testing.T) {
		root := releasable(t)
		var stdout, stderr strings.Builder
		assert.Equal(t, 1, run([]string{"-root", root, "-version", "0.2.0"}, &stdout, &stderr))
		assert.Contains(t, stderr.String(), "facade.Version is 0.2.0 but the last release in")
	})
}

// The next version with its entries still under Unreleased and no section
// yet: the section is to be named, as CONTRIBUTING.md says.
func TestUnreleasedLeftForAVersionWithoutASection(t *testing.T) {
	sections, err := release.ParseChangelog(strings.Replace(changelog, "## [Unreleased]\n", "## [Unreleased]\n\n- a fix\n", 1))
	require.NoError(t, err)
	assert.EqualError(t, unreleasedLeft("CHANGELOG.md", sections, "0.2.0"),
		`CHANGELOG.md [Unreleased] is not empty and 0.2.0 has no section yet: `+
			`rename "## [Unreleased]" to "## [0.2.0] - YYYY-MM-DD" (the release date), put a new empty "## [Unreleased]" above it `+
			`and add the link for 0.2.0 at the end (CONTRIBUTING.md, "Releasing")`)
}
