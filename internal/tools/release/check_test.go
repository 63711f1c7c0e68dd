package release

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

// facade.Version, CHANGELOG.md and the released spec of this module agree.
func TestModuleRecordsAgree(t *testing.T) {
	version, err := ModuleVersion(spectest.Root)
	require.NoError(t, err)
	assert.NoError(t, Check(ModuleFiles(spectest.Root), version))
}

const (
	removal  = "POST /user/api/orders/{order_id}/addons/purchase: api path removed without deprecation [api-path-removed-without-deprecation]"
	removal2 = "GET /user/api/orders/{order_id}/addons/calculate: api path removed without deprecation [api-path-removed-without-deprecation]"
)

// records writes a module's release records: two releases, 0.2.0 carrying
// one acknowledged removal, and one acknowledgment pending.
type records struct {
	changelog, released, history, acks string
}

func agreeing() records {
	spec := `{"openapi":"3.0.3"}` + "\n"
	return records{
		changelog: "# Changelog\n\n## [Unreleased]\n\n### API changes\n\n- " + removal2 + "\n\n" +
			"## [0.2.0] - 2026-12-01\n\n### API changes\n\n- `" + removal + "`\n\n" +
			"## [0.1.0] - 2026-11-29\n\n### Added\n\n- the client\n\n" +
			"[Unreleased]: https://example.com/compare/v0.2.0...HEAD\n[0.2.0]: https://example.com/v0.2.0\n",
		released: spec,
		history: "releases:\n  - {version: 0.1.0, spec: 0000, acknowledged: []}\n" +
			"  - version: 0.2.0\n    spec: " + Digest([]byte(spec)) + "\n    acknowledged:\n      - {id: a1, change: '" + removal + "', reason: withdrawn}\n",
		acks: "acknowledged:\n  - {id: b2, change: '" + removal2 + "', reason: withdrawn}\n",
	}
}

func (r records) write(t *testing.T) Files {
	t.Helper()
	dir := t.TempDir()
	f := ModuleFiles(dir)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "api"), 0o755))
	for path, content := range map[string]string{f.Changelog: r.changelog, f.Released: r.released, f.History: r.history, f.Acks: r.acks} {
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return f
}

func TestCheckNamesEachDisagreement(t *testing.T) {
	tests := []struct {
		name    string
		version string
		change  func(r *records)
		wantErr []string
	}{
		{name: "they agree", version: "0.2.0", change: func(*records) {}},
		{
			name: "Version ahead of the recorded releases", version: "0.3.0", change: func(*records) {},
			wantErr: []string{"facade.Version is 0.3.0 but the last release in", "is 0.2.0: after changing facade.Version run make release-spec"},
		},
		{
			name: "released spec edited after the release", version: "0.2.0",
			change:  func(r *records) { r.released = `{"openapi":"3.0.3","x":1}` },
			wantErr: []string{"released.json is not the spec release 0.2.0 recorded: only make release-spec writes it"},
		},
		{
			name: "a release without a changelog section", version: "0.2.0",
			change: func(r *records) {
				r.changelog = strings.Replace(r.changelog, "## [0.1.0] - 2026-11-29", "### Earlier", 1)
			},
			wantErr: []string{"has sections for [0.2.0] but", "records the releases [0.2.0 0.1.0] (newest first): give each release one section, newest first"},
		},
		{
			name: "an acknowledged change the release's section does not list", version: "0.2.0",
			change:  func(r *records) { r.changelog = strings.Replace(r.changelog, "`"+removal+"`", "add-ons removed", 1) },
			wantErr: []string{"CHANGELOG.md [0.2.0] does not list the breaking API change acknowledged for it: add the line \"- " + removal + "\""},
		},
		{
			name: "a pending acknowledgment not under Unreleased", version: "0.2.0",
			change:  func(r *records) { r.changelog = strings.Replace(r.changelog, "- "+removal2+"\n", "", 1) },
			wantErr: []string{"CHANGELOG.md [Unreleased] does not list the breaking API change acknowledged for it: add the line \"- " + removal2 + "\""},
		},
		{
			name: "no Unreleased section", version: "0.2.0",
			change:  func(r *records) { r.changelog = strings.Replace(r.changelog, "## [Unreleased]", "## Next", 1) },
			wantErr: []string{`the first section must be "## [Unreleased]"`},
		},
		{
			name: "a heading without its date", version: "0.2.0",
			change: func(r *records) {
				r.changelog = strings.Replace(r.changelog, "## [0.1.0] - 2026-11-29", "## [0.1.0]", 1)
			},
			wantErr: []string{`heading "## [0.1.0]": write "## [MAJOR.MINOR.PATCH] - YYYY-MM-DD"`},
		},
		{
			name: "no release recorded", version: "0.1.0",
			change:  func(r *records) { r.history = "releases: []\n" },
			wantErr: []string{"records no release: set facade.Version and run make release-spec"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := agreeing()
			tt.change(&r)
			err := Check(r.write(t), tt.version)
			if tt.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestHistoryRoundTrip(t *testing.T) {
	releases := []Release{
		{Version: "0.1.0", Spec: Digest([]byte("a"))},
		{Version: "0.2.0", Spec: Digest([]byte("b")), Acknowledged: []specdiff.Acknowledgment{{ID: "a1", Change: removal, Reason: "withdrawn"}}},
	}
	data, err := EncodeHistory(releases)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), historyHeader))
	path := filepath.Join(t.TempDir(), "releases.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	got, err := ReadHistory(path)
	require.NoError(t, err)
	releases[0].Acknowledged = []specdiff.Acknowledgment{}
	assert.Equal(t, releases, got)

	require.NoError(t, os.WriteFile(path, []byte("releases:\n  - {version: 0.1.0, sepc: x}\n"), 0o644))
	_, err = ReadHistory(path)
	assert.ErrorContains(t, err, "field sepc not found", "a misspelt field is an error, not an empty digest")
}

func TestSectionEmpty(t *testing.T) {
	sections, err := ParseChangelog("## [Unreleased]\n\n### Added\n\n## [0.1.0] - 2026-11-29\n\n- the client\n\n[0.1.0]: https://example.com\n")
	require.NoError(t, err)
	require.Len(t, sections, 2)
	assert.True(t, sections[0].Empty())
	assert.False(t, sections[1].Empty())
	assert.Equal(t, "2026-11-29", sections[1].Date)
	assert.NotContains(t, sections[1].Body, "https://example.com", "link definitions belong to no section")
}

// ModuleVersion reads the literal of const Version wherever it sits in
// facade/version.go, and refuses anything it cannot read as one.
func TestModuleVersion(t *testing.T) {
	v, err := ModuleVersion(spectest.Root)
	require.NoError(t, err)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, v, "the module's own facade/version.go")

	for _, tt := range []struct {
		name, source, want string
	}{
		{"alone", "const Version = \"1.2.3\"", "1.2.3"},
		{"in a group", "const (\n\tName = \"x\"\n\tVersion = \"2.0.0\"\n)", "2.0.0"},
		{"beside another name", "const Major, Version = 1, \"3.1.4\"", "3.1.4"},
		{"not a literal", "const base = \"1\"\nconst Version = base + \".0.0\"", ""},
		{"a variable", "var Version = \"1.2.3\"", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.MkdirAll(filepath.Join(root, "facade"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, "facade", "version.go"), []byte("package facade\n\n"+tt.source+"\n"), 0o644))
			v, err := ModuleVersion(root)
			if tt.want == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, v)
		})
	}

	_, err = ModuleVersion(t.TempDir())
	assert.Error(t, err, "no facade/version.go")
}
