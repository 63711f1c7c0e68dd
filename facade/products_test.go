package facade_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/proxyshard/proxyshard-go/facade"
)

// The product names are exact upstream strings, spelling included.
func TestProductNamesAreTheAPIsExactStrings(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []facade.ProductName{
		"Datacenter Proxy", "ISP Proxy", "Standart Residential Proxy", "Premium Residential Proxy", "Unmetered Residential proxy",
	}, []facade.ProductName{
		facade.ProductDatacenter, facade.ProductISP, facade.ProductResidentialStandard, facade.ProductResidentialPremium, facade.ProductResidentialUnmetered,
	})
	for _, p := range []facade.ProductName{facade.ProductDatacenter, facade.ProductResidentialUnmetered} {
		assert.True(t, p.Known(), p)
	}
	assert.False(t, facade.ProductName("Mobile Proxy").Known())
}
