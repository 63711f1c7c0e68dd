package api

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

// pagesOnlyValidator validates against the published pages with our
// overlay, but without the spec layer (api/supplement): API 1.0.0 as the
// pages describe it.
func pagesOnlyValidator(t *testing.T) *Validator {
	t.Helper()
	m, err := specmerge.ReadManifest(filepath.Join("upstream", "manifest.json"))
	require.NoError(t, err)
	inputs, err := m.Inputs()
	require.NoError(t, err)
	merged, err := specmerge.Merge(inputs...)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "openapi.json")
	require.NoError(t, os.WriteFile(path, merged, 0o644))
	// Lenient: the overlay also names what only the layer defines.
	spec, err := util.LoadSwaggerWithOverlay(path, util.LoadSwaggerWithOverlayOpts{Path: "overlay.yaml", Strict: false})
	require.NoError(t, err)
	v, err := newValidator(spec)
	require.NoError(t, err)
	return v
}

// Each case is API 1.1.0 traffic the published pages get wrong; the
// effective spec, with the spec layer, gets it right. Drop an item from
// api/supplement/api-1.1.0.yaml and its case fails.
func TestSpecLayerDescribesAPI110(t *testing.T) {
	pages := pagesOnlyValidator(t)
	effective, err := NewValidator()
	require.NoError(t, err)
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	tests := []struct {
		name                 string
		method, target, body string
		status               int // 0 checks the request, else the response
		respBody             string
		valid                bool
	}{
		{name: "add-on quantity below 1 in a purchase",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","addons":[{"addon_key":"p0f_slots","qty":0}]}`},
		{name: "add-on without a key in a Premium purchase",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"Premium Residential Proxy","addons":[{"qty":1}]}`},
		{name: "add-on price that is not a number in a quote",
			method: "GET", target: "/user/api/orders/calculate?product=Datacenter+Proxy", status: 200,
			respBody: `{"original_price":100,"final_price":100,"discount_percent":0,"addons_price":"30","total_with_addons":130}`},
		{name: "calculate with an addons_json that is not a string value",
			method: "GET", target: "/user/api/orders/calculate?product=Datacenter+Proxy&addons_json=%5B%5D&addons_json=%5B%5D"},
		{name: "renew answered without a message",
			method: "POST", target: "/user/api/orders/7/renew", status: 200, respBody: `{"success":true}`},
		{name: "tag answered without a message",
			method: "POST", target: "/user/api/orders/7/tag", body: `{"tag":"x"}`, status: 200, respBody: `{"success":true}`},
		{name: "renew with {}",
			method: "POST", target: "/user/api/orders/7/renew", body: `{}`, valid: true},
		{name: "auto-renewal with {}",
			method: "POST", target: "/user/api/orders/edit-auto-renewal/7?auto_renewal=true", body: `{}`, valid: true},
		{name: "a signature that is not a string",
			method: "GET", target: "/user/api/proxies/active?order_id=7", status: 200,
			respBody: `{"success":true,"data":[{"ip":"10.0.0.1","username":"u","password":"p","http_port":1,"socks_port":2,"until":"2026-01-01","status":"active","signature":7}]}`},
	}
	verdict := func(v *Validator, tt int) error {
		c := tests[tt]
		r, err := http.NewRequest(c.method, "http://127.0.0.1:8080"+c.target, strings.NewReader(c.body))
		require.NoError(t, err)
		if c.body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		op, err := v.ValidateRequest(r, []byte(c.body))
		if c.status == 0 {
			return err
		}
		require.NoError(t, err)
		return v.ValidateResponse(op, r, c.status, jsonHeader, []byte(c.respBody))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pagesErr, effErr := verdict(pages, i), verdict(effective, i)
			if tt.valid {
				assert.Error(t, pagesErr, "the pages reject 1.1.0 traffic")
				assert.NoError(t, effErr)
			} else {
				assert.NoError(t, pagesErr, "the pages accept what 1.1.0 does not")
				assert.Error(t, effErr)
			}
		})
	}
}

func TestEffectiveSpecIsAPI110(t *testing.T) {
	spec, err := Spec()
	require.NoError(t, err)
	assert.Equal(t, "1.1.0", spec.Info.Version)
}
