package specdiff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

func TestLoadEffective(t *testing.T) {
	tests := []struct {
		name          string
		dcISP         string
		wantOps       int
		wantUnmatched []string
	}{
		{
			name:    "current pages: every overlay action selects something",
			dcISP:   currentDCISP,
			wantOps: spectest.EffectiveOperations(t),
		},
		{
			name:          "older page: the actions naming the add-on operations select nothing and are listed",
			dcISP:         olderDCISP,
			wantOps:       spectest.EffectiveOperations(t) - len(spectest.AddonOperations),
			wantUnmatched: spectest.AddonOnlyActions(t),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := LoadEffective(mergedSpec(t, tt.dcISP), overlayPath)
			require.NoError(t, err)
			assert.Equal(t, tt.wantUnmatched, e.UnmatchedActions)
			ops := operations(e)
			assert.Len(t, ops, tt.wantOps)
			assert.Equal(t, "setSignatures", ops[signatureSet], "the actions that still match are applied")
			for op, id := range ops {
				assert.NotEmpty(t, id, "%s has no operationId", op)
			}
		})
	}
}

// The effective spec is what the generator's loader makes of the files; for
// the committed files that is also what gen/ embeds (api/effective_test.go).
func TestLoadEffectiveIsTheGeneratorsLoader(t *testing.T) {
	e, err := LoadEffective(committedSpec, overlayPath)
	require.NoError(t, err)
	want, err := util.LoadSwaggerWithOverlay(committedSpec, util.LoadSwaggerWithOverlayOpts{Path: overlayPath, Strict: true})
	require.NoError(t, err)
	got, err := e.Spec.MarshalJSON()
	require.NoError(t, err)
	wantJSON, err := want.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(got))
	assert.Empty(t, e.UnmatchedActions)
}

func TestLoadEffectiveErrors(t *testing.T) {
	dir := t.TempDir()
	badOverlay := filepath.Join(dir, "overlay.yaml")
	require.NoError(t, os.WriteFile(badOverlay, []byte("overlay: 1.0.0\nactions: [{}]\n"), 0o644))
	tests := []struct {
		name, spec, overlay string
		want                string
	}{
		{name: "missing spec", spec: filepath.Join(dir, "none.json"), overlay: overlayPath, want: "none.json"},
		{name: "invalid overlay", spec: committedSpec, overlay: badOverlay, want: "overlay.yaml"},
		{name: "missing overlay", spec: committedSpec, overlay: filepath.Join(dir, "none.yaml"), want: "none.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadEffective(tt.spec, tt.overlay)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestEncodeSpecRoundTrips(t *testing.T) {
	e := effective(t, currentDCISP)
	first, err := EncodeSpec(e.Spec)
	require.NoError(t, err)
	again, err := openapi3.NewLoader().LoadFromData(first)
	require.NoError(t, err)
	second, err := EncodeSpec(again)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second), "encoding is deterministic and loses nothing")
	assert.Contains(t, string(first), "\n  \"components\": {", "two-space indent, sorted keys")
	assert.NotContains(t, string(first), `\u0026`, "HTML characters are not escaped")
	assert.Contains(t, string(first), "Datacenter & ISP")
	assert.Equal(t, byte('\n'), first[len(first)-1])
}
